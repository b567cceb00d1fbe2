// Applies supabase/migrations/*.sql in order and records each in
// supabase_migrations.schema_migrations, the table the Supabase CLI uses, so
// a database migrated here and one migrated by `supabase db push` agree.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.mjs';
import { SQUASHED_VERSIONS, SQUASH_THROUGH, compareWithSquash, historyState } from './squashed-history.mjs';

export const MIGRATIONS_DIR = path.join(ROOT, 'supabase', 'migrations');
const FILE = /^(\d+)_(.+)\.sql$/;

export class MigrationError extends Error {}

/** The migration files in the order they apply: [{version, name, file}]. */
export function listMigrations(dir = MIGRATIONS_DIR) {
  return fs
    .readdirSync(dir)
    .map((file) => ({ file, match: FILE.exec(file) }))
    .filter(({ match }) => match)
    .map(({ file, match }) => ({ version: match[1], name: match[2], file: path.join(dir, file) }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

/** Line number of a character position in a text. */
const lineOf = (text, position) => text.slice(0, position).split('\n').length;

/**
 * Applies every migration not yet recorded (up to version `through`, when
 * given), each in its own transaction. A failing one rolls back, and the
 * error names the file and the SQL error. Returns the names applied; an
 * up-to-date database is left untouched. A database migrated before the
 * squash is first recognised and brought onto the squashed files
 * (squashed-history.mjs), or refused when its catalog is not theirs.
 */
export async function migrate(sql, { dir = MIGRATIONS_DIR, log = console.log, through = null } = {}) {
  await sql`create schema if not exists supabase_migrations`;
  await sql`
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key,
      statements text[],
      name text
    )`;
  await adoptSquashedHistory(sql, { dir, log });
  const applied = [];
  for (const m of listMigrations(dir)) {
    if (through && m.version > through) break;
    const text = fs.readFileSync(m.file, 'utf8');
    let ran = false;
    try {
      await sql.begin(async (tx) => {
        // One runner at a time: a second `npm start` waits, then finds it done.
        await tx`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`;
        const [row] = await tx`select 1 from supabase_migrations.schema_migrations where version = ${m.version}`;
        if (row) return;
        await tx.unsafe(text);
        await tx`
          insert into supabase_migrations.schema_migrations (version, statements, name)
          values (${m.version}, ${[text]}, ${m.name})`;
        ran = true;
      });
    } catch (err) {
      const where = err.position ? ` (line ${lineOf(text, Number(err.position))})` : '';
      throw new MigrationError(`migration ${path.basename(m.file)} failed${where}: ${err.message}`);
    }
    if (!ran) continue;
    applied.push(path.basename(m.file));
    log(`migrate: applied ${path.basename(m.file)}`);
  }
  // PostgREST and the gateway reload their schema cache on this signal.
  if (applied.length) await sql`notify pgrst, 'reload schema'`;
  return applied;
}

/**
 * When the database carries the whole pre-squash history and its catalog is
 * the one the squashed files build, records those files as applied and drops
 * the old versions; says so in one line. Anything else that holds old
 * versions stops here with a message saying what to do.
 */
async function adoptSquashedHistory(sql, { dir, log }) {
  const squash = listMigrations(dir).filter((m) => m.version <= SQUASH_THROUGH && !SQUASHED_VERSIONS.includes(m.version));
  const recorded = new Set((await sql`select version from supabase_migrations.schema_migrations`).map((r) => r.version));
  const state = historyState(recorded, squash.map((m) => m.version));
  if (state === 'none') return;
  if (state === 'partial') {
    throw new MigrationError(
      'migrate: this database holds part of the migration history that was squashed on 2026-12-01; ' +
        'migrate it with a checkout from before the squash (git log -- supabase/migrations), then start again',
    );
  }
  const { onlyA, onlyB } = await compareWithSquash(sql, (scratch) => migrate(scratch, { dir, log: () => {}, through: SQUASH_THROUGH }));
  if (onlyA.length || onlyB.length) {
    const sample = [...onlyA.map((l) => `database: ${l}`), ...onlyB.map((l) => `squash:   ${l}`)].slice(0, 5);
    throw new MigrationError(
      `migrate: this database carries the pre-squash history, but its schema differs from what the squashed ` +
        `migrations build (${onlyA.length + onlyB.length} catalog lines), so it was left as it is:\n  ` +
        sample.map((l) => l.slice(0, 200)).join('\n  '),
    );
  }
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`;
    for (const m of squash) {
      const text = fs.readFileSync(m.file, 'utf8');
      await tx`
        insert into supabase_migrations.schema_migrations (version, statements, name)
        values (${m.version}, ${[text]}, ${m.name}) on conflict (version) do nothing`;
    }
    await tx`delete from supabase_migrations.schema_migrations where version = any(${SQUASHED_VERSIONS})`;
  });
  log(`migrate: the ${SQUASHED_VERSIONS.length} pre-squash migrations match the squashed schema; recorded its ${squash.length} files as applied`);
}
