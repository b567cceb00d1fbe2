// Resumable uploads on any worker: with the s3 driver tus keeps an upload's
// bytes in the bucket, so an upload begun on one gateway process resumes on
// another that has its own empty disk, as hosted Edge Functions give every
// worker its own ephemeral /tmp. Two gateway processes run here on the shared
// test database, each with its own data folder, tus folder and TMPDIR,
// against a real S3-protocol server (s3rver, behind a front that adds the
// multipart calls it lacks: s3-multipart-shim.ts); the first is killed halfway.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import { ListObjectsV2Command, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startChild, stopChild, waitForHttp } from '../../../scripts/lib/processes.mjs';
import { DENO, GATEWAY_ARGS, ownGatewayEnv } from '../../../scripts/lib/stack.mjs';
import { adminSql, stack } from './support';
import { createUser, sha256, type TestUser } from './files-support';
import { startMultipartShim } from './s3-multipart-shim';

const MiB = 1024 * 1024;

let s3: S3rver;
let shim: Awaited<ReturnType<typeof startMultipartShim>>;
let s3Dir: string;
let s3Endpoint: string;
let ada: TestUser;
const gateways: { child: ChildProcess; dir: string }[] = [];

const bucket = () => new S3Client({
  endpoint: s3Endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});

/** Every key in the bucket. */
async function keys(): Promise<string[]> {
  const page = await bucket().send(new ListObjectsV2Command({ Bucket: 'pgdrive' }));
  return (page.Contents ?? []).map((o) => o.Key!);
}

/** A gateway process of its own on the shared database: its own port, data folder, tus folder and temporary folder. */
async function startGateway(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-tus-worker-'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  const { url, env } = await ownGatewayEnv(stack, {
    port: await freePort(),
    dataDir: dir,
    extra: {
      STORAGE_DRIVER: 's3',
      STORAGE_S3_ENDPOINT: s3Endpoint,
      STORAGE_S3_BUCKET: 'pgdrive',
      STORAGE_S3_ACCESS_KEY_ID: 'S3RVER',
      STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER',
      STORAGE_S3_REGION: 'us-east-1',
      STORAGE_TUS_DIR: path.join(dir, 'tus'),
      // tus spools each part here on its way to the bucket: this worker's own.
      TMPDIR: path.join(dir, 'tmp'),
    },
  });
  const child = startChild('tus-worker', DENO, GATEWAY_ARGS, { env, log: () => {} });
  gateways.push({ child, dir });
  await waitForHttp(`${url}/functions/v1/files/nothing`, child);
  return { url, child, dir };
}

/** Kills a worker and throws its disk away. */
async function killGateway(worker: { child: ChildProcess; dir: string }) {
  worker.child.kill('SIGKILL');
  await new Promise((resolve) => worker.child.once('exit', resolve));
  fs.rmSync(worker.dir, { recursive: true, force: true });
}

beforeAll(async () => {
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-tus-s3-'));
  const port = await freePort();
  s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'pgdrive', configs: [] }] });
  await s3.run();
  shim = await startMultipartShim(`http://127.0.0.1:${port}`);
  s3Endpoint = shim.url;
  ada = await createUser('tus-s3');
}, 60_000);

