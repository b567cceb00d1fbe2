// The admin's sharing overview over HTTP (rpc/admin_share_links), as the
// console calls it: an admin sees another person's live link and their
// people shares (who, with whom, how); a bad page size is a 400, a plain user
// a 403 and anon a 401, each in PostgREST's shape. The rules are SQL's
// (02_admin_share_overview, 95_share_links).
import { describe, expect, it, beforeAll } from 'vitest';
import { grantRole, rpc, signup, type Session } from './accounts-support';
import { adminSql, clientWithToken } from './support';

describe('the admin\'s sharing overview', () => {
  let ada: Session;
  let bob: Session;
  let boss: Session;
  let team: string;

  beforeAll(async () => {
    [ada, bob, boss] = await Promise.all([signup('overview-ada'), signup('overview-bob'), signup('overview-boss')]);
    await grantRole(boss.id, 'admin');
    const sql = adminSql();
    try {
      // Shares go only to confirmed addresses.
      await sql`update app.users set email_confirmed_at = now() where id = ${bob.id}`;
    } finally {
      await sql.end();
    }
    const owner = clientWithToken(ada.token);
    team = (await owner.rpc('create_folder', { name: 'Team' })).data.id;
    const link = await owner.rpc('create_share_link', { folder_id: team, type: 'view', label: 'for the team' });
    expect(link.error).toBeNull();
    const share = await owner.rpc('share_with', { email: bob.email, folder_id: team, role: 'editor' });
    expect(share.error).toBeNull();
  });

  it('shows an admin every live link and every people share, with who shared what with whom', async () => {
    const { data, error } = await clientWithToken(boss.token).rpc('admin_share_links', { per_page: 200 });
    expect(error).toBeNull();
    const links = (data.links as { owner_email: string; item_name: string; type: string }[]).filter((l) => l.owner_email === ada.email);
    expect(links).toMatchObject([{ item_name: 'Team', type: 'view' }]);
    const shares = (data.shares as Record<string, unknown>[]).filter((s) => s.owner_email === ada.email);
    expect(shares).toMatchObject([{ recipient_email: bob.email, item_type: 'folder', item_name: 'Team', role: 'editor', expires_at: null }]);
    expect(data.shares_total).toBeGreaterThanOrEqual(1);
    expect(data.total).toBeGreaterThanOrEqual(1);
  });

  it('a bad page is a 400; a plain user is a 403 and anon a 401, in PostgREST\'s shape', async () => {
    const bad = await rpc('admin_share_links', { per_page: 201 }, boss.token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'PT400' });
    for (const who of [ada, bob]) {
      const refused = await rpc('admin_share_links', {}, who.token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: '42501' });
      expect(Object.keys(refused.body).sort()).toEqual(['code', 'details', 'hint', 'message']);
    }
    const anon = await rpc('admin_share_links', {});
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ code: '42501' });
  });
});
