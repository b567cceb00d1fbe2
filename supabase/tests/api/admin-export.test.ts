// The `admin` function over HTTP: the activity log as CSV (filters as query
// parameters, logs.read decided in SQL, 403 JSON before any CSV byte) and the
// system page with the edge's drivers.
import { describe, expect, it } from 'vitest';
import { grantRole, signup } from './accounts-support';
import { adminSql, stack } from './support';

const get = (path: string, token?: string) =>
  fetch(`${stack.apiUrl}/functions/v1/admin/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('admin function', () => {
  it('exports the filtered log as CSV to logs.read holders only', async () => {
    const boss = await signup('exp-boss');
    await grantRole(boss.id, 'admin');
    const ed = await signup('exp-ed');
    const sql = adminSql();
    try {
      await sql`insert into app.activity_log (actor_id, action, target_type, target_id, meta, client_ip, user_agent)
                values (${ed.id}, 'file.upload', 'file', 'exp-1', ${sql.json({ name: '=cmd|calc, "x"' })}, '192.0.2.9', 'curl/8')`;
    } finally {
      await sql.end();
    }

    const res = await get(`logs.csv?actor_id=${ed.id}&action=file.*`, boss.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="activity-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('id,created_at,actor_id,actor_email,action,target_type,target_id,client_ip,user_agent,meta');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^\\d+,\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z,${ed.id},${ed.email},file\\.upload,file,exp-1,192\\.0\\.2\\.9,curl/8,`));
    expect(lines[1].endsWith('"{""name"": ""=cmd|calc, \\""x\\""""}"')).toBe(true);
    expect(lines[2]).toBe('');

    const all = await (await get('logs.csv', boss.token)).text();
    expect(all).toContain(`auth.signup,user,${boss.id}`);

    for (const token of [ed.token]) {
      const refused = await get('logs.csv', token);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await refused.json()).toMatchObject({ code: '42501', message: 'You need the logs.read permission to do this' });
    }
    const anon = await get('logs.csv');
    expect(anon.status).toBe(401);
    const bad = await get('logs.csv?ip=not-an-address', boss.token);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ message: 'ip is an address (203.0.113.7) or a network (203.0.113.0/24)' });
    const badTime = await get('logs.csv?since=someday', boss.token);
    expect(badTime.status).toBe(400);
    const badActor = await get('logs.csv?actor_id=nobody', boss.token);
    expect(badActor.status).toBe(400);
  });

  it('serves the system page to system.read holders, with the edge drivers and no secrets', async () => {
    const boss = await signup('sys-boss');
    await grantRole(boss.id, 'admin');
    const ed = await signup('sys-ed');
    const res = await get('system', boss.token);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.drivers).toEqual({ storage: expect.any(String), email: expect.any(String), mpesa: expect.any(String) });
    expect(page.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(page.migrations.map((m: { version: string }) => m.version)).toContain('20261203200500');
    const secrets = page.settings.filter((s: { secret: boolean }) => s.secret);
    expect(secrets.every((s: { value: string }) => s.value === '••••')).toBe(true);
    expect((await get('system', ed.token)).status).toBe(403);
    expect((await get('system')).status).toBe(401);
    expect((await get('nothing', boss.token)).status).toBe(404);
  });
});
