// The files function over HTTP: signed uploads, downloads and the original
// store_file / retrieve_file API, on the real stack with the fs driver.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql, rest, stack } from './support';
import {
  beginUpload, createUser, downloadUrl, functionsUrl, sha256, type TestUser, uploadFile,
} from './files-support';

let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  ada = await createUser('ada');
  bob = await createUser('bob');
});

describe('signed uploads', () => {
  it('uploads, completes and lists a file', async () => {
    const data = randomBytes(300_000);
    const file = await uploadFile(ada, 'photo.bin', data);
    expect(file).toMatchObject({ name: 'photo.bin', size: data.byteLength, sha256: sha256(data), owner_id: ada.id });
    const sql = adminSql();
    const [v] = await sql`select count(*)::int as n from app.file_versions where file_id = ${file.id}`;
    await sql.end();
    expect(v.n).toBe(1);
  });

  it('refuses an upload over the quota before any byte is stored', async () => {
    const { res, json } = await beginUpload(ada, { name: 'huge.bin', size: 2 * 1024 ** 3, mime: 'application/octet-stream' });
    expect(res.status).toBe(413);
    expect(json.message).toMatch(/too large|Not enough storage/);
    // No URL to send bytes to, and nothing reserved. (Counting objects on disk would race
    // with the other test files uploading to the same stack.)
    expect(json.url).toBeUndefined();
    const sql = adminSql();
    const [u] = await sql`select count(*)::int as n from app.uploads where owner_id = ${ada.id} and name = 'huge.bin'`;
    await sql.end();
    expect(u.n).toBe(0);
  });

  it('refuses a forged upload token and a token for another upload', async () => {
    const a = await beginUpload(ada, { name: 'a.txt', size: 3, mime: 'text/plain' });
    const b = await beginUpload(ada, { name: 'b.txt', size: 3, mime: 'text/plain' });
    const forged = a.json.url.replace(/token=([^&]+)/, (_: string, t: string) => `token=${t.slice(0, -4)}AAAA`);
    expect((await fetch(forged, { method: 'PUT', body: 'abc' })).status).toBe(403);
    const swapped = b.json.url.replace(/token=.*/, a.json.url.match(/token=.*/)[0]);
    expect((await fetch(swapped, { method: 'PUT', body: 'abc' })).status).toBe(403);
    const none = a.json.url.replace(/\?token=.*/, '');
    expect((await fetch(none, { method: 'PUT', body: 'abc' })).status).toBe(401);
  });

  it('refuses more bytes than reserved, and completing a short upload', async () => {
    const up = await beginUpload(ada, { name: 'short.txt', size: 10, mime: 'text/plain' });
    const tooMany = await fetch(up.json.url, { method: 'PUT', body: 'x'.repeat(11) });
    expect(tooMany.status).toBe(413);
    const put = await fetch(up.json.url, { method: 'PUT', body: 'x'.repeat(5) });
    expect(put.status).toBe(200);
    const done = await fetch(`${functionsUrl()}/uploads/${up.json.upload_id}/complete`, { method: 'POST', headers: ada.auth });
    expect(done.status).toBe(400);
    expect((await done.json()).message).toBe('The upload is incomplete: 5 of 10 bytes arrived.');
  });

  it('refuses a chunked body without a length, keeping the upload open for a proper retry', async () => {
    const up = await beginUpload(ada, { name: 'chunked.txt', size: 6, mime: 'text/plain' });
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('hello\n'));
        c.close();
      },
    });
    // @ts-expect-error Node's fetch needs duplex for a streamed body
    const chunked = await fetch(up.json.url, { method: 'PUT', body, duplex: 'half' });
    expect(chunked.status).toBe(411);
    expect(await chunked.json()).toMatchObject({ code: 'PT411', message: expect.stringMatching(/Content-Length is required/) });
    const put = await fetch(up.json.url, { method: 'PUT', body: 'hello\n' });
    expect(put.status).toBe(200);
    const done = await fetch(`${functionsUrl()}/uploads/${up.json.upload_id}/complete`, { method: 'POST', headers: ada.auth });
    expect(done.status).toBe(200);
  });

  it('refuses an executable by its content even under an innocent name', async () => {
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...randomBytes(100)]);
    await expect(uploadFile(ada, 'holiday.jpg', elf)).rejects.toThrow(/complete: 415/);
  });

  it('cancels an upload and releases its reservation', async () => {
    const up = await beginUpload(ada, { name: 'cancel.txt', size: 1000, mime: 'text/plain' });
    const del = await fetch(`${functionsUrl()}/uploads/${up.json.upload_id}`, { method: 'DELETE', headers: ada.auth });
    expect(del.status).toBe(204);
    const again = await fetch(`${functionsUrl()}/uploads/${up.json.upload_id}`, { method: 'DELETE', headers: ada.auth });
    expect(again.status).toBe(404);
  });

  it('answers 401 without a token and 400 on bad input', async () => {
    const res = await fetch(`${functionsUrl()}/uploads`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const bad = await beginUpload(ada, { name: '../x', size: 1 });
    expect(bad.res.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'PT400', message: 'A name cannot contain "/" or "\\".' });
    const notJson = await fetch(`${functionsUrl()}/uploads`, { method: 'POST', headers: ada.auth, body: 'nope' });
    expect(notJson.status).toBe(400);
    const noSize = await beginUpload(ada, { name: 'x.txt', size: -1 });
    expect(noSize.res.status).toBe(400);
  });
});