afterAll(async () => {
  // This file's drive rows name objects in its own bucket, not the shared stack's storage, which
  // the stack-wide checks of other files (every version's object exists) read: they go again.
  if (ada) {
    const sql = adminSql();
    try {
      const objects = (await sql`select object_key from app.file_versions where owner_id = ${ada.id}`).map((r) => r.object_key);
      await sql`delete from app.files where owner_id = ${ada.id}`;
      await sql`delete from app.storage_garbage where object_key = any(${objects})`;
    } finally {
      await sql.end();
    }
  }
  for (const g of gateways) await stopChild(g.child).catch(() => {});
  for (const g of gateways) fs.rmSync(g.dir, { recursive: true, force: true });
  await shim?.close();
  await s3?.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const tusHeaders = () => ({ ...ada.auth, 'tus-resumable': '1.0.0' });

async function create(base: string, name: string, mime: string, size: number): Promise<string> {
  const res = await fetch(`${base}/functions/v1/files/tus/`, {
    method: 'POST',
    headers: {
      ...tusHeaders(),
      'upload-length': String(size),
      'upload-metadata': `filename ${Buffer.from(name).toString('base64')},mime ${Buffer.from(mime).toString('base64')}`,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return new URL(res.headers.get('location')!).pathname.split('/').pop()!;
}

function patch(base: string, id: string, offset: number, bytes: Uint8Array) {
  return fetch(`${base}/functions/v1/files/tus/${id}`, {
    method: 'PATCH',
    headers: { ...tusHeaders(), 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    body: bytes,
  });
}

describe('tus with the s3 driver', () => {
  it('resumes on a second process with an empty disk an upload the first began and died with, byte for byte', async () => {
    // 13 MiB: the first process stores one 8 MiB part and a 1 MiB tail (shorter than S3's 5 MiB
    // part minimum, kept as an object of its own); the second joins the tail to the rest.
    const data = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(13 * MiB - 9)]);
    const half = 9 * MiB;
    const sql = adminSql();
    try {
      const [{ used: usedBefore }] = await sql`
        select coalesce((select used from app.storage_accounts where owner_id = ${ada.id}), 0)::bigint as used`;

      const first = await startGateway();
      const id = await create(first.url, 'resumed.pdf', 'application/pdf', data.byteLength);
      const sent = await patch(first.url, id, 0, data.subarray(0, half));
      expect(sent.status, await sent.clone().text()).toBe(204);
      expect(sent.headers.get('upload-offset')).toBe(String(half));
      await killGateway(first);

      // The bytes so far live in the bucket, under tus/, not yet as a drive object.
      const stored = await keys();
      expect(stored).toContain(`tus/${id}.info`);
      expect(stored).toContain(`tus/${id}.part`);
      expect(stored.filter((k) => k.startsWith('objects/'))).toEqual([]);

      const second = await startGateway();
      const head = await fetch(`${second.url}/functions/v1/files/tus/${id}`, { method: 'HEAD', headers: tusHeaders() });
      expect(head.status).toBe(200);
      expect(head.headers.get('upload-offset')).toBe(String(half));
      expect(head.headers.get('upload-length')).toBe(String(data.byteLength));

      const rest = await patch(second.url, id, half, data.subarray(half));
      expect(rest.status, await rest.clone().text()).toBe(204);
      expect(rest.headers.get('upload-offset')).toBe(String(data.byteLength));
      const fileId = rest.headers.get('upload-file-id');
      expect(fileId).toMatch(/^[0-9a-f-]{36}$/);

      // Completed by the same SQL as every upload: size, checksum, sniffed type, quota.
      const [version] = await sql`
        select v.size, v.sha256, v.mime_type, v.object_key, u.status
        from app.files f join app.file_versions v on v.id = f.current_version_id
        join app.uploads u on u.id = ${id}
        where f.id = ${fileId}`;
      expect(Number(version.size)).toBe(data.byteLength);
      expect(version.sha256).toBe(sha256(data));
      expect(version.mime_type).toBe('application/pdf');
      const [{ used }] = await sql`select used from app.storage_accounts where owner_id = ${ada.id}`;
      expect(Number(used) - Number(usedBefore)).toBe(data.byteLength);

      // The drive's object is the whole file, byte for byte, read back through a presigned GET.
      const link = await fetch(`${second.url}/functions/v1/files/download-url`, {
        method: 'POST',
        headers: { ...ada.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ file_id: fileId }),
      });
      const { url } = await link.json();
      const got = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(got.byteLength).toBe(data.byteLength);
      expect(sha256(got)).toBe(sha256(data));

      // tus's copy is gone once the answer is out: nothing left under tus/, no multipart upload open.
      await expect.poll(async () => (await keys()).filter((k) => k.startsWith('tus/')), { timeout: 5000 }).toEqual([]);
      const open = await bucket().send(new ListMultipartUploadsCommand({ Bucket: 'pgdrive' }));
      expect(open.Uploads ?? []).toEqual([]);
      expect(await keys()).toContain(`objects/${version.object_key}`);
    } finally {
      await sql.end();
    }
  }, 120_000);

  it('terminates an upload on another process than began it: nothing left in the bucket, the reservation back', async () => {
    const first = await startGateway();
    const data = randomBytes(7 * MiB);
    const id = await create(first.url, 'abandoned.bin', 'application/octet-stream', data.byteLength);
    expect((await patch(first.url, id, 0, data.subarray(0, 6 * MiB))).status).toBe(204);
    await killGateway(first);
    const second = await startGateway();
    const res = await fetch(`${second.url}/functions/v1/files/tus/${id}`, { method: 'DELETE', headers: tusHeaders() });
    expect(res.status, await res.clone().text()).toBe(204);
    await expect.poll(async () => (await keys()).filter((k) => k.startsWith(`tus/${id}`)), { timeout: 5000 }).toEqual([]);
    const open = await bucket().send(new ListMultipartUploadsCommand({ Bucket: 'pgdrive' }));
    expect((open.Uploads ?? []).map((u) => u.Key)).not.toContain(`tus/${id}`);
    const sql = adminSql();
    try {
      await expect.poll(async () => (await sql`select from app.uploads where id = ${id} and status = 'pending'`).length,
        { timeout: 5000 }).toBe(0);
    } finally {
      await sql.end();
    }
  }, 60_000);

  it('refuses at completion what its first bytes show to be a program, and leaves nothing in the bucket', async () => {
    const worker = await startGateway();
    // A Windows program's header (MZ), declared as a photo.
    const data = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), randomBytes(64 * 1024)]);
    const id = await create(worker.url, 'holiday.png', 'image/png', data.byteLength);
    const sql = adminSql();
    try {
      const [{ object_key: objectKey }] = await sql`select object_key from app.uploads where id = ${id}`;
      const res = await patch(worker.url, id, 0, data);
      expect(res.status, await res.clone().text()).toBe(415);
      expect(await sql`select from app.uploads where id = ${id}`).toHaveLength(0);
      await expect.poll(async () => (await keys()).filter((k) => k.includes(id) || k.includes(objectKey)), { timeout: 5000 })
        .toEqual([]);
    } finally {
      await sql.end();
    }
  }, 60_000);
});
