// Storage faults, each on a stack of its own: the disk under the fs driver
// filling up (a small tmpfs mounted here: the test runs as root, as CI does)
// and the S3 service going away (s3rver stopped, then started again on the
// same port and folder). A full disk answers 507 and keeps nothing: no object,
// no temporary file, no upload row, the reservation given back. An S3 outage
// answers 503 with Retry-After and records nothing; once the service is back,
// uploads work again, and every file row points at an object that exists.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import postgres from 'postgres';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { userOnOwnStack } from './files-support';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

/** What the database holds for a user: files, uploads waiting for bytes, and bytes counted as used. */
async function holdings(stack: Stack, userId: string) {
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select
      (select count(*)::int from app.files where owner_id = ${userId}) as files,
      (select count(*)::int from app.uploads where owner_id = ${userId} and status = 'pending') as uploads,
      (select coalesce(sum(used), 0)::bigint from app.storage_accounts where owner_id = ${userId}) as used`;
    return { files: row.files, uploads: row.uploads, used: Number(row.used) };
  } finally {
    await sql.end();
  }
}

/** Begins a signed upload and sends its bytes; answers the PUT's response and the upload's id. */
async function signedPut(stack: Stack, auth: Record<string, string>, name: string, data: Uint8Array) {
  const begin = await fetch(`${stack.apiUrl}/functions/v1/files/uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name, size: data.byteLength, mime: 'application/octet-stream' }),
  });
  const upload = await begin.json();
  expect(begin.status, JSON.stringify(upload)).toBe(201);
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: data });
  return { put, uploadId: upload.upload_id as string };
}

/** Completes a signed upload. */
async function complete(stack: Stack, auth: Record<string, string>, uploadId: string) {
  return await fetch(`${stack.apiUrl}/functions/v1/files/uploads/${uploadId}/complete`, { method: 'POST', headers: auth });
}

/** Creates a tus upload with its bytes in the same request (creation-with-upload). */
async function tusCreate(stack: Stack, auth: Record<string, string>, name: string, data: Uint8Array) {
  return await fetch(`${stack.apiUrl}/functions/v1/files/tus`, {
    method: 'POST',
    headers: {
      ...auth,
      'tus-resumable': '1.0.0',
      'upload-length': String(data.byteLength),
      'upload-metadata': `filename ${Buffer.from(name).toString('base64')}`,
      'content-type': 'application/offset+octet-stream',
    },
    body: data,
  });
}

/** Stores a file in one request through the function (rpc/store_file: bytes through the driver). */
async function storeFile(stack: Stack, auth: Record<string, string>, name: string, data: Uint8Array) {
  return await fetch(`${stack.apiUrl}/functions/v1/files/rpc/store_file`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream', 'file-path': `/${name}` },
    body: data,
  });
}

/** Every file under `dir`, recursively (missing: none). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Mounts a tmpfs of `size` at a new folder; null when this machine does not let us (not root). */
function mountSmallDisk(size: string): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

const disk = process.getuid?.() === 0 ? mountSmallDisk('8m') : null;

