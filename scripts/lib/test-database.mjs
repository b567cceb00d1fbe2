// A throwaway embedded Postgres for the database test layers (pgTAP, Deno):
// each layer gets its own database, migrated and bootstrapped like a stack's.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { bootstrapDatabase } from './bootstrap.mjs';
import { migrate } from './migrate.mjs';
import { extensionDir, startEmbeddedPostgres } from './postgres.mjs';
import { freePort } from './processes.mjs';

const PGTAP_SOURCE = '/usr/share/postgresql/15/extension';
const DEBIAN_LIB = '/usr/lib/postgresql/15/lib';

/**
 * pgTAP is plain SQL: Debian installs it for its own Postgres 15, and we copy
 * its control and script files to where the embedded server looks for them.
 */
export async function installPgtap(major) {
  if (!fs.existsSync(path.join(PGTAP_SOURCE, 'pgtap.control'))) {
    throw new Error('pgTAP is missing: apt-get install -y postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl');
  }
  const target = await extensionDir(major);
  for (const file of fs.readdirSync(PGTAP_SOURCE).filter((f) => f.startsWith('pgtap'))) {
    const dest = path.join(target, file);
    if (!fs.existsSync(dest)) fs.copyFileSync(path.join(PGTAP_SOURCE, file), dest);
  }
}

/**
 * plpgsql_check (for `supabase db lint`) is a compiled module: Debian builds
 * it for Postgres 15 only, so it is copied into the embedded 15 server alone.
 * Returns false when the Debian package is not installed.
 */
export async function installPlpgsqlCheck() {
  const module = path.join(DEBIAN_LIB, 'plpgsql_check.so');
  if (!fs.existsSync(module)) return false;
  const extensions = await extensionDir('15');
  const lib = path.join(extensions, '..', '..', '..', 'lib', 'postgresql');
  if (!fs.existsSync(path.join(lib, 'plpgsql_check.so'))) fs.copyFileSync(module, path.join(lib, 'plpgsql_check.so'));
  for (const file of fs.readdirSync(PGTAP_SOURCE).filter((f) => f.startsWith('plpgsql_check'))) {
    const dest = path.join(extensions, file);
    if (!fs.existsSync(dest)) fs.copyFileSync(path.join(PGTAP_SOURCE, file), dest);
  }
  return true;
}

/** Starts a throwaway server of `major`; `createDatabase(name)` makes migrated databases on it. */
export async function startTestServer(major = '15') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pgdrive-pg${major}-`));
  fs.chmodSync(dir, 0o711);
  const password = crypto.randomBytes(12).toString('hex');
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port, password, major, log: () => {} });
  const urlFor = (db) => `postgres://postgres:${password}@127.0.0.1:${port}/${db}`;
  return {
    port,
    password,
    urlFor,
    /** Creates `name`, applies every migration and the test settings; returns its URL. */
    async createDatabase(name, { log = () => {} } = {}) {
      const root = postgres(urlFor('postgres'), { max: 1, onnotice: () => {} });
      await root.unsafe(`create database ${name}`);
      await root.end();
      const sql = postgres(urlFor(name), { max: 1, onnotice: () => {} });
      try {
        await migrate(sql, { log });
        const secrets = { jwtSecret: crypto.randomBytes(32).toString('hex'), authenticatorPassword: password };
        await bootstrapDatabase(sql, {
          secrets,
          config: { siteUrl: 'http://127.0.0.1:54323', bcryptCost: '4', backupRetentionDays: '0' },
          manageAuthenticator: true,
        });
        return { url: urlFor(name), jwtSecret: secrets.jwtSecret };
      } finally {
        await sql.end();
      }
    },
    async stop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
