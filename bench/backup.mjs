// bench/backup: backup, incremental backup, restore and fsck of a drive of FILES files.
//
//   node bench/backup.mjs
//   FILES=10000 node bench/backup.mjs
//
// Starts a throwaway stack and fills it with FILES files of 1-32 KiB (random
// bytes) spread over 10 users: the objects written straight into the fs store
// and their rows in SQL, as the files function would leave them (uploading
// 10,000 files through HTTP would measure the uploads, not the backup). Then
// times, one after the other on this machine: a full backup, a second backup
// with 100 new files (incremental), a restore of that snapshot into a fresh
// data folder, and fsck on the restored drive (every object re-hashed).
// Prints seconds, files per second and MB/s for each step.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { backup, fsck, restore } from '../scripts/lib/backup.mjs';
import { loadConfig } from '../scripts/lib/config.mjs';
import { freePort } from '../scripts/lib/processes.mjs';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const FILES = Number(process.env.FILES ?? 10000);
const USERS = 10;

/** Writes `count` files for the users: objects into the fs store, rows into SQL. Answers the bytes written. */
async function fill(sql, dataDir, users, count, prefix) {
  let bytes = 0;
  const rows = [];
  for (let i = 0; i < count; i++) {
    const data = crypto.randomBytes(1024 + Math.floor(Math.random() * 31 * 1024));
    const key = crypto.randomUUID();
    const dir = path.join(dataDir, 'storage', 'objects', key.slice(0, 2));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, key), data);
    bytes += data.length;
    rows.push({ owner: users[i % users.length], name: `${prefix}-${i}.bin`, key, size: data.length, sha: crypto.createHash('sha256').update(data).digest('hex') });
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await sql.begin(async (tx) => {
      await tx`
        with f as (
          insert into app.files (owner_id, name, size, sha256)
          select * from unnest(${batch.map((r) => r.owner)}::uuid[], ${batch.map((r) => r.name)}::text[],
                               ${batch.map((r) => r.size)}::bigint[], ${batch.map((r) => r.sha)}::text[])
          returning id, owner_id, name, size, sha256
        ), v as (
          insert into app.file_versions (file_id, owner_id, version, object_key, size, sha256, mime_type)
          select f.id, f.owner_id, 1, k.key, f.size, f.sha256, 'application/octet-stream'
          from f join unnest(${batch.map((r) => r.name)}::text[], ${batch.map((r) => r.key)}::text[]) as k(name, key) using (name)
          returning id, file_id
        )
        update app.files set current_version_id = v.id from v where app.files.id = v.file_id`;
    });
  }
  return bytes;
}

const mb = (bytes) => bytes / 2 ** 20;
const line = (label, seconds, files, bytes) =>
  console.log(`${label.padEnd(22)} ${seconds.toFixed(1).padStart(6)} s  ${(files / seconds).toFixed(0).padStart(6)} files/s  ${(mb(bytes) / seconds).toFixed(1).padStart(6)} MB/s`);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-bench-backup-'));
fs.chmodSync(scratch, 0o755);
const stack = await startTestStack();
try {
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const [u] = await sql`insert into app.users (email, password_hash, name) values (${`bench-${i}@example.com`}, 'x', ${`Bench ${i}`}) returning id`;
    users.push(u.id);
  }
  const bytes = await fill(sql, stack.dataDir, users, FILES, 'file');
  console.log(`bench/backup: ${FILES} files, ${mb(bytes).toFixed(0)} MB, ${USERS} users (${os.cpus().length} cores)`);

  const live = loadConfig({ ...process.env, DATA_DIR: stack.dataDir, DATABASE_URL: stack.dbUrl, WEB: 'off' });
  const backupDir = path.join(scratch, 'backups');
  const full = await backup(live, { backupDir, log: () => {} });
  line('full backup', full.seconds, full.objects.length, full.copied_bytes);

  const moreBytes = await fill(sql, stack.dataDir, users, 100, 'later');
  await sql.end();
  const incremental = await backup(live, { backupDir, log: () => {} });
  line(`incremental (+100)`, incremental.seconds, incremental.copied, incremental.copied_bytes);
  console.log(`  copied ${incremental.copied} objects (${mb(moreBytes).toFixed(1)} MB), reused ${incremental.reused}`);

  const target = loadConfig({
    ...process.env, DATA_DIR: path.join(scratch, 'restored'), DATABASE_URL: '', PG_PORT: String(await freePort()), WEB: 'off',
  });
  const restored = await restore(target, incremental.dir, { log: () => {} });
  line('restore', restored.seconds, restored.objects, restored.bytes);

  const started = Date.now();
  const check = await fsck(target);
  line('fsck (re-hash all)', (Date.now() - started) / 1000, check.checked, check.bytes);
  console.log(`  missing ${check.missing.length}, mismatched ${check.mismatched.length}, orphans ${check.orphans.length}, usage mismatches ${check.usage_mismatches.length}`);
  if (check.missing.length || check.mismatched.length || check.usage_mismatches.length) process.exitCode = 1;
} finally {
  await stack.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