describe('downloads', () => {
  let file: { id: string; current_version_id: string };
  const data = randomBytes(100_000);

  beforeAll(async () => {
    file = await uploadFile(ada, 'Résumé "final".pdf', data, { mime: 'application/pdf' });
  });

  it('streams the bytes with safe headers', async () => {
    const { res, json } = await downloadUrl(ada, { file_id: file.id });
    expect(res.status).toBe(200);
    const got = await fetch(json.url);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    expect(got.headers.get('content-length')).toBe(String(data.byteLength));
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });

  it('serves ranges and answers 304 for a current copy', async () => {
    const { json } = await downloadUrl(ada, { file_id: file.id });
    const part = await fetch(json.url, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${data.byteLength}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(10, 20))).toBe(true);
    const tail = await fetch(json.url, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(-5))).toBe(true);
    const outside = await fetch(json.url, { headers: { range: `bytes=${data.byteLength}-` } });
    expect(outside.status).toBe(416);
    await outside.body?.cancel();
    const etag = part.headers.get('etag')!;
    expect(etag).toBe(`"${sha256(data)}"`);
    const cached = await fetch(json.url, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
  });

  it('shows safe types inline only when asked, and never HTML', async () => {
    const { json } = await downloadUrl(ada, { file_id: file.id, disposition: 'inline' });
    const got = await fetch(json.url);
    expect(got.headers.get('content-disposition')).toMatch(/^inline;/);
    await got.body?.cancel();
    const html = await uploadFile(ada, 'page.html', new TextEncoder().encode('<!doctype html><script>alert(1)</script>'));
    expect(html.mime_type).toBe('text/html');
    const h = await downloadUrl(ada, { file_id: html.id, disposition: 'inline' });
    const page = await fetch(h.json.url);
    expect(page.headers.get('content-disposition')).toMatch(/^attachment;/);
    await page.body?.cancel();
  });

  it('refuses another user, a forged token and a token for another version', async () => {
    const other = await downloadUrl(bob, { file_id: file.id });
    expect(other.res.status).toBe(404);
    const { json } = await downloadUrl(ada, { file_id: file.id });
    const forged = json.url.replace(/token=([^&]+)/, (_: string, t: string) => `token=${t.slice(0, -4)}AAAA`);
    expect((await fetch(forged)).status).toBe(403);
    const wrongVersion = json.url.replace(file.current_version_id, '00000000-0000-4000-8000-000000000000');
    expect((await fetch(wrongVersion)).status).toBe(403);
  });
});

