// The foundation over HTTP: the stack answers, and its secrets stay private.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../scripts/lib/config.mjs';
import { adminSql, rest, stack } from './support';

describe('the running stack', () => {
  it('answers at /rest/v1/ with the OpenAPI description of the api schema', async () => {
    const res = await rest('/rest/v1/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const spec = await res.json();
    expect(spec.swagger).toBe('2.0');
    // The contract is the api schema alone: its views are there, app's tables are not.
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/files', '/folders', '/rpc/login']));
    expect(Object.keys(spec.paths)).not.toContain('/users');
  });

  it('keeps its secrets in a 0600 file under the data folder', () => {
    const mode = fs.statSync(path.join(stack.dataDir, 'secrets.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('has applied every migration and recorded it as the Supabase CLI does', async () => {
    const sql = adminSql();
    try {
      const rows = await sql`select version, name from supabase_migrations.schema_migrations order by version`;
      const files = fs.readdirSync('supabase/migrations').filter((f) => f.endsWith('.sql')).sort();
      expect(rows.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files);
    } finally {
      await sql.end();
    }
  });

  it('gives the embedded server a quarter of the machine\'s memory for shared buffers, or PG_SHARED_BUFFERS', async () => {
    const sql = adminSql();
    try {
      const [{ running, configured }] = await sql`select pg_size_bytes(current_setting('shared_buffers')) as running,
        pg_size_bytes(${loadConfig().pgSharedBuffers}) as configured`;
      expect(running).toBe(configured);
    } finally {
      await sql.end();
    }
    const quarter = Math.floor(os.totalmem() / 4 / 2 ** 20);
    expect(loadConfig({}).pgSharedBuffers).toBe(`${Math.min(Math.max(quarter, 128), 8192)}MB`);
    expect(loadConfig({ PG_SHARED_BUFFERS: '512MB' }).pgSharedBuffers).toBe('512MB');
    expect(() => loadConfig({ PG_SHARED_BUFFERS: 'lots' })).toThrow(/PG_SHARED_BUFFERS must be a size/);
  });

  it('lets the authenticator log in only with the generated password', async () => {
    const url = new URL(stack.dbUrl);
    url.username = 'authenticator';
    url.password = 'wrong-password';
    const { default: postgres } = await import('postgres');
    const sql = postgres(url.toString(), { max: 1, connect_timeout: 5 });
    await expect(sql`select 1`).rejects.toThrow(/password authentication failed/);
    await sql.end();
  });
});
