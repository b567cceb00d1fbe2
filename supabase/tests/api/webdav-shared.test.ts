// WebDAV's /Shared with me/: what others share with a user, mounted with
// that user's access token. The recipient lists, reads and (as an editor)
// writes inside shared folders through the drive's own SQL; a viewer's share
// and a read-only token write nothing; the collection and its entries cannot
// be created, deleted, moved or overwritten; a folder-limited token has no
// such collection; another user sees none of it; ending a share ends its
// paths at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { clientWithToken } from './support';
import { createUser, type TestUser, uploadFile, confirmEmails } from './files-support';
import { basic, dav, statusOf, token } from './webdav-support';

const bytes = (s: string) => new TextEncoder().encode(s);
const S = 'Shared%20with%20me';

/** The hrefs and display names of a depth-1 PROPFIND, in the order answered. */
async function listing(auth: string, p: string): Promise<{ status: number; hrefs: string[]; names: string[]; xml: string }> {
  const res = await dav('PROPFIND', p, auth, { headers: { depth: '1' } });
  const xml = await res.text();
  const all = (tag: string) => [...xml.matchAll(new RegExp(`<D:${tag}>([^<]*)</D:${tag}>`, 'g'))].map((m) => m[1]);
  return { status: res.status, hrefs: all('href').map(decodeURIComponent), names: all('displayname'), xml };
}

/** The JSON error of a refused request. */
async function refusal(res: Promise<Response>): Promise<{ status: number; code: string }> {
  const r = await res;
  return { status: r.status, code: (await r.json()).code };
}

