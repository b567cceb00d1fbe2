// The launcher's promises to a first-time user: clear one-line errors for a
// taken port and for a broken migration, and a database left as it was.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError } from '../../../scripts/lib/migrate.mjs';
import { adminSql, stack } from './support';

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
