// Crash safety: a gateway killed with SIGKILL in the middle of an upload and
// in the middle of completion leaves no file row without its object, no
// object unreferenced once collected, and a correct quota.
// The test runs its own gateway process (on the shared test database and
// data folder) so it can kill and restart it.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsck } from '../../../scripts/lib/backup.mjs';
import { loadConfig } from '../../../scripts/lib/config.mjs';
import { adminSql, stack } from './support';
import { accessToken, createUser, type TestUser } from './files-support';
import { ownGateway, type OwnGateway } from './own-gateway';

let gateway: OwnGateway;
let baseUrl = '';
let ada: TestUser;

/**
 * The drive's invariants after a maintenance run, by the one checker npm run
 * fsck uses: no row without its object, no object without its row, no file
 * without its version, usage equal to the versions kept, no expired upload.
 */
async function checkInvariants() {
  const report = await fsck(loadConfig({ ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: stack.dbUrl, WEB: 'off' }),
    { quick: true, afterMaintenance: true });
  expect(report.problems).toEqual([]);
}

/** Object keys in the fs store (only to see that an interrupted upload left no bytes). */
function objectsOnDisk(): string[] {
  const dir = path.join(stack.dataDir, 'storage', 'objects');
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => (/^[0-9a-f]{2}$/.test(path.basename(e.parentPath)) ? e.name : `${path.basename(e.parentPath)}/${e.name}`));
}

beforeAll(async () => {
  gateway = await ownGateway('crash-gateway');
  baseUrl = gateway.url;
  ada = await createUser('crash');
  await gateway.start();
});

afterAll(() => gateway.stop());

describe('a gateway killed with SIGKILL', () => {
  it('mid-upload leaves no object and, once the upload expires, no reservation', async () => {
    const size = 64 * 1024 * 1024;
    const begin = await fetch(`${baseUrl}/functions/v1/files/uploads`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'interrupted.bin', size, mime: 'application/octet-stream' }),
    });
    const up = await begin.json();
    let sent = 0;
    const chunk = randomBytes(256 * 1024);
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent >= size / 2) {
          await gateway.kill();
          await new Promise((r) => setTimeout(r, 200));
          c.error(new Error('gone'));
          return;
        }
        c.enqueue(chunk);
        sent += chunk.byteLength;
      },
    });
    // @ts-expect-error Node's fetch needs duplex for a streamed body
    await fetch(up.url, { method: 'PUT', headers: { 'content-length': String(size) }, body, duplex: 'half' }).catch(() => {});
    await gateway.start();
    const sql = adminSql();
    const [row] = await sql`select status, received_size from app.uploads where id = ${up.upload_id}`;
    expect(row).toMatchObject({ status: 'pending', received_size: null });
    expect(objectsOnDisk()).not.toContain(row.object_key);
    await sql`update app.uploads set expires_at = now() - interval '1 second' where id = ${up.upload_id}`;
    await sql.end();
    const report = await gateway.maintenance();
    expect(report.expiredUploads).toBeGreaterThanOrEqual(1);
    await checkInvariants();
  });

  it('mid-completion rolls back whole, and completing again succeeds', async () => {
    const data = randomBytes(3 * 1024 * 1024);
    const begin = await fetch(`${baseUrl}/functions/v1/files/uploads`, {
      method: 'POST',
      headers: { ...ada.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'completing.bin', size: data.byteLength, mime: 'application/octet-stream' }),
    });
    const up = await begin.json();
    expect((await fetch(up.url, { method: 'PUT', body: data })).status).toBe(200);

    // Hold the user's storage account locked so completion stops half-way inside its transaction.
    const blocker = adminSql();
    const held = blocker.begin(async (tx) => {
      await tx`select * from app.storage_accounts where owner_id = ${ada.id} for update`;
      await new Promise((r) => setTimeout(r, 1500));
    });
    await new Promise((r) => setTimeout(r, 100));
    const completing = fetch(`${baseUrl}/functions/v1/files/uploads/${up.upload_id}/complete`, {
      method: 'POST',
      headers: ada.auth,
    }).catch(() => null);
    await new Promise((r) => setTimeout(r, 500));
    const sql = adminSql();
    const [waiting] = await sql`select count(*)::int as n from pg_stat_activity
      where application_name = 'pgdrive-functions' and wait_event_type = 'Lock'`;
    expect(waiting.n).toBeGreaterThanOrEqual(1);
    await gateway.kill();
    await completing;
    await held;
    await blocker.end();
    await new Promise((r) => setTimeout(r, 300));
    const [row] = await sql`select status from app.uploads where id = ${up.upload_id}`;
    expect(row.status).toBe('pending');
    const files = await sql`select count(*)::int as n from app.files where name = 'completing.bin'`;
    expect(files[0].n).toBe(0);
    await sql.end();

    await gateway.start();
    const again = await fetch(`${baseUrl}/functions/v1/files/uploads/${up.upload_id}/complete`, { method: 'POST', headers: ada.auth });
    expect(again.status).toBe(200);
    expect((await again.json()).size).toBe(data.byteLength);
    await gateway.maintenance();
    await checkInvariants();
  });

  it('collection leaves every object referenced after purges', async () => {
    const sql = adminSql();
    await sql`delete from app.files where owner_id = ${ada.id}`;
    await sql.end();
    await gateway.maintenance();
    await checkInvariants();
    const token = await accessToken(ada.id, ada.email);
    expect(token).toBeTruthy();
  });
});
