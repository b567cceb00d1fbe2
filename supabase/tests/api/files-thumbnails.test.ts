// Thumbnails over HTTP (`GET /functions/v1/files/thumbnails/<version_id>`):
// a JPEG's WebP thumbnail for its owner, refused to another user and to a
// request without a token; a new version is a new URL with a new thumbnail
// and the old URL stops answering; the trash drops it (made again on
// restore) and a purge collects its bytes; fsck counts it as referenced,
// never as an orphan, and checks its checksum.
import fs from 'node:fs';
import path from 'node:path';
import { Image } from 'imagescript';
import { describe, expect, it } from 'vitest';
import { fsck } from '../../../scripts/lib/backup.mjs';
import { loadConfig } from '../../../scripts/lib/config.mjs';
import { adminSql, rest, stack } from './support';
import { createUser, functionsUrl, type TestUser, uploadFile } from './files-support';

async function jpeg(width: number, height: number, rgba: number): Promise<Uint8Array> {
  const image = new Image(width, height);
  image.fill(rgba);
  return new Uint8Array(await image.encodeJPEG(85));
}

const thumbnail = (user: TestUser | null, versionId: string, headers: Record<string, string> = {}) =>
  fetch(`${functionsUrl()}/thumbnails/${versionId}`, { headers: { ...(user ? user.auth : { apikey: stack.anonKey }), ...headers } });

function rpc(user: TestUser, name: string, args: Record<string, unknown>) {
  return rest(`/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
}

async function currentVersion(fileId: string): Promise<string> {
  const sql = adminSql();
  try {
    return (await sql`select current_version_id as v from app.files where id = ${fileId}`)[0].v;
  } finally {
    await sql.end();
  }
}

async function thumbnailKeys(fileId: string): Promise<string[]> {
  const sql = adminSql();
  try {
    return (await sql`select object_key from app.thumbnails where file_id = ${fileId} and object_key is not null`).map((r) => r.object_key);
  } finally {
    await sql.end();
  }
}

const objectPath = (key: string) => path.join(stack.dataDir, 'storage', 'objects', key);

async function maintenance() {
  const res = await fetch(`${stack.apiUrl}/functions/v1/files/maintenance?grace_ms=0`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
  });
  expect(res.status).toBe(200);
  return await res.json();
}

describe('thumbnails', () => {
  it('a JPEG gets a WebP thumbnail its owner sees and no one else does', async () => {
    const ada = await createUser('thumb');
    const bob = await createUser('thumb');
    const file = await uploadFile(ada, 'sunset.jpg', await jpeg(1200, 900, 0xff8800ff), { mime: 'image/jpeg' });
    const version = await currentVersion(file.id);

    const res = await thumbnail(ada, version);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(res.headers.get('x-thumbnail-size')).toBe('320x240');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(8, 12)).toString()).toBe('WEBP');
    const etag = res.headers.get('etag')!;
    expect((await thumbnail(ada, version, { 'if-none-match': etag })).status).toBe(304);

    for (const [who, answer] of [[bob, 404], [null, 401]] as const) {
      const refused = await thumbnail(who, version);
      expect(refused.status, who ? 'another user' : 'no token').toBe(answer);
      const body = await refused.json();
      expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
    }
    const notMine = await thumbnail(bob, version, { 'if-none-match': etag });
    expect(notMine.status, 'not even a 304 for the ETag').toBe(404);
    await notMine.body?.cancel();
  });

  it('bad input gets a clear JSON error: a malformed id, an unknown version, a file that is not an image', async () => {
    const ada = await createUser('thumb');
    const text = await uploadFile(ada, 'notes.txt', new TextEncoder().encode('not an image'), { mime: 'text/plain' });
    const cases: [string, number][] = [
      ['not-a-uuid', 400],
      ['00000000-0000-4000-8000-000000000000', 404],
      [await currentVersion(text.id), 404],
    ];
    for (const [id, status] of cases) {
      const res = await thumbnail(ada, id);
      expect(res.status, id).toBe(status);
      const body = await res.json();
      expect(Object.keys(body).sort(), id).toEqual(['code', 'details', 'hint', 'message']);
    }
    expect(await thumbnailKeys(text.id), 'nothing made for a text file').toEqual([]);
  });

  it('a new version is a new URL with a new thumbnail; the old URL stops answering and its bytes are collected', async () => {
    const ada = await createUser('thumb');
    const file = await uploadFile(ada, 'cat.jpg', await jpeg(400, 400, 0x222222ff), { mime: 'image/jpeg' });
    const first = await currentVersion(file.id);
    const before = await thumbnail(ada, first);
    expect(before.status).toBe(200);
    const [oldKey] = await thumbnailKeys(file.id);
    expect(fs.existsSync(objectPath(oldKey))).toBe(true);
    await before.body?.cancel();

    await uploadFile(ada, 'cat.jpg', await jpeg(300, 600, 0xeeeeeeff), { mime: 'image/jpeg' });
    const second = await currentVersion(file.id);
    expect(second).not.toBe(first);
    const old = await thumbnail(ada, first);
    expect(old.status).toBe(404);
    await old.body?.cancel();
    const after = await thumbnail(ada, second);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-thumbnail-size')).toBe('160x320');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    await after.body?.cancel();

    await maintenance();
    expect(fs.existsSync(objectPath(oldKey)), 'the old thumbnail is collected').toBe(false);
  });

  it('the trash drops a thumbnail, a restore makes it again, a purge collects it; fsck calls none an orphan', async () => {
    const ada = await createUser('thumb');
    const file = await uploadFile(ada, 'beach.jpg', await jpeg(640, 480, 0x0088ffff), { mime: 'image/jpeg' });
    const version = await currentVersion(file.id);
    await (await thumbnail(ada, version)).body?.cancel();
    const [key] = await thumbnailKeys(file.id);

    const report = await fsck(loadConfig({ ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: stack.dbUrl, WEB: 'off' }), { quick: true });
    expect(report.orphans.filter((k: string) => k.startsWith('thumbnails/'))).toEqual([]);
    expect(report.missing).not.toContain(key);
    expect(report.mismatched).not.toContain(key);

    expect((await rpc(ada, 'trash_file', { file_id: file.id })).status).toBe(200);
    const trashed = await thumbnail(ada, version);
    expect(trashed.status).toBe(404);
    await trashed.body?.cancel();
    expect(await thumbnailKeys(file.id)).toEqual([]);
    await maintenance();
    expect(fs.existsSync(objectPath(key)), 'its bytes are collected').toBe(false);

    expect((await rpc(ada, 'restore_file', { file_id: file.id })).status).toBe(200);
    const back = await thumbnail(ada, version);
    expect(back.status).toBe(200);
    await back.body?.cancel();
    const [again] = await thumbnailKeys(file.id);
    expect(again).not.toBe(key);

    expect((await rpc(ada, 'trash_file', { file_id: file.id })).status).toBe(200);
    expect((await rpc(ada, 'purge_file', { file_id: file.id })).status).toBe(204);
    await maintenance();
    expect(fs.existsSync(objectPath(again))).toBe(false);
  });
});