describe.skipIf(!disk)('a full disk under the fs driver', () => {
  let stack: Stack;
  let user: Awaited<ReturnType<typeof userOnOwnStack>>;
  const filler = () => path.join(disk!, 'filler');

  beforeAll(async () => {
    stack = await startTestStack({ env: { STORAGE_FS_ROOT: path.join(disk!, 'storage'), STORAGE_TUS_DIR: path.join(disk!, 'tus') } });
    user = await userOnOwnStack(stack, 'full-disk@example.com');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    try {
      execFileSync('umount', [disk!], { stdio: 'ignore' });
    } finally {
      fs.rmSync(disk!, { recursive: true, force: true });
    }
  });

  /** Leaves `bytes` free on the small disk. */
  function fillLeaving(bytes: number) {
    fs.rmSync(filler(), { force: true });
    const { bavail, bsize } = fs.statfsSync(disk!);
    fs.writeFileSync(filler(), Buffer.alloc(Math.max(0, bavail * bsize - bytes)));
  }

  it('answers 507 to a signed upload and keeps no object, temporary file, upload row or reservation', async () => {
    fillLeaving(256 * 1024);
    const { put, uploadId } = await signedPut(stack, user.auth, 'too-big.bin', randomBytes(2 * 1024 * 1024));
    expect(put.status).toBe(507);
    expect(put.headers.get('content-type')).toMatch(/application\/json/);
    expect(await put.json()).toMatchObject({ code: 'PT507', message: expect.stringMatching(/storage is full/) });
    expect(await holdings(stack, user.id)).toEqual({ files: 0, uploads: 0, used: 0 });
    expect(filesUnder(path.join(disk!, 'storage'))).toEqual([]);
    const again = await complete(stack, user.auth, uploadId);
    expect(again.status).toBe(404);
  });

  it('answers 507 to a tus upload and keeps neither its parts nor its row', async () => {
    fillLeaving(256 * 1024);
    const res = await tusCreate(stack, user.auth, 'too-big-tus.bin', randomBytes(2 * 1024 * 1024));
    expect(res.status).toBe(507);
    expect(await res.json()).toMatchObject({ code: 'PT507' });
    expect(await holdings(stack, user.id)).toEqual({ files: 0, uploads: 0, used: 0 });
    expect(filesUnder(path.join(disk!, 'tus'))).toEqual([]);
    expect(filesUnder(path.join(disk!, 'storage'))).toEqual([]);
  });

  it('takes uploads again once space is freed', async () => {
    fs.rmSync(filler(), { force: true });
    const data = randomBytes(2 * 1024 * 1024);
    const { put, uploadId } = await signedPut(stack, user.auth, 'fits-now.bin', data);
    expect(put.status).toBe(200);
    expect((await complete(stack, user.auth, uploadId)).status).toBe(200);
    const tus = await tusCreate(stack, user.auth, 'fits-now-tus.bin', data);
    expect(tus.status).toBe(201);
    expect(await holdings(stack, user.id)).toEqual({ files: 2, uploads: 0, used: 2 * data.byteLength });
  });
});

describe('the S3 service down', () => {
  let s3: S3rver;
  let s3Dir: string;
  let s3Port: number;
  let stack: Stack;
  let user: Awaited<ReturnType<typeof userOnOwnStack>>;

  const startS3 = async () => {
    s3 = new S3rver({ port: s3Port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'pgdrive', configs: [] }] });
    await s3.run();
  };

  beforeAll(async () => {
    s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-s3-down-'));
    s3Port = await freePort();
    await startS3();
    stack = await startTestStack({
      env: {
        STORAGE_DRIVER: 's3',
        STORAGE_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
        STORAGE_S3_BUCKET: 'pgdrive',
        STORAGE_S3_ACCESS_KEY_ID: 'S3RVER',
        STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER',
        STORAGE_S3_REGION: 'us-east-1',
      },
    });
    user = await userOnOwnStack(stack, 's3-down@example.com');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await s3?.close().catch(() => {});
    fs.rmSync(s3Dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down, and records nothing', async () => {
    const before = await storeFile(stack, user.auth, 'before.bin', randomBytes(64 * 1024));
    expect(before.status, await before.clone().text()).toBe(200);
    await s3.close();

    const stored = await storeFile(stack, user.auth, 'while-down.bin', randomBytes(64 * 1024));
    expect(stored.status).toBe(503);
    expect(stored.headers.get('retry-after')).toBe('5');
    expect(await stored.json()).toMatchObject({ code: 'PT503', message: expect.stringMatching(/storage service is unavailable/) });

    // Bytes sent straight to the bucket never arrived: completing asks the bucket, which cannot answer.
    const begin = await fetch(`${stack.apiUrl}/functions/v1/files/uploads`, {
      method: 'POST',
      headers: { ...user.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'direct.bin', size: 10, mime: 'application/octet-stream' }),
    });
    const { upload_id } = await begin.json();
    const done = await complete(stack, user.auth, upload_id);
    expect(done.status).toBe(503);
    expect(done.headers.get('retry-after')).toBe('5');
    expect(await done.json()).toMatchObject({ code: 'PT503' });

    // One file (from before), and the direct upload still waiting for its bytes (it can be completed later).
    expect(await holdings(stack, user.id)).toEqual({ files: 1, uploads: 1, used: 64 * 1024 });
  });

  it('works again once the service is back, and every file row has its object', async () => {
    await startS3();
    const after = await storeFile(stack, user.auth, 'after.bin', randomBytes(64 * 1024));
    expect(after.status, await after.clone().text()).toBe(200);
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    const keys = await sql`select v.object_key from app.file_versions v join app.files f on f.id = v.file_id
                           where f.owner_id = ${user.id}`;
    await sql.end();
    expect(keys).toHaveLength(2);
    const bucket = new S3Client({
      endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    for (const { object_key } of keys) {
      const head = await bucket.send(new HeadObjectCommand({ Bucket: 'pgdrive', Key: `objects/${object_key}` }));
      expect(head.ContentLength).toBe(64 * 1024);
    }
  });
});
