// Share links over HTTP: the owner makes links through rpc/create_share_link,
// and anyone (no apikey, no token, as a browser following a link) uses them
// at /functions/v1/share/<token>: every type and option, the exact download
// limit under concurrent downloads, the password throttle, a file drop that
// cannot look or overwrite, an edit link confined to its folder, a
// preview-only link whose raw route refuses, revocation at once, and
// another user's attempts on my links.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql, rest, stack } from './support';
import { createUser, functionsUrl, type TestUser, uploadFile } from './files-support';

let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  ada = await createUser('share-ada');
  bob = await createUser('share-bob');
});

const shareUrl = (token: string, rest = '') => `${stack.apiUrl}/functions/v1/share/${token}${rest}`;
const text = (s: string) => new TextEncoder().encode(s);

/** Calls an RPC as a user: {status, data}. */
async function rpc(user: TestUser, name: string, args: Record<string, unknown>) {
  const res = await rest(`/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = await res.text();
  return { status: res.status, data: body ? JSON.parse(body) : null };
}

/** Makes a link as `user`; answers it with its token. */
async function link(user: TestUser, args: Record<string, unknown>) {
  const res = await rpc(user, 'create_share_link', args);
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data as { id: string; token: string; url: string; type: string };
}

async function folder(user: TestUser, name: string, parent: string | null = null): Promise<string> {
  const res = await rpc(user, 'create_folder', { name, parent_id: parent });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data.id;
}

/** Expects a JSON error of this status and code. */
async function expectError(res: Response, status: number, code: string) {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const json = JSON.parse(body);
  expect(json.code).toBe(code);
  return json;
}

/** The three upload steps through a link; answers the final response. */
async function dropFile(token: string, name: string, data: Uint8Array, extra: Record<string, unknown> = {}, access?: string) {
  const auth: Record<string, string> = access ? { authorization: `Bearer ${access}` } : {};
  const begin = await fetch(shareUrl(token, '/uploads'), {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name, size: data.byteLength, mime: 'text/plain', ...extra }),
  });
  if (begin.status !== 201) return begin;
  const started = await begin.json();
  const put = await fetch(started.url, { method: 'PUT', headers: started.headers, body: data });
  if (!put.ok) return put;
  return await fetch(started.complete_url, { method: 'POST', headers: auth });
}

async function downloads(linkId: string): Promise<number> {
  const sql = adminSql();
  try {
    const [row] = await sql`select downloads from app.share_links where id = ${linkId}`;
    return row.downloads;
  } finally {
    await sql.end();
  }
}

describe('share links', () => {
  it('share a file: metadata, bytes, counted downloads only, revoked at once', async () => {
    const data = text('The quarterly report.\n');
    const file = await uploadFile(ada, 'report.txt', data, { mime: 'text/plain' });
    const l = await link(ada, { file_id: file.id, label: 'For the board', note: 'Read before Monday' });
    expect(l.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const meta = await fetch(shareUrl(l.token));
    expect(meta.status).toBe(200);
    expect(meta.headers.get('cache-control')).toBe('no-store');
    const m = await meta.json();
    expect(m).toMatchObject({ type: 'view', label: 'For the board', note: 'Read before Monday', can_download: true, can_list: false });
    expect(m.item).toMatchObject({ kind: 'file', name: 'report.txt', size: data.byteLength, mime_type: 'text/plain' });
    expect(JSON.stringify(m)).not.toContain(ada.id);

    const got = await fetch(shareUrl(l.token, '/download'));
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).toString()).toBe('The quarterly report.\n');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="report.txt"/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await downloads(l.id)).toBe(1);

    // Not downloads: a HEAD, a later range, a revalidation, a preview, the metadata.
    expect((await fetch(shareUrl(l.token, '/download'), { method: 'HEAD' })).status).toBe(200);
    const part = await fetch(shareUrl(l.token, '/download'), { headers: { range: 'bytes=4-9' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('quarte');
    const etag = got.headers.get('etag')!;
    expect((await fetch(shareUrl(l.token, '/download'), { headers: { 'if-none-match': etag } })).status).toBe(304);
    const pv = await fetch(shareUrl(l.token, '/preview'));
    expect(pv.status).toBe(200);
    expect(pv.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await pv.text()).toBe('The quarterly report.\n');
    await (await fetch(shareUrl(l.token))).body?.cancel();
    expect(await downloads(l.id)).toBe(1);
    // The first range is a download.
    const first = await fetch(shareUrl(l.token, '/download'), { headers: { range: 'bytes=0-3' } });
    expect(await first.text()).toBe('The ');
    expect(await downloads(l.id)).toBe(2);

    const listed = await rest(`/rest/v1/share_links?id=eq.${l.id}&select=downloads,state,last_used_at`, {
      headers: { authorization: `Bearer ${ada.token}` },
    });
    const [row] = await listed.json();
    expect(row).toMatchObject({ downloads: 2, state: 'active' });
    expect(row.last_used_at).not.toBeNull();

    expect((await rpc(ada, 'revoke_share_link', { link_id: l.id })).status).toBe(200);
    for (const route of ['', '/download', '/preview']) {
      const json = await expectError(await fetch(shareUrl(l.token, route)), 404, 'PT404');
      expect(json.message).toBe('This link does not exist or was revoked.');
    }
    await expectError(await fetch(shareUrl('A'.repeat(43))), 404, 'PT404');
    await expectError(await fetch(shareUrl('..%2F..%2Fetc')), 404, 'PT404');
  });

  it('count a download limit exactly: 20 concurrent downloads against a limit of 5 deliver 5', async () => {
    const data = new Uint8Array(64 * 1024).map((_, i) => i % 251);
    const file = await uploadFile(ada, 'limited.bin', data);
    const l = await link(ada, { file_id: file.id, max_downloads: 5 });
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await fetch(shareUrl(l.token, '/download'));
        const body = Buffer.from(await res.arrayBuffer());
        return { status: res.status, whole: res.status === 200 && body.equals(Buffer.from(data)) };
      }),
    );
    expect(results.filter((r) => r.status === 200 && r.whole)).toHaveLength(5);
    expect(results.filter((r) => r.status === 410)).toHaveLength(15);
    expect(await downloads(l.id)).toBe(5);
    // Disabled, not deleted: the owner sees it and can raise the limit.
    const json = await expectError(await fetch(shareUrl(l.token)), 410, 'PT410');
    expect(json.message).toBe('This link has reached its download limit.');
    const raised = await rpc(ada, 'update_share_link', { link_id: l.id, max_downloads: 6 });
    expect(raised.data.state).toBe('active');
    const again = await fetch(shareUrl(l.token, '/download'));
    expect(again.status).toBe(200);
    await again.arrayBuffer();
  });

  it('guard a link with a password: access tokens, one link only, wrong attempts throttled with Retry-After', async () => {
    const sql = adminSql();
    await sql`insert into private.settings (key, value) values ('sharing.max_password_failures_per_link', '3')
              on conflict (key) do update set value = excluded.value`;
    await sql.end();
    try {
      const file = await uploadFile(ada, 'secret.txt', text('classified'), { mime: 'text/plain' });
      const l = await link(ada, { file_id: file.id, password: 'a long passphrase' });
      const other = await link(ada, { file_id: file.id, password: 'another passphrase' });
      const asks = await expectError(await fetch(shareUrl(l.token)), 401, 'PT401');
      expect(asks.message).toBe('This link needs its password.');
      await expectError(await fetch(shareUrl(l.token, '/download')), 401, 'PT401');

      const unlock = (token: string, password: unknown) =>
        fetch(shareUrl(token, '/unlock'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
      const ok = await unlock(l.token, 'a long passphrase');
      expect(ok.status).toBe(200);
      const { access_token, expires_at } = await ok.json();
      expect(access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(new Date(expires_at).getTime()).toBeGreaterThan(Date.now());

      const viaHeader = await fetch(shareUrl(l.token, '/download'), { headers: { authorization: `Bearer ${access_token}` } });
      expect(await viaHeader.text()).toBe('classified');
      const viaQuery = await fetch(shareUrl(l.token, `?access=${access_token}`));
      expect(viaQuery.status).toBe(200);
      await viaQuery.body?.cancel();
      await expectError(await fetch(shareUrl(other.token), { headers: { authorization: `Bearer ${access_token}` } }), 401, 'PT401');
      // A signed-in visitor's session token is no access token.
      await expectError(await fetch(shareUrl(l.token), { headers: { authorization: `Bearer ${ada.token}` } }), 401, 'PT401');

      await expectError(await unlock(l.token, 42), 400, 'PGRST102');
      for (let i = 0; i < 3; i++) await expectError(await unlock(l.token, `guess ${i}`), 401, 'PT401');
      const throttled = await unlock(l.token, 'a long passphrase');
      await expectError(throttled, 429, 'PT429');
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      // Access already granted still works; a new password ends it.
      expect((await fetch(shareUrl(l.token), { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
      await rpc(ada, 'update_share_link', { link_id: l.id, password: 'a brand new passphrase' });
      await expectError(await fetch(shareUrl(l.token), { headers: { authorization: `Bearer ${access_token}` } }), 401, 'PT401');
    } finally {
      const sql2 = adminSql();
      await sql2`delete from private.settings where key = 'sharing.max_password_failures_per_link'`;
      await sql2.end();
    }
  });

  it('expire, and extend within the maximum counted from today', async () => {
    const file = await uploadFile(ada, 'soon.txt', text('soon'), { mime: 'text/plain' });
    const l = await link(ada, { file_id: file.id, expires_at: new Date(Date.now() + 86400_000).toISOString() });
    const tooFar = await rpc(ada, 'update_share_link', { link_id: l.id, expires_at: new Date(Date.now() + 31 * 86400_000).toISOString() });
    expect(tooFar.status).toBe(400);
    expect(tooFar.data.message).toBe('A view link can expire at most 30 days from today.');
    const later = await rpc(ada, 'update_share_link', { link_id: l.id, expires_at: new Date(Date.now() + 29 * 86400_000).toISOString() });
    expect(later.status).toBe(200);
    const never = await rpc(ada, 'create_share_link', { file_id: file.id, expires_at: 'infinity' });
    expect(never.status).toBe(400);
    const sql = adminSql();
    await sql`update app.share_links set expires_at = now() - interval '1 second' where id = ${l.id}`;
    await sql.end();
    const json = await expectError(await fetch(shareUrl(l.token, '/download')), 410, 'PT410');
    expect(json.message).toBe('This link has expired.');
  });

  it('share a folder: browse, items, a streamed zip; nothing outside it or in the trash', async () => {
    const project = await folder(ada, 'Project');
    const sub = await folder(ada, 'Sub', project);
    const sibling = await folder(ada, 'Sibling');
    const old = await folder(ada, 'Old', project);
    const plan = await uploadFile(ada, 'plan.txt', text('the plan'), { mime: 'text/plain', folder_id: project });
    const deep = await uploadFile(ada, 'deep.txt', text('deep down'), { mime: 'text/plain', folder_id: sub });
    const outside = await uploadFile(ada, 'outside.txt', text('not shared'), { mime: 'text/plain', folder_id: sibling });
    const trashed = await uploadFile(ada, 'trashed.txt', text('in the bin'), { mime: 'text/plain', folder_id: project });
    await uploadFile(ada, 'old.txt', text('old'), { mime: 'text/plain', folder_id: old });
    expect((await rpc(ada, 'trash_file', { file_id: trashed.id })).status).toBe(200);
    expect((await rpc(ada, 'trash_folder', { folder_id: old })).status).toBe(200);
    const l = await link(ada, { folder_id: project });

    const m = await (await fetch(shareUrl(l.token))).json();
    expect(m.item).toMatchObject({ kind: 'folder', name: 'Project' });
    expect(m.listing.folders.map((f: { name: string }) => f.name)).toEqual(['Sub']);
    expect(m.listing.files.map((f: { name: string }) => f.name)).toEqual(['plan.txt']);
    expect(m.listing.folder.parent_id).toBeNull();
    const inSub = await (await fetch(shareUrl(l.token, `?folder=${sub}`))).json();
    expect(inSub.listing.files.map((f: { name: string }) => f.name)).toEqual(['deep.txt']);
    await expectError(await fetch(shareUrl(l.token, `?folder=${sibling}`)), 404, 'PT404');
    await expectError(await fetch(shareUrl(l.token, `?folder=${old}`)), 404, 'PT404');

    expect(await (await fetch(shareUrl(l.token, `/download/${deep.id}`))).text()).toBe('deep down');
    for (const id of [outside.id, trashed.id, 'not-a-uuid']) {
      await expectError(await fetch(shareUrl(l.token, `/download/${id}`)), 404, 'PT404');
    }
    await expectError(await fetch(shareUrl(l.token, '/download')), 404, 'PT404');

    const before = await downloads(l.id);
    const z = await fetch(shareUrl(l.token, '/zip'));
    expect(z.status).toBe(200);
    expect(z.headers.get('content-type')).toBe('application/zip');
    expect(z.headers.get('content-disposition')).toMatch(/^attachment; filename="Project.zip"/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'share-zip-'));
    const zipPath = path.join(dir, 'p.zip');
    fs.writeFileSync(zipPath, Buffer.from(await z.arrayBuffer()));
    const listing = execFileSync('unzip', ['-Z1', zipPath]).toString().trim().split('\n').sort();
    expect(listing).toEqual(['Sub/deep.txt', 'plan.txt']);
    expect(execFileSync('unzip', ['-p', zipPath, 'Sub/deep.txt']).toString()).toBe('deep down');
    expect(await downloads(l.id)).toBe(before + 1);

    const chosen = await fetch(shareUrl(l.token, `/zip?files=${plan.id},${outside.id}`));
    fs.writeFileSync(zipPath, Buffer.from(await chosen.arrayBuffer()));
    expect(execFileSync('unzip', ['-Z1', zipPath]).toString().trim()).toBe('plan.txt');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('take uploads through a file drop that cannot look or overwrite, counted to the owner', async () => {
    const inbox = await folder(ada, 'Inbox');
    await uploadFile(ada, 'existing.txt', text('mine'), { mime: 'text/plain', folder_id: inbox });
    const l = await link(ada, { folder_id: inbox, type: 'file_drop' });
    const m = await (await fetch(shareUrl(l.token))).json();
    expect(m).toMatchObject({ type: 'file_drop', can_list: false, can_upload: true, can_download: false, item: { id: null, name: 'Inbox' } });
    expect(m.listing).toBeUndefined();

    const done = await dropFile(l.token, 'existing.txt', text('theirs'), { uploader_name: 'Carol' });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ name: 'existing (1).txt', size: 6 });
    await expectError(await fetch(shareUrl(l.token, '/zip')), 403, 'PT403');
    await expectError(await fetch(shareUrl(l.token, `?folder=${inbox}`)), 403, 'PT403');

    const sql = adminSql();
    const files = await sql`select name, size from app.files where folder_id = ${inbox} order by name`;
    const [{ used }] = await sql`select used from app.storage_accounts where owner_id = ${ada.id}`;
    const [note] = await sql`select payload from app.notifications where user_id = ${ada.id} and type = 'share_link_upload' and item_id = ${inbox}`;
    await sql.end();
    expect(files.map((f) => f.name)).toEqual(['existing (1).txt', 'existing.txt']);
    const ids = (await (await rest(`/rest/v1/files?folder_id=eq.${inbox}&select=id`, { headers: { authorization: `Bearer ${ada.token}` } })).json());
    expect(ids).toHaveLength(2);
    expect(Number(used)).toBeGreaterThan(0);
    expect(note.payload).toMatchObject({ uploader: 'Carol', name: 'existing (1).txt', folder: 'Inbox' });

    await expectError(await dropFile(l.token, 'run.exe', text('MZ')), 415, 'PT415');
    // More than declared: the driver stops at the reserved size.
    const begin = await fetch(shareUrl(l.token, '/uploads'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'small.txt', size: 2 }),
    });
    const started = await begin.json();
    await expectError(await fetch(started.url, { method: 'PUT', headers: started.headers, body: text('far too long') }), 413, 'PT413');
  });

  it('confine an edit link to its folder: no parent, sibling or trashed item', async () => {
    const parent = await folder(ada, 'Parent');
    const team = await folder(ada, 'Team', parent);
    const sibling = await folder(ada, 'Other team', parent);
    const inParent = await uploadFile(ada, 'parent.txt', text('above'), { mime: 'text/plain', folder_id: parent });
    const gone = await uploadFile(ada, 'gone.txt', text('bin'), { mime: 'text/plain', folder_id: team });
    await rpc(ada, 'trash_file', { file_id: gone.id });
    const weak = await rpc(ada, 'create_share_link', { folder_id: team, type: 'edit' });
    expect(weak.status).toBe(400);
    const l = await link(ada, { folder_id: team, type: 'edit', password: 'team passphrase' });
    const { access_token } = await (await fetch(shareUrl(l.token, '/unlock'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'team passphrase' }),
    })).json();
    await expectError(await dropFile(l.token, 'notes.txt', text('x')), 401, 'PT401');
    const done = await dropFile(l.token, 'notes.txt', text('our notes'), {}, access_token);
    expect(done.status).toBe(200);
    const receipt = await done.json();
    expect(receipt).toMatchObject({ name: 'notes.txt', size: 9, folder_id: team });
    const again = await dropFile(l.token, 'notes.txt', text('newer notes'), {}, access_token);
    expect((await again.json()).id).toBe(receipt.id);

    const auth = { authorization: `Bearer ${access_token}` };
    for (const target of [parent, sibling]) {
      await expectError(await dropFile(l.token, 'escape.txt', text('x'), { folder_id: target }, access_token), 404, 'PT404');
      await expectError(await fetch(shareUrl(l.token, `?folder=${target}`), { headers: auth }), 404, 'PT404');
    }
    await expectError(await fetch(shareUrl(l.token, `/download/${inParent.id}`), { headers: auth }), 404, 'PT404');
    await expectError(await fetch(shareUrl(l.token, `/download/${gone.id}`), { headers: auth }), 404, 'PT404');
    expect(await (await fetch(shareUrl(l.token, `/download/${receipt.id}`), { headers: auth })).text()).toBe('newer notes');

    // Folders, renames, moves and the trash, inside only.
    const json = { ...auth, 'content-type': 'application/json' };
    const made = await fetch(shareUrl(l.token, '/folders'), { method: 'POST', headers: json, body: JSON.stringify({ name: 'Drafts' }) });
    expect(made.status).toBe(201);
    const drafts = (await made.json()).id;
    const moved = await fetch(shareUrl(l.token, `/files/${receipt.id}`), {
      method: 'PATCH', headers: json, body: JSON.stringify({ name: 'minutes.txt', folder_id: drafts }),
    });
    expect(await moved.json()).toMatchObject({ id: receipt.id, name: 'minutes.txt', folder_id: drafts });
    await expectError(await fetch(shareUrl(l.token, `/files/${receipt.id}`), {
      method: 'PATCH', headers: json, body: JSON.stringify({ folder_id: parent }),
    }), 404, 'PT404');
    await expectError(await fetch(shareUrl(l.token, `/files/${inParent.id}`), {
      method: 'PATCH', headers: json, body: JSON.stringify({ name: 'taken.txt' }),
    }), 404, 'PT404');
    await expectError(await fetch(shareUrl(l.token, `/folders/${team}`), { method: 'DELETE', headers: auth }), 404, 'PT404');
    await expectError(await fetch(shareUrl(l.token, `/folders/${sibling}`), { method: 'DELETE', headers: auth }), 404, 'PT404');
    expect((await fetch(shareUrl(l.token, `/folders/${drafts}`), { method: 'DELETE', headers: auth })).status).toBe(204);
    await expectError(await fetch(shareUrl(l.token, `/download/${receipt.id}`), { headers: auth }), 404, 'PT404');
    const trash = await rest(`/rest/v1/files?id=eq.${receipt.id}&select=name,trashed_at`, { headers: { authorization: `Bearer ${ada.token}` } });
    const [binned] = await trash.json();
    expect(binned.name).toBe('minutes.txt');
    expect(binned.trashed_at).not.toBeNull();
  });

  it('keep a preview-only link from ever handing out the raw bytes', async () => {
    const file = await uploadFile(ada, 'draft.txt', text('<b>not markup</b>'), { mime: 'text/plain' });
    const l = await link(ada, { file_id: file.id, type: 'preview_only' });
    const m = await (await fetch(shareUrl(l.token))).json();
    expect(m.can_download).toBe(false);
    const json = await expectError(await fetch(shareUrl(l.token, '/download')), 403, 'PT403');
    expect(json.message).toBe('Download disabled by the owner: this link shows previews only.');
    await expectError(await fetch(shareUrl(l.token, `/download/${file.id}`)), 403, 'PT403');
    const pv = await fetch(shareUrl(l.token, '/preview'));
    expect(pv.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(pv.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(await pv.text()).toBe('<b>not markup</b>');
    // An image comes re-encoded at screen size: WebP within 1600 px, never the uploaded bytes.
    const { Image } = await import('imagescript');
    const png = await new Image(2000, 1000).fill(0x3366ccff).encode();
    const photo = await uploadFile(ada, 'photo.png', png, { mime: 'image/png' });
    const photoLink = await link(ada, { file_id: photo.id, type: 'preview_only' });
    await expectError(await fetch(shareUrl(photoLink.token, '/download')), 403, 'PT403');
    const shown = await fetch(shareUrl(photoLink.token, '/preview'));
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/webp');
    const webp = Buffer.from(await shown.arrayBuffer());
    expect(webp.subarray(0, 4).toString()).toBe('RIFF');
    expect(webp.subarray(8, 12).toString()).toBe('WEBP');
    const bin = await uploadFile(ada, 'data.bin', new Uint8Array([1, 2, 3]));
    const binLink = await link(ada, { file_id: bin.id, type: 'preview_only' });
    await expectError(await fetch(shareUrl(binLink.token, '/preview')), 415, 'PT415');
    expect(await downloads(l.id)).toBe(0);
  });

  it('keep other people off my links, and keep old public links answering', async () => {
    const file = await uploadFile(ada, 'own.txt', text('own'), { mime: 'text/plain' });
    const l = await link(ada, { file_id: file.id });
    expect((await rpc(bob, 'update_share_link', { link_id: l.id, label: 'mine now' })).status).toBe(404);
    expect((await rpc(bob, 'revoke_share_link', { link_id: l.id })).status).toBe(404);
    expect((await rpc(bob, 'create_share_link', { file_id: file.id })).status).toBe(404);
    expect((await rpc(bob, 'admin_share_links', {})).status).toBe(403);
    const bobs = await rest('/rest/v1/share_links?select=id', { headers: { authorization: `Bearer ${bob.token}` } });
    expect(await bobs.json()).toEqual([]);
    expect((await fetch(shareUrl(l.token))).status).toBe(200);

    const made = await rpc(ada, 'update_file', { file_id: file.id, visibility: 'public' });
    const token = made.data.public_token as string;
    expect(await (await fetch(`${functionsUrl()}/public/${token}`)).text()).toBe('own');
    expect(await (await fetch(shareUrl(token, '/download'))).text()).toBe('own');
    await rpc(ada, 'update_file', { file_id: file.id, visibility: 'private' });
    await expectError(await fetch(shareUrl(token)), 404, 'PT404');
  });
});
