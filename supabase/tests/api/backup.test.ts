// Backups that restore (issue 22): a snapshot, more uploads, an incremental
// snapshot that copies only the new objects, a restore into a fresh data
// folder, and every file read back through the restored stack byte for byte;
// fsck agrees, and finds an object deleted by hand. While a backup holds
// collection, the maintenance deletes no bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, fsck, restore } from '../../../scripts/lib/backup.mjs';
import { loadConfig } from '../../../scripts/lib/config.mjs';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { startStack } from '../../../scripts/lib/stack.mjs';
import { adminSql, stack } from './support';
import { beginUpload, createUser, downloadUrl, sha256, type TestUser, uploadFile } from './files-support';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-backup-'));
// The restored embedded server runs as the postgres OS user when tests run as root.
fs.chmodSync(scratch, 0o755);
const backupDir = path.join(scratch, 'backups');
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The live test stack, as the backup scripts see it. */
const liveConfig = () => loadConfig({ ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: stack.dbUrl, WEB: 'off' });

/** A fresh data folder on free ports, for the restore. */
async function freshConfig(name: string) {
  return loadConfig({
    ...process.env,
    DATA_DIR: path.join(scratch, name),
    DATABASE_URL: '',
    PG_PORT: String(await freePort()),
    GATEWAY_PORT: String(await freePort()),
    MPESA_SIMULATOR_PORT: String(await freePort()),
    WEB: 'off',
  });
}

