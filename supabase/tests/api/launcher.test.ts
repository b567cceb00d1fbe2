// The launcher's promises to a first-time user: clear one-line errors for a
// taken port and for a broken migration, and a database left as it was.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError } from '../../../scripts/lib/migrate.mjs';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { adminSql, stack } from './support';

/** Starts `npm start` on free ports; resolves once it prints Ready. */
async function startLauncher(dataDir: string) {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    WEB: 'off',
    PG_PORT: String(await freePort()),
    GATEWAY_PORT: String(await freePort()),
  };
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Ready within 60s:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', () => reject(new Error(`exited before Ready:\n${output}`)));
  });
  return { child, output: () => output, gatewayPort: env.GATEWAY_PORT };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));

/** The pid in postmaster.pid if that server is still running, else null. */
function runningPostgres(dataDir: string): number | null {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

describe('npm start', () => {
  it('names the port and the variable that moves it when a port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-start-'));
    try {
      const res = spawnSync(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(port), DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(res.status).toBe(1);
      expect(res.stderr.trim()).toBe(`npm start: port ${port} is already in use; set GATEWAY_PORT to another port`);
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start as root', () => {
  it.runIf(process.getuid?.() === 0)('says plainly when the postgres OS user cannot reach the data folder', () => {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-locked-'));
    fs.chmodSync(locked, 0o700);
    try {
      const res = spawnSync(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, DATA_DIR: path.join(locked, 'data'), DATABASE_URL: '', WEB: 'off', PG_PORT: '0', GATEWAY_PORT: '0' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`cannot enter ${locked}; set DATA_DIR`);
    } finally {
      fs.rmSync(locked, { recursive: true, force: true });
    }
  });
});

describe('npm start and stop', () => {
  it('stops Postgres and the gateway on Ctrl-C, reuses .data on the next start, and recovers from a SIGKILL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-start-'));
    try {
      const first = await startLauncher(dataDir);
      const secrets = fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8');
      expect((await fetch(`http://127.0.0.1:${first.gatewayPort}/rest/v1/`)).status).toBeLessThan(500);
      first.child.kill('SIGINT');
      expect(await exited(first.child)).toBe(0);
      expect(runningPostgres(dataDir)).toBeNull();

      // Second start: same data and secrets, nothing to migrate.
      const second = await startLauncher(dataDir);
      expect(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).toBe(secrets);
      expect(second.output()).not.toContain('migrate: applied');
      // A SIGKILL leaves Postgres running; the next start stops it and starts cleanly.
      second.child.kill('SIGKILL');
      await exited(second.child);
      // The gateway notices its launcher is gone (stdin closes) and exits too.
      let gatewayGone = false;
      for (let i = 0; i < 50 && !gatewayGone; i++) {
        gatewayGone = await fetch(`http://127.0.0.1:${second.gatewayPort}/rest/v1/`).then(() => false, () => true);
        if (!gatewayGone) await new Promise((r) => setTimeout(r, 100));
      }
      expect(gatewayGone).toBe(true);
      expect(runningPostgres(dataDir)).not.toBeNull();
      const third = await startLauncher(dataDir);
      expect(third.output()).toContain('stopping an orphaned server');
      third.child.kill('SIGINT');
      expect(await exited(third.child)).toBe(0);
      expect(runningPostgres(dataDir)).toBeNull();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the migration runner', () => {
  // Its own database, so the stack's migration history is never touched.
  const admin = adminSql();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-migrations-'));
  let sql: ReturnType<typeof postgres>;
  beforeAll(async () => {
    await admin`create database launcher_probe`;
    const url = new URL(stack.dbUrl);
    url.pathname = '/launcher_probe';
    sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end();
    await admin`drop database launcher_probe`;
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops at a broken migration with its file name and leaves the database as it was', async () => {
    fs.writeFileSync(path.join(dir, '29990101000000_probe.sql'), 'create schema launcher_probe;\ncreate table launcher_probe.t (id int);\n');
    fs.writeFileSync(path.join(dir, '29990101000100_broken.sql'), 'create table launcher_probe.u (id int);\ncreate tabel oops;\n');
    const error = await migrate(sql, { dir, log: () => {} }).catch((err) => err);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toMatch(/^migration 29990101000100_broken\.sql failed \(line 2\): syntax error at or near "tabel"/);
    const [probe] = await sql`select to_regclass('launcher_probe.t') as t, to_regclass('launcher_probe.u') as u`;
    expect(probe).toEqual({ t: 'launcher_probe.t', u: null });
    const recorded = await sql`select version from supabase_migrations.schema_migrations where version like '2999%'`;
    expect(recorded.map((r) => r.version)).toEqual(['29990101000000']);
  });

  it('is a no-op when run again', async () => {
    fs.rmSync(path.join(dir, '29990101000100_broken.sql'));
    expect(await migrate(sql, { dir, log: () => {} })).toEqual([]);
  });
});
