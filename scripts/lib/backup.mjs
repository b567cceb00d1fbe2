// Backups that restore, and a check of a live or restored drive:
//   npm run backup [-- --to DIR]      a consistent snapshot, incremental (BACKUP_DIR, default DATA_DIR/backups)
//   npm run restore -- <snapshot dir> into an empty DATA_DIR (or an empty DATABASE_URL)
//   npm run fsck [-- --quick]         every referenced object present with its checksum; orphans; usage sums
//
// A backup folder holds `objects/` (every object ever backed up, named by its
// key, as the fs driver lays them out: objects are immutable, so a second
// backup copies only new ones) and `snapshots/<time>/` with the database dump
// (taken in one snapshot), the roles, and manifest.json (sha256 of the dump
// and of every object that snapshot references). The database talks go
// through `postgres`; bytes go through the drive's own storage drivers
// (scripts/lib/objects.ts, under Deno).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { ROOT } from './config.mjs';
import { startEmbeddedPostgres } from './postgres.mjs';
import { loadSecrets } from './secrets.mjs';
import { DENO } from './stack.mjs';

/** Runs a program; resolves with its stdout, rejects with its stderr. */
function run(command, args, { env = process.env, input = null } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: [input === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    if (input !== null) child.stdin.end(input);
    child.on('error', (e) => reject(new Error(`${command}: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} exited with ${code}: ${err.trim()}`))));
  });
}

