// The migration runner on databases of every history: new, migrated before
// the squash of 2026-12-01 (recognised, then carried onto the squashed
// files), and ones it must refuse (part of the old history, or a schema that
// is not the squash's).
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from './migrate.mjs';
import { SQUASHED_VERSIONS, SQUASH_THROUGH } from './squashed-history.mjs';
import { startTestServer } from './test-database.mjs';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
const clients: postgres.Sql[] = [];

beforeAll(async () => {
  server = await startTestServer('15');
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await server?.stop();
});

/** A new empty database on the test server, and a client for it. */
async function freshDatabase(name: string): Promise<postgres.Sql> {
  const root = postgres(server.urlFor('postgres'), { max: 1, onnotice: () => {} });
  await root.unsafe(`create database ${name}`);
  await root.end();
  const sql = postgres(server.urlFor(name), { max: 1, onnotice: () => {} });
  clients.push(sql);
  return sql;
}

/**
 * A database as the pre-squash runner left it: the schema (built here from
 * the squashed files, whose catalog scripts/compare-catalogs.mjs proved equal
 * to the old history's) with the old versions recorded instead of the new.
 */
async function preSquashDatabase(name: string): Promise<postgres.Sql> {
  const sql = await freshDatabase(name);
  await migrate(sql, { log: () => {}, through: SQUASH_THROUGH });
  await sql`delete from supabase_migrations.schema_migrations`;
  for (const version of SQUASHED_VERSIONS) {
    await sql`insert into supabase_migrations.schema_migrations (version, name) values (${version}, 'old')`;
  }
  return sql;
}

const versions = async (sql: postgres.Sql) =>
  (await sql`select version from supabase_migrations.schema_migrations order by version`).map((r) => r.version as string);

describe('the migration runner', () => {
  it('applies every migration to a new database and records each, as supabase db push does', async () => {
    const sql = await freshDatabase('runner_new');
    const applied = await migrate(sql, { log: () => {} });
    expect(applied.length).toBe(listMigrations().length);
    expect(await versions(sql)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(sql, { log: () => {} })).toEqual([]);
  });

  it('carries a database migrated before the squash onto the squashed files, keeping its rows, and says so in one line', async () => {
    const sql = await preSquashDatabase('runner_old');
    await sql`insert into app.users (email, password_hash, name) values ('ada@example.com', 'x', 'Ada')`;
    const lines: string[] = [];
    await migrate(sql, { log: (line: string) => lines.push(line) });
    expect(lines.filter((l) => l.includes('pre-squash'))).toHaveLength(1);
    expect(await versions(sql)).toEqual(listMigrations().map((m) => m.version));
    expect((await sql`select name from app.users`).map((r) => r.name)).toEqual(['Ada']);
    const [{ n }] = await sql`select count(*)::int as n from pg_database where datname like 'pgdrive_squash_check_%'`;
    expect(n).toBe(0);
  });

  it('refuses a pre-squash database whose schema differs from the squash, and changes nothing', async () => {
    const sql = await preSquashDatabase('runner_drifted');
    await sql`drop function api.folder_path(uuid)`;
    await expect(migrate(sql, { log: () => {} })).rejects.toThrow(/schema differs from what the squashed migrations build/);
    expect(await versions(sql)).toEqual(SQUASHED_VERSIONS);
  });

  it('refuses a database holding only part of the old history', async () => {
    const sql = await preSquashDatabase('runner_partial');
    await sql`delete from supabase_migrations.schema_migrations where version = ${SQUASHED_VERSIONS.at(-1)!}`;
    await expect(migrate(sql, { log: () => {} })).rejects.toThrow(/part of the migration history that was squashed/);
  });
});