describe('WebDAV: Shared with me', () => {
  let ada: TestUser;
  let bob: TestUser;
  let cy: TestUser;
  let eve: TestUser;
  let rw: string;
  let ro: string;
  let folderToken: string;
  let team: string;
  let teamShare: string;
  const deep = bytes('deep inside the team folder');
  const memo = bytes('a memo shared on its own');

  beforeAll(async () => {
    [ada, bob, cy, eve] = await Promise.all(['ada', 'bob', 'cy', 'eve'].map((p) => createUser(`davshare-${p}`)));
    await confirmEmails(bob, eve);
    const owner = clientWithToken(ada.token);
    team = (await owner.rpc('create_folder', { name: 'Team' })).data.id;
    const sub = (await owner.rpc('create_folder', { name: 'Sub', parent_id: team })).data.id;
    await uploadFile(ada, 'deep.txt', deep, { folder_id: sub });
    await uploadFile(ada, 'notes.txt', bytes('notes'), { folder_id: team });
    const memoFile = await uploadFile(ada, 'memo.txt', memo);
    const editor = await owner.rpc('share_with', { email: bob.email, folder_id: team, role: 'editor' });
    if (editor.error) throw new Error(JSON.stringify(editor.error));
    teamShare = editor.data.share.id;
    const viewer = await owner.rpc('share_with', { email: bob.email, file_id: memoFile.id, role: 'viewer' });
    if (viewer.error) throw new Error(JSON.stringify(viewer.error));
    // Cy shares another folder named Team, as a viewer.
    const other = clientWithToken(cy.token);
    const cyTeam = (await other.rpc('create_folder', { name: 'Team' })).data.id;
    await uploadFile(cy, 'x.txt', bytes('x'), { folder_id: cyTeam });
    const third = await other.rpc('share_with', { email: bob.email, folder_id: cyTeam, role: 'viewer' });
    if (third.error) throw new Error(JSON.stringify(third.error));
    // Bob's own drive: a folder for his folder-limited token, and one whose name the collection shadows.
    const mine = (await clientWithToken(bob.token).rpc('create_folder', { name: 'Mine' })).data.id;
    await clientWithToken(bob.token).rpc('create_folder', { name: 'shared with me' });
    await uploadFile(bob, 'own.txt', bytes('own'), { folder_id: mine });
    rw = basic(bob, (await token(bob, ['files:write'])).token);
    ro = basic(bob, (await token(bob, ['files:read'])).token);
    folderToken = basic(bob, (await token(bob, ['files:write'], mine)).token);
  });

  it('lists the collection once at the top of the drive, shadowing an own folder of that name', async () => {
    const top = await listing(rw, '');
    expect(top.status).toBe(207);
    expect(top.names.filter((n) => n.toLowerCase() === 'shared with me')).toEqual(['Shared with me']);
    expect(top.hrefs).toContain('/functions/v1/webdav/Shared with me/');
    expect(top.names).toContain('Mine');
  });

  it('lists what is shared in the order it was shared, a second Team as "Team (2)", with each file\'s ETag', async () => {
    const shared = await listing(rw, `${S}/`);
    expect(shared.status).toBe(207);
    expect(shared.names).toEqual(['Shared with me', 'Team', 'memo.txt', 'Team (2)']);
    expect(shared.hrefs.slice(1)).toEqual([
      '/functions/v1/webdav/Shared with me/Team/',
      '/functions/v1/webdav/Shared with me/memo.txt',
      '/functions/v1/webdav/Shared with me/Team (2)/',
    ]);
    const sha = Buffer.from(await crypto.subtle.digest('SHA-256', memo)).toString('hex');
    expect(shared.xml).toContain(`<D:getetag>&quot;${sha}&quot;</D:getetag>`);
    expect((await listing(rw, `${S}/Team/`)).names).toEqual(['Team', 'Sub', 'notes.txt']);
    expect((await listing(rw, `${S}/Team%20(2)/`)).names).toEqual(['Team (2)', 'x.txt']);
  });

  it('reads shared files byte for byte, inside a shared folder and shared alone', async () => {
    const inner = await dav('GET', `${S}/Team/Sub/deep.txt`, rw);
    expect(inner.status).toBe(200);
    expect(Buffer.from(await inner.arrayBuffer()).equals(Buffer.from(deep))).toBe(true);
    const alone = await dav('GET', `${S}/memo.txt`, ro);
    expect(alone.status).toBe(200);
    expect(Buffer.from(await alone.arrayBuffer()).equals(Buffer.from(memo))).toBe(true);
  });

  it('an editor writes inside the shared folder, into the owner\'s drive', async () => {
    expect(await statusOf(dav('PUT', `${S}/Team/from-bob.txt`, rw, { body: 'from bob' }))).toBe(201);
    expect(await statusOf(dav('MKCOL', `${S}/Team/Bob's`, rw))).toBe(201);
    const { data } = await clientWithToken(ada.token).from('files').select('name, owner_id').eq('folder_id', team).order('name');
    expect(data).toContainEqual({ name: 'from-bob.txt', owner_id: ada.id });
    const again = await dav('GET', `${S}/Team/from-bob.txt`, rw);
    expect(await again.text()).toBe('from bob');
  });

  it('writes nothing through a viewer\'s share or a read-only token', async () => {
    const viewer = await dav('PUT', `${S}/Team%20(2)/no.txt`, rw, { body: 'no' });
    expect(viewer.status).toBeGreaterThanOrEqual(400);
    expect(viewer.status).toBeLessThan(500);
    await viewer.arrayBuffer();
    const readOnly = await dav('PUT', `${S}/Team/no.txt`, ro, { body: 'no' });
    expect(readOnly.status).toBe(403);
    await readOnly.arrayBuffer();
    expect((await listing(rw, `${S}/Team%20(2)/`)).names).toEqual(['Team (2)', 'x.txt']);
    expect((await listing(rw, `${S}/Team/`)).names).not.toContain('no.txt');
  });

  it('refuses to create, delete, move or change the collection and its entries, and changes nothing', async () => {
    const refused = { status: 403, code: '42501' };
    const dest = (p: string) => ({ headers: { destination: `/functions/v1/webdav/${p}` } });
    expect(await refusal(dav('PUT', `${S}/new.txt`, rw, { body: 'x' }))).toEqual(refused);
    expect(await refusal(dav('MKCOL', `${S}/New`, rw))).toEqual(refused);
    expect(await refusal(dav('DELETE', `${S}/Team`, rw))).toEqual(refused);
    expect(await refusal(dav('DELETE', `${S}/`, rw))).toEqual(refused);
    expect(await refusal(dav('MOVE', `${S}/Team`, rw, dest('Team2')))).toEqual(refused);
    expect(await refusal(dav('MOVE', 'Mine/own.txt', rw, dest(`${S}/own.txt`)))).toEqual(refused);
    expect(await refusal(dav('COPY', `${S}/`, rw, dest('Copied')))).toEqual(refused);
    expect(await refusal(dav('PROPPATCH', `${S}/memo.txt`, rw, {
      body: '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop><Z:p>1</Z:p></D:prop></D:set></D:propertyupdate>',
    }))).toEqual(refused);
    expect((await listing(rw, `${S}/`)).names).toEqual(['Shared with me', 'Team', 'memo.txt', 'Team (2)']);
    expect((await listing(rw, 'Mine/')).names).toEqual(['Mine', 'own.txt']);
  });

  it('copies a shared file only as rpc/copy_file does: one of your own files, so not this one', async () => {
    const res = await dav('COPY', `${S}/memo.txt`, rw, { headers: { destination: '/functions/v1/webdav/Mine/memo-copy.txt' } });
    expect({ status: res.status, code: (await res.json()).code }).toEqual({ status: 404, code: 'PT404' });
    const { data } = await clientWithToken(bob.token).from('files').select('id').eq('name', 'memo-copy.txt');
    expect(data).toEqual([]);
  });

  it('has no collection for a folder-limited token, nor anything of it for another user', async () => {
    const root = await listing(folderToken, '');
    expect(root.names).toEqual(['Mine', 'own.txt']);
    expect(await statusOf(dav('PROPFIND', `${S}/`, folderToken, { headers: { depth: '0' } }))).toBe(404);
    const eveAuth = basic(eve, (await token(eve, ['files:read'])).token);
    expect((await listing(eveAuth, `${S}/`)).names).toEqual(['Shared with me']);
    expect(await statusOf(dav('GET', `${S}/Team/Sub/deep.txt`, eveAuth))).toBe(404);
  });

  it('ends the paths of a share at once when the owner revokes it', async () => {
    const { error } = await clientWithToken(ada.token).rpc('revoke_share', { share_id: teamShare });
    expect(error).toBeNull();
    expect(await statusOf(dav('GET', `${S}/Team/Sub/deep.txt`, rw))).toBe(404);
    expect(await statusOf(dav('PUT', `${S}/Team/after.txt`, rw, { body: 'late' }))).toBeGreaterThanOrEqual(400);
    // Cy's folder is the only Team left.
    expect((await listing(rw, `${S}/`)).names).toEqual(['Shared with me', 'memo.txt', 'Team']);
    const { data } = await clientWithToken(ada.token).from('files').select('name').eq('folder_id', team);
    expect(data!.map((f) => f.name)).not.toContain('after.txt');
  });
});
