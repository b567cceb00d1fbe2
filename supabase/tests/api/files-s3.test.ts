// The S3 driver against a real S3-protocol server (s3rver) started here, with
// its own stack (STORAGE_DRIVER=s3): presigned PUT and GET straight to the
// bucket (with the type and disposition the bucket must answer), multipart
// through the function, ranges, public links, thumbnails, and collection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import { Image } from 'imagescript';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { sha256, userOnOwnStack } from './files-support';
import postgres from 'postgres';

let s3: S3rver;
let s3Dir: string;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let auth: Record<string, string>;
let s3Endpoint: string;

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-s3-'));
  const port = await freePort();
  s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'pgdrive', configs: [] }] });
  await s3.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
  stack = await startTestStack({
    env: {
      STORAGE_DRIVER: 's3',
      STORAGE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      STORAGE_S3_BUCKET: 'pgdrive',
      STORAGE_S3_ACCESS_KEY_ID: 'S3RVER',
      STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER',
      STORAGE_S3_REGION: 'us-east-1',
    },
  });
  auth = (await userOnOwnStack(stack, 's3@example.com')).auth;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const fn = () => `${stack.apiUrl}/functions/v1/files`;

/** A client of the bucket itself, to see what it stores. */
const bucket = () => new S3Client({
  endpoint: s3Endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

/** The object key of a file's current version. */
async function objectKey(fileId: string): Promise<string> {
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  const [v] = await sql`select v.object_key from app.files f join app.file_versions v on v.id = f.current_version_id
                        where f.id = ${fileId}`;
  await sql.end();
  return v.object_key;
}

/** A signed upload straight to the bucket, declaring `mime`; answers the file row. */
async function uploadDirect(name: string, data: Buffer, mime: string) {
  const begin = await fetch(`${fn()}/uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name, size: data.byteLength, mime }),
  });
  const up = await begin.json();
  expect(begin.status, JSON.stringify(up)).toBe(201);
  expect((await fetch(up.url, { method: 'PUT', headers: up.headers, body: data })).status).toBe(200);
  const done = await fetch(`${fn()}/uploads/${up.upload_id}/complete`, { method: 'POST', headers: auth });
  const file = await done.json();
  expect(done.status, JSON.stringify(file)).toBe(200);
  return file;
}

describe('the s3 driver', () => {
  it('uploads with a presigned PUT, completes by reading the object back, and downloads with a presigned GET', async () => {
    const data = randomBytes(500_000);
    const begin = await fetch(`${fn()}/uploads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'direct.bin', size: data.byteLength, mime: 'application/octet-stream' }),
    });
    const up = await begin.json();
    expect(begin.status).toBe(201);
    expect(up.url).toContain('X-Amz-Signature');
    const put = await fetch(up.url, { method: 'PUT', headers: up.headers, body: data });
    expect(put.status).toBe(200);
    const done = await fetch(`${fn()}/uploads/${up.upload_id}/complete`, { method: 'POST', headers: auth });
    const file = await done.json();
    expect(done.status).toBe(200);
    expect(file).toMatchObject({ size: data.byteLength, sha256: sha256(data) });
    const link = await fetch(`${fn()}/download-url`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: file.id }),
    });
    const { url } = await link.json();
    expect(url).toContain('X-Amz-Signature');
    const got = await fetch(url);
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="direct.bin"/);
  });

  it('presigns GETs that make the bucket send a safe type and disposition, never HTML or SVG to render', async () => {
    const cases = [
      // [name, bytes, type the client declared to the bucket, asked disposition, expected type, expected disposition]
      ['page.html', '<!doctype html><script>alert(document.domain)</script>', 'text/html', 'inline', 'application/octet-stream', 'attachment'],
      ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml', 'inline', 'application/octet-stream', 'attachment'],
      ['notes.txt', 'plain words', 'text/plain', 'inline', 'text/plain; charset=utf-8', 'inline'],
      ['notes2.txt', 'plain words', 'text/plain', 'attachment', 'text/plain; charset=utf-8', 'attachment'],
    ] as const;
    for (const [name, body, declared, disposition, type, kind] of cases) {
      const data = Buffer.from(body);
      const file = await uploadDirect(name, data, declared);
      // What the uploader declared is what the bucket keeps: only the presigned overrides stand between it and a browser.
      const head = await bucket().send(new HeadObjectCommand({ Bucket: 'pgdrive', Key: `objects/${await objectKey(file.id)}` }));
      expect(head.ContentType).toBe(declared);
      const link = await fetch(`${fn()}/download-url`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ file_id: file.id, disposition }),
      });
      const { url } = await link.json();
      expect(url).toContain('response-content-type=');
      const got = await fetch(url);
      expect(got.status, name).toBe(200);
      expect(got.headers.get('content-type'), name).toBe(type);
      expect(got.headers.get('content-disposition'), name).toBe(`${kind}; filename="${name}"; filename*=UTF-8''${name}`);
      expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    }
  });

  it('streams a public link from the bucket through the function, with nosniff and ranges', async () => {
    const data = randomBytes(100_000);
    const file = await uploadDirect('shared.bin', data, 'application/octet-stream');
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/update_file`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: file.id, visibility: 'public' }),
    });
    const { public_token } = await res.json();
    const got = await fetch(`${fn()}/public/${public_token}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    const part = await fetch(`${fn()}/public/${public_token}`, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(1000, 2000))).toBe(true);
  });

  it('streams store_file through a multipart upload and serves ranges from the bucket', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 5);
    const stored = await fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream', 'file-path': 'big/multipart.bin' },
      body: data,
    });
    expect(stored.status).toBe(200);
    const got = await fetch(`${stack.apiUrl}/rpc/retrieve_file?p_file_path=big/multipart.bin`, { headers: auth });
    const back = Buffer.from(await got.arrayBuffer());
    expect(sha256(back)).toBe(sha256(data));
    const part = await fetch(`${stack.apiUrl}/rpc/retrieve_file?p_file_path=big/multipart.bin`, {
      headers: { ...auth, range: 'bytes=8388600-8388615' },
    });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(8388600, 8388616))).toBe(true);
  });

  it('stores a thumbnail in the bucket beside the image and serves it from there', async () => {
    const image = new Image(900, 600);
    image.fill(0x33aa55ff);
    const file = await uploadDirect('leaf.jpg', Buffer.from(await image.encodeJPEG(85)), 'image/jpeg');
    const res = await fetch(`${fn()}/thumbnails/${file.current_version_id}`, { headers: auth });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('x-thumbnail-size')).toBe('320x213');
    const webp = Buffer.from(await res.arrayBuffer());
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    const [t] = await sql`select object_key, sha256 from app.thumbnails where version_id = ${file.current_version_id}`;
    await sql.end();
    expect(sha256(webp)).toBe(t.sha256);
    const head = await bucket().send(new HeadObjectCommand({ Bucket: 'pgdrive', Key: `objects/${t.object_key}` }));
    expect(head.ContentLength).toBe(webp.byteLength);
    const again = await fetch(`${fn()}/thumbnails/${file.current_version_id}`, { headers: auth });
    expect(Buffer.from(await again.arrayBuffer()).equals(webp), 'served from the bucket').toBe(true);
  });

  it('deletes a purged file from the bucket once collected', async () => {
    const stored = await fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream', 'file-path': 'gone.txt' },
      body: 'bye',
    });
    const id = await stored.json();
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    const [v] = await sql`select object_key from app.file_versions where file_id = ${id}`;
    const objectPath = path.join(s3Dir, 'pgdrive', 'objects', v.object_key);
    const exists = () => fs.readdirSync(path.join(s3Dir, 'pgdrive', 'objects')).some((f) => f.startsWith(v.object_key));
    expect(exists()).toBe(true);
    await sql`delete from app.files where id = ${id}`;
    await sql.end();
    const res = await fetch(`${fn()}/maintenance`, { method: 'POST', headers: { authorization: `Bearer ${stack.serviceRoleKey}` } });
    expect((await res.json()).deletedObjects).toBeGreaterThanOrEqual(1);
    expect(exists(), objectPath).toBe(false);
  });
});
