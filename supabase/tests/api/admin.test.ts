// The admin console's reads over HTTP with supabase-js, as the web console
// calls them: the user list and page, the role matrix, the activity log with
// its filters and cursor; every refusal a 4xx in PostgREST's shape.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { grantRole, rpc, signup } from './accounts-support';
import { adminSql, clientWithToken, stack } from './support';

/** Makes a role holding only these permissions and grants it to the user. */
async function grantPermissions(userId: string, role: string, permissions: string[]): Promise<void> {
  const sql = adminSql();
  try {
    await sql`insert into app.roles (name, description) values (${role}, 'test role') on conflict do nothing`;
    await sql`insert into app.role_permissions (role_id, permission_id)
              select r.id, p.id from app.roles r, app.permissions p where r.name = ${role} and p.name = any(${permissions})
              on conflict do nothing`;
  } finally {
    await sql.end();
  }
  await grantRole(userId, role);
}

const READS: [string, Record<string, unknown>][] = [
  ['admin_users', {}],
  ['admin_user', { user_id: '00000000-0000-4000-8000-000000000000' }],
  ['admin_roles', {}],
  ['admin_logs', {}],
  ['admin_log_actions', {}],
  ['admin_end_sessions', { user_id: '00000000-0000-4000-8000-000000000000' }],
  ['admin_send_password_reset', { user_id: '00000000-0000-4000-8000-000000000000' }],
  ['admin_system', {}],
  ['admin_storage', {}],
  ['admin_payment_totals_by_plan', {}],
  ['admin_settle_transaction', { transaction_id: '00000000-0000-4000-8000-000000000000', outcome: 'paid', reason: 'x' }],
  ['admin_list_users', {}],
  ['admin_disable_user', { user_id: '00000000-0000-4000-8000-000000000000' }],
  ['admin_enable_user', { user_id: '00000000-0000-4000-8000-000000000000' }],
  ['admin_grant_role', { user_id: '00000000-0000-4000-8000-000000000000', role: 'viewer' }],
  ['admin_revoke_role', { user_id: '00000000-0000-4000-8000-000000000000', role: 'viewer' }],
  ['admin_create_role', { name: 'spy' }],
  ['admin_rename_role', { name: 'viewer', new_name: 'spy' }],
  ['admin_delete_role', { name: 'viewer' }],
  ['admin_create_permission', { name: 'spy.read' }],
  ['admin_rename_permission', { name: 'logs.read', new_name: 'spy.read' }],
  ['admin_delete_permission', { name: 'logs.read' }],
  ['admin_grant_permission', { role: 'editor', permission: 'logs.read' }],
  ['admin_revoke_permission', { role: 'admin', permission: 'logs.read' }],
  ['admin_share_links', {}],
];

/** The admin views: RLS shows a non-admin no row (the contract keeps them as they are). */
const VIEWS = ['admin_files', 'admin_transactions', 'admin_payment_totals'];

