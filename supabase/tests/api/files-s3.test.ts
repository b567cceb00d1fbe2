// The S3 driver against a real S3-protocol server (s3rver) started here, with
// its own stack (STORAGE_DRIVER=s3): presigned PUT and GET straight to the
// bucket, multipart through the function, ranges, and collection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { sha256 } from './files-support';
import { SignJWT } from 'jose';
import postgres from 'postgres';

let s3: S3rver;
let s3Dir: string;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let auth: Record<string, string>;

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-s3-'));
  const port = await freePort();
  s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'pgdrive', configs: [] }] });
  await s3.run();
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
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  const [user] = await sql`insert into app.users (email, password_hash) values ('s3@example.com', 'x') returning id`;
  const [session] = await sql`insert into app.sessions (user_id) values (${user.id}) returning id`;
  await sql.end();
  const token = await new SignJWT({ role: 'authenticated', session_id: session.id })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setAudience('authenticated').setExpirationTime('1h')
    .sign(new TextEncoder().encode(stack.jwtSecret));
  auth = { authorization: `Bearer ${token}`, apikey: stack.anonKey };
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const fn = () => `${stack.apiUrl}/functions/v1/files`;

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
