// Public links over HTTP: the owner makes a file public through
// `rpc/update_file`, and anyone (no apikey, no token, as a browser following
// a link) downloads it at /functions/v1/files/public/<token> with the safe
// headers of signed downloads. Private, revoked, trashed and made-up links
// all answer the same 404 JSON; another user cannot publish my file.
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql, rest } from './support';
import { createUser, functionsUrl, sha256, type TestUser, uploadFile } from './files-support';

let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  ada = await createUser('public-ada');
  bob = await createUser('public-bob');
});

/** Calls an RPC as a user: {status, data}. */
async function rpc(user: TestUser, name: string, args: Record<string, unknown>) {
  const res = await rest(`/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : null };
}

/** Makes a file public or private as `user`; answers the file row (with `public_token`). */
async function setVisibility(user: TestUser, fileId: string, visibility: 'public' | 'private') {
  const res = await rpc(user, 'update_file', { file_id: fileId, visibility });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data as { visibility: string; public_token: string | null };
}

/** Follows a link as a browser would: no apikey, no Authorization. */
const follow = (token: string, init: RequestInit = {}, query = '') => fetch(`${functionsUrl()}/public/${token}${query}`, init);

/** The 404 every link that does not serve answers, whatever the reason. */
async function expectNotServed(res: Response) {
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await res.json()).toEqual({ code: 'PT404', message: 'File not found.', details: null, hint: null });
}

const text = (s: string) => new TextEncoder().encode(s);

describe('public links', () => {
  it('let anyone download a public file, inline for a safe type, with safe headers', async () => {
    const data = text('Anyone with the link can read this.\n');
    const file = await uploadFile(ada, 'Notes "été".txt', data, { mime: 'text/plain' });
    expect(file.public_token).toBeNull();
    const shared = await setVisibility(ada, file.id, 'public');
    expect(shared.visibility).toBe('public');
    expect(shared.public_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await rest(`/rest/v1/files?id=eq.${file.id}&select=public_token`, {
      headers: { authorization: `Bearer ${ada.token}` },
    });
    expect(await listed.json()).toEqual([{ public_token: shared.public_token }]);

    const got = await follow(shared.public_token!);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
    expect(got.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(got.headers.get('content-length')).toBe(String(data.byteLength));
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="Notes __t__.txt"; filename*=UTF-8''Notes%20%22%C3%A9t%C3%A9%22.txt`,
    );
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(got.headers.get('etag')).toBe(`"${sha256(data)}"`);
    expect(got.headers.get('cache-control')).toBe('private, no-cache');
    expect(got.headers.get('x-robots-tag')).toBe('noindex, nofollow');

    const attachment = await follow(shared.public_token!, {}, '?disposition=attachment');
    expect(attachment.headers.get('content-disposition')).toMatch(/^attachment; filename="Notes __t__.txt"/);
    await attachment.body?.cancel();
    const bad = await follow(shared.public_token!, {}, '?disposition=run');
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('PGRST102');

    // The download is logged without an actor; a HEAD is not a download.
    const head = await follow(shared.public_token!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(data.byteLength));
    const sql = adminSql();
    const rows = await sql`select actor_id, meta from app.activity_log
                           where action = 'file.public_download' and target_id = ${file.id}`;
    await sql.end();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_id: null, meta: { owner_id: ada.id, version: 1 } });
  });

  it('never shows HTML, SVG or a script inline, nor lets another site read or run them', async () => {
    for (const [name, body, mime] of [
      ['page.html', '<!doctype html><script>alert(document.domain)</script>', 'text/html'],
      ['drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
      ['widget.mjs', 'alert(document.domain)', 'text/javascript'],
    ]) {
      const file = await uploadFile(ada, name, text(body), { mime });
      const { public_token } = await setVisibility(ada, file.id, 'public');
      const got = await follow(public_token!);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type'), name).toBe('application/octet-stream');
      expect(got.headers.get('access-control-allow-origin'), name).toBeNull();
      expect(got.headers.get('content-disposition'), name).toMatch(/^attachment;/);
      expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      await got.body?.cancel();
    }
  });

  it('serve ranges and answer 304 for a current copy', async () => {
    const data = new Uint8Array(50_000).map((_, i) => i % 251);
    const file = await uploadFile(ada, 'movie.bin', data);
    const { public_token } = await setVisibility(ada, file.id, 'public');
    const part = await follow(public_token!, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${data.byteLength}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(data.subarray(100, 200)))).toBe(true);
    expect(part.headers.get('x-content-type-options')).toBe('nosniff');
    const outside = await follow(public_token!, { headers: { range: `bytes=${data.byteLength}-` } });
    expect(outside.status).toBe(416);
    await outside.body?.cancel();
    const cached = await follow(public_token!, { headers: { 'if-none-match': `"${sha256(data)}"` } });
    expect(cached.status).toBe(304);
    // A player's later ranges and a revalidated copy are not new downloads; a range from the start is.
    const sql = adminSql();
    const count = async () => (await sql`select count(*)::int as n from app.activity_log
                                         where action = 'file.public_download' and target_id = ${file.id}`)[0].n;
    expect(await count()).toBe(0);
    const start = await follow(public_token!, { headers: { range: 'bytes=0-99' } });
    expect(start.status).toBe(206);
    await start.body?.cancel();
    expect(await count()).toBe(1);
    // Whatever the Range header, an answer that holds the first byte is a download.
    let expected = 1;
    for (const range of ['garbage', 'bytes=00-', 'bytes=-999999', 'BYTES=0-', 'bytes= 0-']) {
      const got = await follow(public_token!, { headers: { range } });
      expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(data)), range).toBe(true);
      expect(await count(), range).toBe(++expected);
    }
    await sql.end();
  });

  it('refuse a private file, a made-up token and a malformed one with the same 404', async () => {
    const file = await uploadFile(ada, 'secret.txt', text('not for you'));
    const { public_token } = await setVisibility(ada, file.id, 'public');
    await setVisibility(ada, file.id, 'private');
    await expectNotServed(await follow(public_token!));
    await expectNotServed(await follow('A'.repeat(43)));
    await expectNotServed(await follow('..%2F..%2Fetc%2Fpasswd'));
    await expectNotServed(await follow(file.id));
  });

  it('stop at once when the file is made private, and a new link is made when it is shared again', async () => {
    const file = await uploadFile(ada, 'revoke.txt', text('now you see me'));
    const first = (await setVisibility(ada, file.id, 'public')).public_token!;
    expect((await follow(first)).status).toBe(200);
    const priv = await setVisibility(ada, file.id, 'private');
    expect(priv.public_token).toBeNull();
    await expectNotServed(await follow(first));
    const second = (await setVisibility(ada, file.id, 'public')).public_token!;
    expect(second).not.toBe(first);
    await expectNotServed(await follow(first));
    const again = await follow(second);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('now you see me');
  });

  it('serve the newest version, nothing while the file is in the trash, nothing once purged', async () => {
    const file = await uploadFile(ada, 'draft.txt', text('first draft'));
    const token = (await setVisibility(ada, file.id, 'public')).public_token!;
    await uploadFile(ada, 'draft.txt', text('second draft'));
    expect(await (await follow(token)).text()).toBe('second draft');
    expect((await rpc(ada, 'trash_file', { file_id: file.id })).status).toBe(200);
    await expectNotServed(await follow(token));
    expect((await rpc(ada, 'restore_file', { file_id: file.id })).status).toBe(200);
    expect((await follow(token)).status).toBe(200);
    expect((await rpc(ada, 'purge_file', { file_id: file.id })).status).toBeLessThan(300);
    await expectNotServed(await follow(token));
  });

  it('cannot be made by another user, who never sees my link', async () => {
    const file = await uploadFile(ada, 'mine-only.txt', text('mine'));
    const res = await rpc(bob, 'update_file', { file_id: file.id, visibility: 'public' });
    expect(res.status).toBe(404);
    expect(res.data).toMatchObject({ code: 'PT404', message: 'File not found.' });
    const sql = adminSql();
    const [row] = await sql`select visibility, (select count(*)::int from app.public_links where file_id = ${file.id}) as links
                            from app.files where id = ${file.id}`;
    await sql.end();
    expect(row).toEqual({ visibility: 'private', links: 0 });
    const { public_token } = await setVisibility(ada, file.id, 'public');
    const theirs = await rest(`/rest/v1/files?id=eq.${file.id}&select=public_token`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(await theirs.json()).toEqual([]);
    // Anon cannot publish either: update_file is not granted to anon.
    const anon = await rest('/rest/v1/rpc/update_file', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: file.id, visibility: 'private' }),
    });
    expect(anon.status).toBe(401);
    expect((await follow(public_token!)).status).toBe(200);
  });

  it('limit the downloads one address starts: past the limit, 429 with Retry-After; HEAD and revalidations do not count', async () => {
    const sql = adminSql();
    await sql`insert into private.settings (key, value) values ('links.max_downloads_per_ip', '2'), ('links.download_window_seconds', '600')
              on conflict (key) do update set value = excluded.value`;
    await sql`delete from private.link_downloads`;
    try {
      const data = text('popular');
      const file = await uploadFile(ada, 'popular.txt', data, { mime: 'text/plain' });
      const { public_token } = await setVisibility(ada, file.id, 'public');
      for (let i = 0; i < 2; i++) {
        const res = await follow(public_token!);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('popular');
      }
      expect((await follow(public_token!, { method: 'HEAD' })).status).toBe(200);
      expect((await follow(public_token!, { headers: { 'if-none-match': `"${sha256(data)}"` } })).status).toBe(304);
      const refused = await follow(public_token!);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(600);
      expect(await refused.json()).toEqual({
        code: 'PT429', message: 'Too many downloads from your address. Try again later.', details: null, hint: `Retry after ${wait} seconds`,
      });
      const [{ counted }] = await sql`select count(*)::int as counted from private.link_downloads`;
      expect(counted).toBe(2);
      // The owner is not locked out of their own file: signed downloads are not public-link downloads.
      const own = await rest(`/rest/v1/files?id=eq.${file.id}&select=id`, { headers: { authorization: `Bearer ${ada.token}` } });
      expect(own.status).toBe(200);
    } finally {
      await sql`delete from private.settings where key in ('links.max_downloads_per_ip', 'links.download_window_seconds')`;
      await sql`delete from private.link_downloads`;
      await sql.end();
    }
  });
});