describe('admin console reads', () => {
  it('refuse an editor with 403 and anon with 401, in PostgREST\'s shape', async () => {
    const ed = await signup('adm-ed');
    for (const [fn, args] of READS) {
      const asEditor = await rpc(fn, args, ed.token);
      expect(asEditor.status, fn).toBe(403);
      expect(asEditor.body, fn).toMatchObject({ code: '42501' });
      expect(Object.keys(asEditor.body).sort(), fn).toEqual(['code', 'details', 'hint', 'message']);
      const asAnon = await rpc(fn, args);
      expect(asAnon.status, fn).toBe(401);
      expect(asAnon.body, fn).toMatchObject({ code: '42501' });
    }
  });

  it('show an editor no row of the admin views, and refuse anon', async () => {
    const ed = await signup('adm-views');
    const client = clientWithToken(ed.token);
    for (const view of VIEWS) {
      const rows = await client.from(view).select('*');
      expect(rows.error, view).toBeNull();
      expect(rows.data, view).toEqual([]);
      const anon = await fetch(`${stack.apiUrl}/rest/v1/${view}`, { headers: { apikey: stack.anonKey, 'accept-profile': 'api' } });
      expect(anon.status, view).toBe(401);
    }
  });

  it('give the log only to holders of logs.read', async () => {
    const help = await signup('adm-help');
    await grantPermissions(help.id, 'helpdesk_api', ['users.read', 'users.manage']);
    const asHelp = clientWithToken(help.token);
    expect((await asHelp.rpc('admin_users', { q: help.email })).data.items).toHaveLength(1);
    for (const fn of ['admin_logs', 'admin_log_actions']) {
      const refused = await asHelp.rpc(fn, {});
      expect(refused.status, fn).toBe(403);
      expect(refused.error, fn).toMatchObject({ code: '42501', message: 'You need the logs.read permission to do this' });
    }
  });

  it('list users by filter and cursor, and open one', async () => {
    const boss = await signup('adm-boss');
    await grantRole(boss.id, 'admin');
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await signup('adm-page'));
    const client = clientWithToken(boss.token);
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page = await client.rpc('admin_users', { q: 'adm-page', limit: 2, before });
      expect(page.error).toBeNull();
      seen.push(...page.data.items.map((u: { email: string }) => u.email));
      before = page.data.next;
    } while (before);
    expect(seen.slice(0, 5)).toEqual(people.map((p) => p.email).reverse());
    expect(new Set(seen).size).toBe(seen.length);

    const one = await client.rpc('admin_user', { user_id: people[0].id });
    expect(one.data.user).toMatchObject({ id: people[0].id, email: people[0].email, status: 'active' });
    expect(one.data.sessions).toHaveLength(1);
    expect(one.data.roles).toEqual(['editor']);
    const missing = await client.rpc('admin_user', { user_id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ message: 'No such user' });
    const bad = await client.rpc('admin_users', { status: 'sleeping' });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ message: 'status is one of active, disabled, unconfirmed' });
    const badCursor = await client.rpc('admin_users', { before: 'xyz' });
    expect(badCursor.status).toBe(400);

    const matrix = await client.rpc('admin_roles', {});
    expect(matrix.status).toBe(403);
  });

  it('filter the log and page it without gaps', async () => {
    const boss = await signup('adm-logs');
    await grantRole(boss.id, 'admin');
    const ada = await signup('adm-ada');
    const client = clientWithToken(boss.token);
    // Signing up logged auth.signup for ada, as ada.
    const signups = await client.rpc('admin_logs', { actor_id: ada.id, action: 'auth.*' });
    expect(signups.error).toBeNull();
    expect(signups.data.items.map((i: { action: string }) => i.action)).toContain('auth.signup');
    expect(signups.data.items.every((i: { actor_email: string }) => i.actor_email === ada.email)).toBe(true);
    const byIp = await client.rpc('admin_logs', { ip: '127.0.0.0/8', actor_id: ada.id, since: '2000-01-01T00:00:00Z' });
    expect(byIp.data.items.length).toBeGreaterThan(0);
    expect((await client.rpc('admin_grant_role', { user_id: ada.id, role: 'viewer' })).error).toBeNull();
    const byText = await client.rpc('admin_logs', { q: 'VIEWER', target_id: ada.id });
    expect(byText.data.items.map((i: { action: string; actor_id: string }) => [i.action, i.actor_id]))
      .toEqual([['admin.role_granted', boss.id]]);

    const first = await client.rpc('admin_logs', { limit: 3 });
    const second = await client.rpc('admin_logs', { limit: 3, before: first.data.next });
    const both = await client.rpc('admin_logs', { limit: 6 });
    expect([...first.data.items, ...second.data.items].map((i: { id: number }) => i.id))
      .toEqual(both.data.items.map((i: { id: number }) => i.id));
    expect((await client.rpc('admin_log_actions', {})).data).toContain('auth.signup');

    const bad = await client.rpc('admin_logs', { action: 'NOT AN ACTION' });
    expect(bad.status).toBe(400);
    const badTime = await client.rpc('admin_logs', { since: 'yesterday-ish' });
    expect(badTime.status).toBe(400);
  });

  it('disabling ends every session at once, and ending sessions refuses their tokens', async () => {
    const boss = await signup('adm-act');
    await grantRole(boss.id, 'admin');
    const client = clientWithToken(boss.token);
    const sam = await signup('adm-sam');
    const samAgain = await rpc('login', { email: sam.email, password: sam.password });
    const secondToken = samAgain.body[0].token as string;
    expect((await rpc('me', {}, sam.token)).status).toBe(200);

    const page = await client.rpc('admin_user', { user_id: sam.id });
    expect(page.data.sessions).toHaveLength(2);
    const one = page.data.sessions[0].id;
    expect((await client.rpc('admin_end_sessions', { user_id: sam.id, session_id: one })).data).toEqual({ ended: 1 });
    const statuses = [(await rpc('me', {}, sam.token)).status, (await rpc('me', {}, secondToken)).status].sort();
    expect(statuses).toEqual([200, 401]);

    expect((await client.rpc('admin_disable_user', { user_id: sam.id })).error).toBeNull();
    for (const token of [sam.token, secondToken]) {
      const refused = await rpc('me', {}, token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ message: 'Your session has ended. Sign in again.' });
    }
    expect((await client.rpc('admin_user', { user_id: sam.id })).data).toMatchObject({ sessions: [], user: { status: 'disabled' } });
    const noReset = await client.rpc('admin_send_password_reset', { user_id: sam.id });
    expect(noReset.status).toBe(409);
    const self = await client.rpc('admin_revoke_role', { user_id: boss.id, role: 'admin' });
    expect(self.status).toBe(400);
    expect(self.error).toMatchObject({ message: 'You cannot revoke your own roles: ask another administrator' });
  });

  it('show the orphans the housekeeping found and collected on the Storage page', async () => {
    const boss = await signup('adm-storage');
    await grantRole(boss.id, 'admin');
    // Bytes no row references, as a crash between writing and recording leaves them (the fs driver's layout).
    const key = randomUUID();
    const dir = path.join(stack.dataDir, 'storage', 'objects', key.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, key), 'left by a crash');

    const ran = await fetch(`${stack.apiUrl}/functions/v1/files/maintenance?grace_ms=0`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
    });
    expect(ran.status).toBe(200);
    const report = await ran.json();
    expect(report.orphansFound).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(dir, key))).toBe(false);

    const { data, error } = await clientWithToken(boss.token).rpc('admin_storage');
    expect(error).toBeNull();
    expect(data.orphans).toMatchObject({ found: report.orphansFound, collected: report.sweptObjects, collection_paused: false });
    expect(data.orphans.found_30_days).toBeGreaterThanOrEqual(report.orphansFound);
    expect(Date.now() - Date.parse(data.orphans.last_run_at)).toBeLessThan(60_000);
  });
});
