// People shares over HTTP: a recipient downloads a shared file through the
// owner's own download path (rpc-free: POST /files/download-url and its signed
// URL), finds breadcrumbs inside the shared folder that start at the share,
// and an editor's rename answers the row. The rules are SQL's (94 and 64);
// these prove the files function and the gateway carry them, and that
// revoking cuts a signed URL handed out before.
import { describe, expect, it, beforeAll } from 'vitest';
import { clientWithToken } from './support';
import { createUser, downloadUrl, uploadFile, type TestUser, confirmEmails } from './files-support';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('people shares: recipients use what is shared with them', () => {
  let ada: TestUser;
  let bob: TestUser;
  let cy: TestUser;
  let eve: TestUser;
  let parent: string;
  let team: string;
  let sub: string;
  let notes: { id: string };
  let bobShare: string;
  const content = bytes('minutes of the team meeting');

  beforeAll(async () => {
    [ada, bob, cy, eve] = await Promise.all(['ada', 'bob', 'cy', 'eve'].map((p) => createUser(`shared-${p}`)));
    await confirmEmails(bob, cy, eve);
    const owner = clientWithToken(ada.token);
    parent = (await owner.rpc('create_folder', { name: 'Parent' })).data.id;
    team = (await owner.rpc('create_folder', { name: 'Team', parent_id: parent })).data.id;
    sub = (await owner.rpc('create_folder', { name: 'Sub', parent_id: team })).data.id;
    notes = await uploadFile(ada, 'notes.txt', content, { folder_id: team });
    const viewer = await owner.rpc('share_with', { email: bob.email, folder_id: team, role: 'viewer' });
    if (viewer.error) throw new Error(`share_with: ${JSON.stringify(viewer.error)}`);
    bobShare = viewer.data.share.id;
    const editor = await owner.rpc('share_with', { email: cy.email, folder_id: team, role: 'editor' });
    if (editor.error) throw new Error(`share_with: ${JSON.stringify(editor.error)}`);
  });

  it('a viewer downloads the shared file byte for byte through the owner\'s download path', async () => {
    const { res, json } = await downloadUrl(bob, { file_id: notes.id });
    expect(res.status).toBe(200);
    const got = await fetch(json.url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(content))).toBe(true);
  });

  it('breadcrumbs inside the shared folder start at the share', async () => {
    const { data, error } = await clientWithToken(bob.token).rpc('folder_path', { folder_id: sub });
    expect(error).toBeNull();
    expect(data.map((f: { name: string }) => f.name)).toEqual(['Team', 'Sub']);
    const above = await clientWithToken(bob.token).rpc('folder_path', { folder_id: parent });
    expect(above.status).toBe(404);
    expect(above.error).toMatchObject({ code: 'PT404', message: 'Folder not found.' });
  });

  it('a viewer lists the shared folder through rpc/shared_folder_files, ordered and ranged as files', async () => {
    await uploadFile(ada, 'agenda.txt', bytes('agenda'), { folder_id: team });
    const viewer = clientWithToken(bob.token);
    const all = await viewer.rpc('shared_folder_files', { folder_id: team }).select('id, name, owner_id, public_token').order('name').order('id');
    expect(all.error).toBeNull();
    expect(all.data.map((f: { name: string }) => f.name)).toEqual(['agenda.txt', 'notes.txt']);
    expect(all.data.every((f: { owner_id: string; public_token: string | null }) => f.owner_id === ada.id && f.public_token === null)).toBe(true);
    const second = await viewer.rpc('shared_folder_files', { folder_id: team }, { count: 'exact' }).select('name').order('name').order('id').range(1, 1);
    expect(second.data).toEqual([{ name: 'notes.txt' }]);
    expect(second.count).toBe(2);
    const above = await viewer.rpc('shared_folder_files', { folder_id: parent }).select('name');
    expect(above.data).toEqual([]);
    const bad = await viewer.rpc('shared_folder_files', { folder_id: 'not-a-uuid' });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ code: '22P02' });
    const crumbs = await viewer.rpc('folder_path', { folder_id: sub });
    expect(crumbs.data[0]).toMatchObject({ name: 'Team', parent_id: null });
  });

  it('an editor\'s rename answers the renamed row', async () => {
    const { data, error } = await clientWithToken(cy.token).rpc('rename_file', { file_id: notes.id, name: 'minutes.txt' });
    expect(error).toBeNull();
    expect(data).toMatchObject({ id: notes.id, name: 'minutes.txt', owner_id: ada.id });
  });

  it('another user gets a 404 in PostgREST\'s shape, for the download and the breadcrumbs', async () => {
    const { res, json } = await downloadUrl(eve, { file_id: notes.id });
    expect(res.status).toBe(404);
    expect(json).toMatchObject({ code: 'PT404', message: 'File not found.' });
    expect(json).toHaveProperty('details');
    expect(json).toHaveProperty('hint');
    const crumbs = await clientWithToken(eve.token).rpc('folder_path', { folder_id: team });
    expect(crumbs.status).toBe(404);
  });

  it('revoking cuts a signed URL the viewer was handed before', async () => {
    const { json } = await downloadUrl(bob, { file_id: notes.id });
    const revoked = await clientWithToken(ada.token).rpc('revoke_share', { share_id: bobShare });
    expect(revoked.error).toBeNull();
    const got = await fetch(json.url);
    expect(got.status).toBe(404);
    await got.body?.cancel();
    expect((await downloadUrl(bob, { file_id: notes.id })).res.status).toBe(404);
  });
});
