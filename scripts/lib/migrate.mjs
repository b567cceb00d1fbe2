// Applies supabase/migrations/*.sql in order and records each in
// supabase_migrations.schema_migrations, the table the Supabase CLI uses, so
// a database migrated here and one migrated by `supabase db push` agree.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.mjs';

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
 * Applies every migration not yet recorded, each in its own transaction.
 * A failing one rolls back, and the error names the file and the SQL error.
 * Returns the names applied; an up-to-date database is left untouched.
 */
export async function migrate(sql, { dir = MIGRATIONS_DIR, log = console.log } = {}) {
  await sql`create schema if not exists supabase_migrations`;
  await sql`
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key,
      statements text[],
      name text
    )`;
  const applied = [];
  for (const m of listMigrations(dir)) {
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