/** sha256 of a file, streamed. */
async function fileSha256(file) {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * A Postgres client program (pg_dump, pg_restore, pg_dumpall) of at least the
 * server's major: Debian installs them per major under /usr/lib/postgresql.
 */
function clientProgram(name, serverMajor) {
  const base = '/usr/lib/postgresql';
  const majors = fs.existsSync(base) ? fs.readdirSync(base).map(Number).filter((m) => m >= serverMajor).sort((a, b) => a - b) : [];
  for (const major of majors) {
    const file = path.join(base, String(major), 'bin', name);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`${name} for Postgres ${serverMajor} or newer is missing: apt-get install postgresql-client-${serverMajor}`);
}

/**
 * The drive's database: DATABASE_URL, or the embedded server of DATA_DIR,
 * reached where `npm start` runs it or started here for the duration.
 */
export async function openDatabase(config, { create = false, log = () => {} } = {}) {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const dir = path.join(config.dataDir, 'pg');
  if (!create && !fs.existsSync(path.join(dir, 'PG_VERSION'))) throw new Error(`no drive in ${config.dataDir} (no ${dir})`);
  const secrets = await loadSecrets(config.dataDir);
  const url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${config.pgPort}/postgres`;
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    log(`postgres: using the server running on port ${config.pgPort}`);
    return { url, stop: async () => {} };
  } catch {
    const pg = await startEmbeddedPostgres({ dir, port: config.pgPort, password: secrets.postgresPassword, major: config.pgMajor, log });
    return { url: pg.url, stop: () => pg.stop() };
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

/** Runs scripts/lib/objects.ts with a list of objects; answers its JSON report. */
async function objects(command, list, dir, { config, dbUrl }) {
  const listFile = path.join(fs.mkdtempSync(path.join(config.dataDir, '.objects-')), 'list.json');
  fs.writeFileSync(listFile, JSON.stringify(list), { mode: 0o600 });
  try {
    const env = { ...process.env, DATA_DIR: config.dataDir, SUPABASE_URL: config.apiUrl, SUPABASE_DB_URL: dbUrl };
    const args = ['run', '--allow-all', '--quiet', 'scripts/lib/objects.ts', command, listFile, ...(dir ? [dir] : [])];
    return JSON.parse(await run(DENO, args, { env }));
  } finally {
    fs.rmSync(path.dirname(listFile), { recursive: true, force: true });
  }
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * Writes one snapshot under `backupDir`: the dump and the list of objects
 * come from one database snapshot; the objects are copied afterwards while a
 * hold keeps the collector from deleting any of them. Answers the manifest.
 */
export async function backup(config, { backupDir, log = console.log } = {}) {
  const started = Date.now();
  const db = await openDatabase(config, { log });
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  const snapshotDir = path.join(backupDir, 'snapshots', stamp());
  fs.mkdirSync(snapshotDir, { recursive: true, mode: 0o700 });
  try {
    const [{ major }] = await sql`select current_setting('server_version_num')::int / 10000 as major`;
    const [{ id: hold }] = await sql`select private.hold_collection() as id`;
    try {
      const dumpFile = path.join(snapshotDir, 'database.dump');
      // The transaction stays open while pg_dump reads through its exported snapshot.
      const listed = await sql.begin('isolation level repeatable read read only', async (tx) => {
        const [{ snapshot }] = await tx`select pg_export_snapshot() as snapshot`;
        const rows = await tx`select object_key as key, size, sha256 from private.referenced_objects() order by 1`;
        await run(clientProgram('pg_dump', major), ['--format=custom', `--snapshot=${snapshot}`, '--file', dumpFile, '--dbname', db.url]);
        return rows.map((r) => ({ key: r.key, size: r.size === null ? null : Number(r.size), sha256: r.sha256 }));
      });
      const rolesFile = path.join(snapshotDir, 'roles.sql');
      fs.writeFileSync(rolesFile, await run(clientProgram('pg_dumpall', major), ['--roles-only', '--no-role-passwords', '--dbname', db.url]), { mode: 0o600 });

      const copy = await objects('export', { objects: listed }, backupDir, { config, dbUrl: db.url });
      const manifest = {
        format: 1,
        created_at: new Date().toISOString(),
        postgres_major: major,
        database: { file: 'database.dump', size: fs.statSync(dumpFile).size, sha256: await fileSha256(dumpFile) },
        roles: { file: 'roles.sql', sha256: await fileSha256(rolesFile) },
        objects: listed.map((o) => ({ ...o, ...(copy.measured[o.key] ?? {}) })),
        copied: copy.copied,
        reused: copy.reused,
        copied_bytes: copy.bytes,
        missing: copy.missing,
        mismatched: copy.mismatched,
        seconds: (Date.now() - started) / 1000,
      };
      fs.writeFileSync(path.join(snapshotDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
      return { ...manifest, dir: snapshotDir };
    } finally {
      await sql`select private.release_collection(${hold})`;
    }
  } finally {
    await sql.end({ timeout: 2 });
    await db.stop();
  }
}

/** Reads a snapshot's manifest and proves the dump is the one it names. */
async function readSnapshot(snapshotDir) {
  const manifestFile = path.join(snapshotDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${snapshotDir} is not a snapshot (no manifest.json)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  if (manifest.missing?.length || manifest.mismatched?.length) throw new Error(`${snapshotDir} is incomplete: objects were missing when it was taken`);
  for (const part of [manifest.database, manifest.roles]) {
    if ((await fileSha256(path.join(snapshotDir, part.file))) !== part.sha256) throw new Error(`${part.file} does not match its checksum`);
  }
  return manifest;
}

/**
 * Brings a snapshot back into an empty DATA_DIR (a new embedded server) or an
 * empty DATABASE_URL: roles, the dump, then every object into the configured
 * storage driver, each checked against the manifest's sha256.
 */
export async function restore(config, snapshotDir, { objectsOnly = false, log = console.log } = {}) {
  const started = Date.now();
  const manifest = await readSnapshot(snapshotDir);
  const backupDir = path.resolve(snapshotDir, '..', '..');
  if (objectsOnly) return await restoreObjects(config, manifest, backupDir, started, log);
  if (!config.databaseUrl && fs.existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION'))) {
    throw new Error(`${config.dataDir} already holds a drive; restore into an empty DATA_DIR`);
  }
  const db = await openDatabase(config, { create: true, log });
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    const [{ taken }] = await sql`select exists (select from pg_namespace where nspname = 'app') as taken`;
    if (taken) throw new Error('the target database is not empty (it has an app schema)');
    const [{ major }] = await sql`select current_setting('server_version_num')::int / 10000 as major`;
    await sql.end({ timeout: 2 });
    // The superuser exists already; every other role (and its settings) comes from the snapshot.
    const roles = fs.readFileSync(path.join(snapshotDir, manifest.roles.file), 'utf8')
      .split('\n')
      .filter((line) => !/^(CREATE|ALTER) ROLE postgres[ ;]/.test(line))
      .join('\n');
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--dbname', db.url], { input: roles });
    await run(clientProgram('pg_restore', major), ['--exit-on-error', '--dbname', db.url, path.join(snapshotDir, manifest.database.file)]);
    return await copyBack(config, manifest, backupDir, db.url, started);
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {});
    await db.stop();
  }
}

/** Writes a snapshot's objects into the configured storage driver, each checked against its sha256. */
async function copyBack(config, manifest, backupDir, dbUrl, started) {
  const copy = await objects('import', { objects: manifest.objects }, backupDir, { config, dbUrl });
  if (copy.missing.length || copy.mismatched.length) {
    throw new Error(`objects not restored: ${copy.missing.length} missing from the backup, ${copy.mismatched.length} not matching their checksum`);
  }
  return { objects: manifest.objects.length, copied: copy.copied, bytes: copy.bytes, seconds: (Date.now() - started) / 1000 };
}

/**
 * Only the objects, for a database brought back another way (hosted
 * Supabase's own backups): objects already there are left as they are.
 */
async function restoreObjects(config, manifest, backupDir, started, log) {
  const db = await openDatabase(config, { log });
  try {
    return await copyBack(config, manifest, backupDir, db.url, started);
  } finally {
    await db.stop();
  }
}

/**
 * Checks a live or restored drive, the one checker of the drive's invariants
 * (npm run fsck and the crash tests both use it): every referenced object
 * exists with its size and sha256 (`quick`: size only), every file has its
 * current version, each user's usage is the sum of their versions, no
 * pending upload is past its expiry, every paid payment bought exactly one
 * subscription and nothing else did, and which stored objects nothing
 * references (orphans; those queued for the collector are said apart, and
 * among them those kept for the backup retention).
 * `afterMaintenance`: the files maintenance has just run with no grace, so an
 * orphan, an object still queued past its keep_until and any expired upload are
 * problems too (on a live drive they are normal until its next run; an upload
 * more than an hour past expiry says the maintenance is not running at all).
 * `problems` names every broken invariant in a sentence; empty means sound.
 */
export async function fsck(config, { quick = false, afterMaintenance = false, log = () => {} } = {}) {
  const db = await openDatabase(config, { log });
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    // One snapshot for every question to the database, so a write committed between two of
    // them cannot read as a broken invariant (the store is listed after it).
    const { listed, known, queued, usage, versionless, expired, payments } = await sql.begin('isolation level repeatable read read only', async (tx) => {
      const listed = (await tx`select object_key as key, size, sha256 from private.referenced_objects()`)
        .map((r) => ({ key: r.key, size: r.size === null ? null : Number(r.size), sha256: r.sha256 }));
      const known = (await tx`select object_key from app.uploads where status = 'pending'`).map((r) => r.object_key);
      const garbage = await tx`select object_key, keep_until > now() as kept from app.storage_garbage`;
      const queued = new Map(garbage.map((r) => [r.object_key, r.kept]));
      // Full join: a user with versions but no storage account counts as a mismatch too.
      const usage = await tx`
        select coalesce(a.owner_id, v.owner_id) as owner_id, coalesce(a.used, 0) as used, coalesce(v.total, 0) as versions
        from app.storage_accounts a
        full join (select owner_id, sum(size) as total from app.file_versions group by owner_id) v using (owner_id)
        where coalesce(a.used, 0) <> coalesce(v.total, 0)`;
      const versionless = await tx`
        select f.id from app.files f
        where not exists (select from app.file_versions v where v.id = f.current_version_id and v.file_id = f.id)`;
      // The collector expires these (app.expire_uploads): one still here outlived its reservation.
      const expired = await tx`
        select id, expires_at, expires_at < now() - interval '1 hour' as stale
        from app.uploads where status = 'pending' and expires_at < now() order by expires_at`;
      // A payment credits the drive once: paid means exactly one subscription bought by it, and
      // a payment that is not paid bought none (subscriptions.transaction_id is unique, so "two"
      // would need a second row the schema refuses; the check says so if it ever changes).
      const payments = await tx`
        select t.id, t.state, count(s.id)::int as subscriptions
        from app.transactions t left join app.subscriptions s on s.transaction_id = t.id
        group by t.id, t.state
        having (t.state = 'paid') <> (count(s.id) = 1) or count(s.id) > 1`;
      return { listed, known, queued, usage, versionless, expired, payments };
    });
    const check = await objects('check', { objects: listed, known }, quick ? '--quick' : null, { config, dbUrl: db.url });
    const report = {
      ...check,
      orphans: check.orphans.filter((key) => !queued.has(key)),
      queued_for_collection: check.orphans.filter((key) => queued.get(key) === false),
      // Deleted within backup.retention_days: a database backup from then may still need them.
      kept_for_retention: check.orphans.filter((key) => queued.get(key) === true),
      usage_mismatches: usage.map((r) => ({ owner_id: r.owner_id, used: Number(r.used), versions: Number(r.versions) })),
      files_without_version: versionless.map((r) => r.id),
      expired_uploads: expired.map((r) => ({ id: r.id, expires_at: r.expires_at.toISOString(), stale: r.stale })),
      payment_mismatches: payments.map((r) => ({ transaction_id: r.id, state: r.state, subscriptions: r.subscriptions })),
    };
    return { ...report, problems: fsckProblems(report, { afterMaintenance }) };
  } finally {
    await sql.end({ timeout: 2 });
    await db.stop();
  }
}

/** Every broken invariant of an fsck report, one sentence each. */
function fsckProblems(report, { afterMaintenance }) {
  return [
    ...report.missing.map((key) => `object ${key} is referenced but missing`),
    ...report.mismatched.map((key) => `object ${key} does not match its recorded size or sha256`),
    ...(afterMaintenance ? report.orphans.map((key) => `object ${key} is stored but no row references it`) : []),
    ...(afterMaintenance ? report.queued_for_collection.map((key) => `object ${key} is still queued after collection`) : []),
    ...report.files_without_version.map((id) => `file ${id} has no current version`),
    ...report.usage_mismatches.map((u) => `usage of ${u.owner_id} is ${u.used} bytes, its versions hold ${u.versions}`),
    ...report.expired_uploads
      .filter((u) => afterMaintenance || u.stale)
      .map((u) => `upload ${u.id} is pending past its expiry (${u.expires_at})`),
    ...report.payment_mismatches.map((p) => `payment ${p.transaction_id} is ${p.state} with ${p.subscriptions} subscriptions`),
  ];
}
