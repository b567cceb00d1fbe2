// Search inside a folder shared with me, over HTTP with supabase-js:
// rpc/search_files with folder_id = the shared folder finds what the share
// reaches (name, description and text words, typos), shows none of the
// owner's tags and matches nothing by them, and ends with the share; another
// user, anon, a folder-limited access token and bad input get nothing of the
// owner's, bad input as PostgREST-shaped 4xx. The rules are SQL's
// (29_search_inside_shares); these prove the gateway carries them.
import { describe, expect, it, beforeAll } from 'vitest';
import { anonClient, clientWithToken } from './support';
import { createUser, uploadFile, type TestUser, confirmEmails } from './files-support';

const bytes = (s: string) => new TextEncoder().encode(s);
type Item = { name: string; tags: unknown[]; folder_path: { id: string; name: string }[] };

async function search(token: string, args: Record<string, unknown>) {
  const { data, error, status } = await clientWithToken(token).rpc('search_files', args);
  return { items: (data?.items ?? []) as Item[], error, status };
}
const names = (r: { items: Item[] }) => r.items.map((i) => i.name).sort();

describe('search inside what is shared with me', () => {
  let ada: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let team: string;
  let reports: string;
  let share: string;

  beforeAll(async () => {
    [ada, bob, eve] = await Promise.all(['ada', 'bob', 'eve'].map((p) => createUser(`search-shared-${p}`)));
    await confirmEmails(bob, eve);
    const owner = clientWithToken(ada.token);
    team = (await owner.rpc('create_folder', { name: 'Team' })).data.id;
    reports = (await owner.rpc('create_folder', { name: 'Reports', parent_id: team })).data.id;
    const priv = (await owner.rpc('create_folder', { name: 'Private' })).data.id;
    const plan = await uploadFile(ada, 'plan-budget.txt', bytes('the quarterly outlook'), { folder_id: reports, mime: 'text/plain' });
    await uploadFile(ada, 'budget-private.txt', bytes('mine alone'), { folder_id: priv, mime: 'text/plain' });
    await owner.rpc('add_tags', { file_id: plan.id, tags: ['secretive'] });
    await owner.rpc('update_file', { file_id: plan.id, description: 'the forecast' });
    share = (await owner.rpc('share_with', { email: bob.email, folder_id: team, role: 'viewer' })).data.share.id;
  });

  it('finds by name, description, text and a typo what the share reaches, from the shared folder down', async () => {
    const byName = await search(bob.token, { q: 'budget', folder_id: team });
    expect(byName.error).toBeNull();
    expect(names(byName)).toEqual(['plan-budget.txt']);
    expect(byName.items[0].folder_path.map((f) => f.name)).toEqual(['Team', 'Reports']);
    expect(names(await search(bob.token, { q: 'forecast', folder_id: team }))).toEqual(['plan-budget.txt']);
    expect(names(await search(bob.token, { q: 'quarterly', folder_id: reports }))).toEqual(['plan-budget.txt']);
    expect(names(await search(bob.token, { q: 'budgte', folder_id: team }))).toEqual(['plan-budget.txt']);
  });

  it('shows none of the owner\'s tags and finds nothing by them', async () => {
    expect((await search(bob.token, { q: 'budget', folder_id: team })).items[0].tags).toEqual([]);
    expect(names(await search(bob.token, { q: 'secretive', folder_id: team }))).toEqual([]);
    expect(names(await search(bob.token, { tags: ['secretive'], folder_id: team }))).toEqual([]);
    // The owner's own search still has them.
    const own = await search(ada.token, { q: 'secretive' });
    expect(names(own)).toEqual(['plan-budget.txt']);
    expect(own.items[0].tags).toMatchObject([{ name: 'secretive' }]);
  });

  it('without folder_id the search is the recipient\'s own drive', async () => {
    expect(names(await search(bob.token, { q: 'budget' }))).toEqual([]);
  });

  it('another user, anon and a folder-limited token find nothing of it; bad input is a 4xx', async () => {
    expect(names(await search(eve.token, { q: 'budget', folder_id: team }))).toEqual([]);
    const anon = await anonClient().rpc('search_files', { q: 'budget', folder_id: team });
    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ code: '42501' });
    const mine = (await clientWithToken(bob.token).rpc('create_folder', { name: 'Scans' })).data.id;
    const made = await clientWithToken(bob.token).rpc('create_access_token', { name: 'scans', scopes: ['files:read'], folder_id: mine });
    const jwt = (await anonClient().rpc('token_from_access_token', { access_token: made.data.token })).data[0].token;
    const viaToken = await search(jwt, { q: 'budget', folder_id: team });
    expect(viaToken.status).toBe(404);
    expect(viaToken.error).toMatchObject({ code: 'PT404', message: 'Folder not found.' });
    const bad = await search(bob.token, { q: 'budget', folder_id: team, page_size: 0 });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ code: '22023', message: 'page_size is 1 to 200.' });
    const cursor = await search(bob.token, { q: 'budget', folder_id: team, after: 'not-a-cursor' });
    expect(cursor.status).toBe(400);
  });

  it('ends with the share, at the next request', async () => {
    const revoked = await clientWithToken(ada.token).rpc('revoke_share', { share_id: share });
    expect(revoked.error).toBeNull();
    expect(names(await search(bob.token, { q: 'budget', folder_id: team }))).toEqual([]);
  });
});