async function maintenance(apiUrl: string, serviceKey: string) {
  const res = await fetch(`${apiUrl}/functions/v1/files/maintenance?grace_ms=0`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serviceKey}` },
  });
  expect(res.status).toBe(200);
  return await res.json();
}

/** Reads a file back through a stack, as its owner: a signed download URL, then the bytes. */
async function readBack(apiUrl: string, jwtSecret: string, anonKey: string, user: TestUser, fileId: string) {
  const claims = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(jwtSecret));
  const res = await fetch(`${apiUrl}/functions/v1/files/download-url`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, apikey: anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ file_id: fileId }),
  });
  expect(res.status).toBe(200);
  const { url } = await res.json();
  const bytes = await fetch(url);
  expect(bytes.status).toBe(200);
  return new Uint8Array(await bytes.arrayBuffer());
}

describe('backup, restore and fsck', () => {
  it('holds collection while a backup copies: no bytes are deleted until the hold ends', async () => {
    const user = await createUser('hold');
    const file = await uploadFile(user, 'doomed.bin', randomBytes(1000));
    const sql = adminSql();
    try {
      const [{ key }] = await sql`select object_key as key from app.file_versions where file_id = ${file.id}`;
      const [{ id: hold }] = await sql`select private.hold_collection() as id`;
      await sql`delete from app.files where id = ${file.id}`;
      expect((await sql`select count(*)::int as n from app.storage_garbage where object_key = ${key}`)[0].n).toBe(1);
      const paused = await maintenance(stack.apiUrl, stack.serviceRoleKey);
      expect(paused.collectionPaused).toBe(true);
      expect((await sql`select count(*)::int as n from app.storage_garbage where object_key = ${key}`)[0].n, 'still queued').toBe(1);
      await sql`select private.release_collection(${hold})`;
      const resumed = await maintenance(stack.apiUrl, stack.serviceRoleKey);
      expect(resumed.collectionPaused).toBe(false);
      expect((await sql`select count(*)::int as n from app.storage_garbage where object_key = ${key}`)[0].n, 'collected').toBe(0);
    } finally {
      await sql.end();
    }
  });

  it('backs up, backs up again incrementally, restores on a fresh data folder, and every file matches byte for byte', async () => {
    const user = await createUser('backup');
    const originals = new Map<string, Uint8Array>();
    const upload = async (name: string, data: Uint8Array) => originals.set((await uploadFile(user, name, data)).id, data);
    await upload('notes.txt', new TextEncoder().encode('hello, drive'));
    await upload('Grüße — résumé 2026 ✓.bin', randomBytes(64 * 1024));
    await upload('big.bin', randomBytes(3 * 1024 * 1024));

    const first = await backup(liveConfig(), { backupDir, log: () => {} });
    expect(first.missing).toEqual([]);
    expect(first.mismatched).toEqual([]);
    expect(first.copied).toBe(first.objects.length);
    const manifestKeys = new Set(first.objects.map((o: { key: string }) => o.key));

    await upload('later.txt', new TextEncoder().encode('written after the first backup'));
    await upload('later.bin', randomBytes(200 * 1024));
    const second = await backup(liveConfig(), { backupDir, log: () => {} });
    expect(second.objects.length).toBe(first.objects.length + 2);
    expect(second.copied, 'only the two new objects are copied').toBe(2);
    expect(second.reused).toBe(first.objects.length);
    for (const o of second.objects) expect(o.sha256, `checksum of ${o.key}`).toMatch(/^[0-9a-f]{64}$/);
    expect(second.objects.filter((o: { key: string }) => !manifestKeys.has(o.key)).length).toBe(2);

    const target = await freshConfig('restored');
    const restored = await restore(target, second.dir, { log: () => {} });
    expect(restored.objects).toBe(second.objects.length);

    const again = await freshConfig('restored'); // same folder: it holds a drive now
    await expect(restore(again, second.dir, { log: () => {} })).rejects.toThrow(/already holds a drive/);

    const restoredStack = await startStack(target, { log: () => {}, env: { ...process.env, DATA_DIR: target.dataDir, GATEWAY_LOG: 'off' } });
    try {
      for (const [id, data] of originals) {
        const bytes = await readBack(restoredStack.apiUrl, restoredStack.secrets.jwtSecret, restoredStack.anonKey, user, id);
        expect(sha256(bytes), `file ${id} restored byte for byte`).toBe(sha256(data));
      }
    } finally {
      await restoredStack.stop();
    }

    const clean = await fsck(target);
    expect(clean.checked).toBe(second.objects.length);
    expect(clean.missing).toEqual([]);
    expect(clean.mismatched).toEqual([]);
    expect(clean.orphans).toEqual([]);
    expect(clean.usage_mismatches).toEqual([]);

    // An object lost behind the drive's back: fsck names it.
    const lost = second.objects.find((o: { size: number }) => o.size === 200 * 1024).key;
    fs.rmSync(path.join(target.dataDir, 'storage', 'objects', lost.slice(0, 2), lost));
    const broken = await fsck(target);
    expect(broken.missing).toEqual([lost]);

    // Only the objects (a database restored by other means): the lost one comes back, nothing else is rewritten.
    const objectsOnly = await restore(target, second.dir, { objectsOnly: true, log: () => {} });
    expect(objectsOnly.copied).toBe(1);
    expect((await fsck(target)).missing).toEqual([]);
  });
  it('fsck names each broken invariant: usage, a versionless file, an expired upload, a payment without its period', async () => {
    const user = await createUser('fsck-broken');
    const file = await uploadFile(user, 'kept.bin', randomBytes(1000));
    const up = (await beginUpload(user, { name: 'never-sent.bin', size: 10, mime: 'application/octet-stream' })).json;
    const sql = adminSql();
    try {
      expect((await fsck(liveConfig(), { quick: true })).problems, 'sound before').toEqual([]);
      await sql`update app.storage_accounts set used = used + 1 where owner_id = ${user.id}`;
      await sql`update app.files set current_version_id = null where id = ${file.id}`;
      await sql`update app.uploads set expires_at = now() - interval '1 second' where id = ${up.upload_id}`;
      const [paid] = await sql`insert into app.transactions (user_id, plan_code, amount, phone, state, account_reference, description)
        values (${user.id}, 'plus', 250, '254700000000', 'paid', 'pgdrive plus', 'Storage plan') returning id`;
      const live = await fsck(liveConfig(), { quick: true });
      expect(live.problems).toEqual([
        `file ${file.id} has no current version`,
        `usage of ${user.id} is 1001 bytes, its versions hold 1000`,
        `payment ${paid.id} is paid with 0 subscriptions`,
      ]);
      // Only an hour past expiry is a problem on a live drive; right after the maintenance, any is.
      expect(live.expired_uploads.map((u: { id: string }) => u.id)).toEqual([up.upload_id]);
      const after = await fsck(liveConfig(), { quick: true, afterMaintenance: true });
      expect(after.problems).toContain(`upload ${up.upload_id} is pending past its expiry (${live.expired_uploads[0].expires_at})`);
      await sql`delete from app.transactions where id = ${paid.id}`;
    } finally {
      await sql`update app.storage_accounts set used = used - 1 where owner_id = ${user.id}`;
      await sql`update app.files f set current_version_id = (select id from app.file_versions v where v.file_id = f.id)
                where id = ${file.id}`;
      await sql`delete from app.uploads where id = ${up.upload_id}`;
      await sql.end();
    }
    expect((await fsck(liveConfig(), { quick: true, afterMaintenance: true })).problems, 'sound again').toEqual([]);
  });

  it('fsck tells the bytes kept for the backup retention from those the collector should have taken', async () => {
    const user = await createUser('fsck-kept');
    const file = await uploadFile(user, 'deleted.bin', randomBytes(500));
    const sql = adminSql();
    try {
      const [{ object_key: key }] = await sql`select object_key from app.file_versions where file_id = ${file.id}`;
      await sql`delete from app.files where id = ${file.id}`;
      // This stack collects at once (retention 0): as if backup.retention_days had kept it a day.
      await sql`update app.storage_garbage set keep_until = now() + interval '1 day' where object_key = ${key}`;
      const kept = await fsck(liveConfig(), { quick: true, afterMaintenance: true });
      expect(kept.kept_for_retention).toContain(key);
      expect(kept.problems.filter((p: string) => p.includes(key)), 'kept, not a problem').toEqual([]);

      await sql`update app.storage_garbage set keep_until = now() where object_key = ${key}`;
      const due = await fsck(liveConfig(), { quick: true, afterMaintenance: true });
      expect(due.problems).toContain(`object ${key} is still queued after collection`);
      await maintenance(stack.apiUrl, stack.serviceRoleKey);
      const collected = await fsck(liveConfig(), { quick: true, afterMaintenance: true });
      expect([...collected.kept_for_retention, ...collected.queued_for_collection, ...collected.orphans]).not.toContain(key);
    } finally {
      await sql.end();
    }
  });
});