describe('the original store_file / retrieve_file API', () => {
  it('stores and retrieves a file byte for byte, at the root and under /rest/v1', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 17);
    const stored = await fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'application/octet-stream', 'file-path': '/seed/data.bin', description: 'seed' },
      body: data,
    });
    expect(stored.status).toBe(200);
    const id = await stored.json();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    for (const prefix of ['', '/rest/v1']) {
      const got = await fetch(`${stack.apiUrl}${prefix}/rpc/retrieve_file?p_file_path=${encodeURIComponent('/seed/data.bin')}`, {
        headers: ada.auth,
      });
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    }
    const again = await fetch(`${stack.apiUrl}/rest/v1/rpc/store_file`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'application/octet-stream', 'file-path': 'seed/data.bin' },
      body: 'v2',
    });
    expect(await again.json()).toBe(id);
    const v2 = await fetch(`${stack.apiUrl}/rpc/retrieve_file?p_file_path=seed/data.bin`, { headers: ada.auth });
    expect(await v2.text()).toBe('v2');
  });

  it('answers 400 "File not found." for another user and a missing file, 401 without a token', async () => {
    await fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'application/octet-stream', 'file-path': 'private.txt' },
      body: 'secret',
    });
    const other = await fetch(`${stack.apiUrl}/rpc/retrieve_file?p_file_path=private.txt`, { headers: bob.auth });
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ message: 'File not found.' });
    const missing = await fetch(`${stack.apiUrl}/rpc/retrieve_file?p_file_path=nope.txt`, { headers: ada.auth });
    expect(missing.status).toBe(400);
    await missing.body?.cancel();
    const anon = await rest('/rpc/retrieve_file?p_file_path=private.txt');
    expect(anon.status).toBe(401);
    await anon.body?.cancel();
  });

  it('refuses a path-traversal File-Path', async () => {
    const res = await fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'application/octet-stream', 'file-path': '../../etc/passwd' },
      body: 'x',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe('A path cannot contain "." or ".." segments.');
    const get = await fetch(`${stack.apiUrl}/rpc/retrieve_file?p_file_path=../../etc/passwd`, { headers: ada.auth });
    expect(get.status).toBe(400);
    await get.body?.cancel();
  });
});

describe('avatars', () => {
  /** A PNG of w x h solid pixels, made with a tiny encoder (stored, uncompressed deflate). */
  function png(w: number, h: number): Buffer {
    const crc = (buf: Buffer) => {
      let c = ~0;
      for (const b of buf) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      return ~c >>> 0;
    };
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const td = Buffer.concat([Buffer.from(type), data]);
      const c = Buffer.alloc(4);
      c.writeUInt32BE(crc(td));
      return Buffer.concat([len, td, c]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const raw = Buffer.alloc((w * 3 + 1) * h, 0x80);
    for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  it('resizes an image to a square WebP, saves its URL on the profile and serves it', async () => {
    const res = await fetch(`${functionsUrl()}/avatar`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'image/png' },
      body: png(400, 300),
    });
    expect(res.status).toBe(200);
    const { avatar_url } = await res.json();
    expect(avatar_url).toContain(`/functions/v1/files/avatars/${ada.id}`);
    const sql = adminSql();
    const [user] = await sql`select avatar_url from app.users where id = ${ada.id}`;
    await sql.end();
    expect(user.avatar_url).toBe(avatar_url);
    const img = await fetch(avatar_url);
    expect(img.headers.get('content-type')).toBe('image/webp');
    const bytes = Buffer.from(await img.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString()).toBe('WEBP');
  });

  it('refuses what is not an image, and pixel bombs', async () => {
    const text = await fetch(`${functionsUrl()}/avatar`, { method: 'POST', headers: ada.auth, body: 'hello' });
    expect(text.status).toBe(415);
    await text.body?.cancel();
    const bomb = png(1, 1);
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    const res = await fetch(`${functionsUrl()}/avatar`, { method: 'POST', headers: ada.auth, body: bomb });
    expect(res.status).toBe(400);
    await res.body?.cancel();
  });
});
