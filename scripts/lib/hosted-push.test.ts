// The README's deploy path, `supabase db push`, on a database set up the way
// hosted Supabase runs one: the migrations run as a role that is not a
// superuser (hosted `postgres` has createrole, createdb and bypassrls), the
// API roles exist already, and the extensions were created beforehand by a
// superuser (as supautils does on hosted). The CLI runs each file without a
// wrapping transaction, which the project's own runner does not show.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './config.mjs';
import { listMigrations } from './migrate.mjs';
import { startTestServer } from './test-database.mjs';

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer('15');
  const root = postgres(server.urlFor('postgres'), { max: 1, onnotice: () => {} });
  await root.unsafe('create database hosted');
  await root.end();
  const su = postgres(server.urlFor('hosted'), { max: 1, onnotice: () => {} });
  await su.unsafe(`
    create role migrator login password 'migrator' createrole createdb bypassrls;
    create role anon nologin noinherit;
    create role authenticated nologin noinherit;
    create role service_role nologin noinherit bypassrls;
    create role authenticator login noinherit;
    grant anon, authenticated, service_role to authenticator;
    grant anon, authenticated, service_role, authenticator to migrator with admin option;
    grant create on database hosted to migrator;
    create schema extensions;
    grant usage, create on schema extensions to migrator;
    create extension pgcrypto with schema extensions;
    create extension pg_trgm with schema extensions;
    create extension citext with schema extensions;
    create extension unaccent with schema extensions;
    create extension btree_gin with schema extensions;`);
  await su.end();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('supabase db push', () => {
  it('applies every migration as a role that is not a superuser, one file at a time without a transaction', async () => {
    const url = `postgresql://migrator:migrator@127.0.0.1:${server.port}/hosted`;
    const cli = path.join(ROOT, 'node_modules/.bin/supabase');
    const { stdout, stderr } = await run(cli, ['db', 'push', `--remote=${url}?sslmode=disable`, '--yes'], { cwd: ROOT }).catch(
      (err) => ({ stdout: String(err.stdout), stderr: String(err.stderr) }),
    );
    expect(stderr + stdout).not.toMatch(/ERROR/);
    const sql = postgres(server.urlFor('hosted'), { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`select version from supabase_migrations.schema_migrations order by version`;
      expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
      const [{ owner }] = await sql`select pg_get_userbyid(relowner) as owner from pg_class where oid = 'app.files'::regclass`;
      expect(owner).toBe('migrator');
    } finally {
      await sql.end();
    }
  });
});
