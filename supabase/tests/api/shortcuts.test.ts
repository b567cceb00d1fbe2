// Shortcuts over HTTP with supabase-js: a recipient adds what is shared with
// them to their drive (rpc/add_shortcut), reads it in a folder's shortcuts
// (view shortcuts, by parent_id), and it is gone at the next request once the
// share is revoked or expires; bad input is PostgREST-shaped 4xx, an item not
// shared with the caller answers exactly what an unknown id does, and neither
// another user, anon nor an access token reaches them. The rules are SQL's
// (57_shortcuts); these prove the gateway carries them.
import { describe, expect, it, beforeAll } from 'vitest';
import { adminSql, anonClient, clientWithToken } from './support';
import { createUser, uploadFile, type TestUser, confirmEmails } from './files-support';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('shortcuts to what is shared with me', () => {
  let ada: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let team: string;
  let privateFolder: string;
  let memo: { id: string };
  let inbox: string;
  let memoShare: string;
  let teamShare: string;

  beforeAll(async () => {
    [ada, bob, eve] = await Promise.all(['ada', 'bob', 'eve'].map((p) => createUser(`shortcut-${p}`)));
    await confirmEmails(bob, eve);
    const owner = clientWithToken(ada.token);
    team = (await owner.rpc('create_folder', { name: 'Team' })).data.id;
    privateFolder = (await owner.rpc('create_folder', { name: 'Private' })).data.id;
    memo = await uploadFile(ada, 'memo.txt', bytes('the memo'));
    teamShare = (await owner.rpc('share_with', { email: bob.email, folder_id: team, role: 'viewer' })).data.share.id;
    memoShare = (await owner.rpc('share_with', { email: bob.email, file_id: memo.id, role: 'editor' })).data.share.id;
    inbox = (await clientWithToken(bob.token).rpc('create_folder', { name: 'Inbox' })).data.id;
  });

  it('the recipient adds a shared folder to the root and a shared file to a folder of theirs', async () => {
    const me = clientWithToken(bob.token);
    const folder = await me.rpc('add_shortcut', { folder_id: team });
    expect(folder.error).toBeNull();
    expect(folder.data).toMatchObject({ kind: 'folder', folder_id: team, name: 'Team', parent_id: null, role: 'viewer', owner_name: 'shortcut-ada' });
    const file = await me.rpc('add_shortcut', { file_id: memo.id, parent_id: inbox });
    expect(file.data).toMatchObject({ kind: 'file', file_id: memo.id, name: 'memo.txt', parent_id: inbox, role: 'editor', size: 8 });
    const atRoot = await me.from('shortcuts').select('name').is('parent_id', null);
    expect(atRoot.data).toEqual([{ name: 'Team' }]);
    const inInbox = await me.from('shortcuts').select('name').eq('parent_id', inbox);
    expect(inInbox.data).toEqual([{ name: 'memo.txt' }]);
  });

  it('bad input is a 4xx in PostgREST\'s shape, and what is not shared with me answers as an unknown id', async () => {
    const me = clientWithToken(bob.token);
    const none = await me.rpc('add_shortcut', {});
    expect(none.status).toBe(400);
    expect(none.error).toMatchObject({ code: 'PT400', message: 'Give file_id or folder_id, one of them.' });
    const garbled = await me.rpc('add_shortcut', { folder_id: 'not-a-uuid' });
    expect(garbled.status).toBe(400);
    expect(garbled.error).toMatchObject({ code: '22P02' });
    const again = await me.rpc('add_shortcut', { folder_id: team, parent_id: inbox });
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe('It is in your drive already: remove that shortcut first to place it elsewhere.');
    const unknown = await me.rpc('add_shortcut', { folder_id: crypto.randomUUID() });
    const notShared = await me.rpc('add_shortcut', { folder_id: privateFolder });
    expect(unknown.status).toBe(404);
    expect(notShared.status).toBe(404);
    expect(notShared.error).toEqual(unknown.error);
    expect(notShared.error).toMatchObject({ code: 'PT404', message: 'Folder not found.' });
    const intoTheirs = await me.rpc('add_shortcut', { file_id: memo.id, parent_id: team });
    // A shortcut sits in a folder of mine only, never in the owner's.
    expect(intoTheirs.status).toBe(404);
    expect(intoTheirs.error).toMatchObject({ code: 'PT404', message: 'Folder not found.' });
    const unknownShortcut = await me.rpc('remove_shortcut', { shortcut_id: crypto.randomUUID() });
    expect(unknownShortcut.status).toBe(404);
    expect(unknownShortcut.error).toMatchObject({ code: 'PT404', message: 'Shortcut not found.' });
  });

  it('another user, anon and an access token reach none of them', async () => {
    const mine = (await clientWithToken(bob.token).from('shortcuts').select('id')).data as { id: string }[];
    expect(mine).toHaveLength(2);
    const other = clientWithToken(eve.token);
    expect((await other.from('shortcuts').select('id')).data).toEqual([]);
    const removed = await other.rpc('remove_shortcut', { shortcut_id: mine[0].id });
    expect(removed.status).toBe(404);
    expect((await other.rpc('add_shortcut', { folder_id: team })).status).toBe(404);
    expect((await clientWithToken(ada.token).from('shortcuts').select('id')).data).toEqual([]);
    expect((await anonClient().from('shortcuts').select('id')).status).toBe(401);
    expect((await anonClient().rpc('add_shortcut', { folder_id: team })).status).toBe(401);

    const made = await clientWithToken(bob.token).rpc('create_access_token', { name: 'script', scopes: ['files:read', 'files:write'] });
    const exchanged = await anonClient().rpc('token_from_access_token', { access_token: made.data.token });
    const script = clientWithToken(exchanged.data[0].token);
    const read = await script.from('shortcuts').select('id');
    expect(read.status).toBe(403);
    expect(read.error).toMatchObject({ code: '42501' });
    expect((await script.rpc('add_shortcut', { folder_id: team })).status).toBe(403);
  });

  it('a shortcut is gone at the next request once its share is revoked or expires', async () => {
    const me = clientWithToken(bob.token);
    const revoked = await clientWithToken(ada.token).rpc('revoke_share', { share_id: memoShare });
    expect(revoked.error).toBeNull();
    expect((await me.from('shortcuts').select('name')).data).toEqual([{ name: 'Team' }]);
    const sql = adminSql();
    try {
      await sql`update app.shares set expires_at = now() - interval '1 second' where id = ${teamShare}`;
      expect((await me.from('shortcuts').select('name')).data).toEqual([]);
      await sql`update app.shares set expires_at = now() + interval '1 day' where id = ${teamShare}`;
    } finally {
      await sql.end();
    }
    expect((await me.from('shortcuts').select('name, parent_id')).data).toEqual([{ name: 'Team', parent_id: null }]);
  });

  it('the recipient removes a shortcut; the share stays', async () => {
    const me = clientWithToken(bob.token);
    const [{ id }] = (await me.from('shortcuts').select('id').eq('folder_id', team)).data as { id: string }[];
    const removed = await me.rpc('remove_shortcut', { shortcut_id: id });
    expect(removed.error).toBeNull();
    expect((await me.from('shortcuts').select('id')).data).toEqual([]);
    expect((await me.from('shared_with_me').select('name').eq('folder_id', team)).data).toEqual([{ name: 'Team' }]);
  });
});
