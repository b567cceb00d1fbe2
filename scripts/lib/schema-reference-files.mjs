// The schema reference on disk: build it from the migrations on a throwaway
// Postgres, write it, or compare it with what is committed.
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { migrate } from './migrate.mjs';
import { schemaReference } from './schema-reference.mjs';
import { startTestServer } from './test-database.mjs';

/**
 * Runs `fn({ sql, url })` on a throwaway Postgres database that the
 * migrations in `migrationsDir` (default: the project's) have built, and
 * drops the server after. The schema reference and the web client's
 * generated row types (scripts/lib/database-types.mjs) are both read this way.
 */
export async function withMigratedDatabase(fn, { migrationsDir } = {}) {
  const server = await startTestServer('15');
  try {
    const root = postgres(server.urlFor('postgres'), { max: 1, onnotice: () => {} });
    await root.unsafe('create database reference');
    await root.end();
    const sql = postgres(server.urlFor('reference'), { max: 1, onnotice: () => {} });
    try {
      await migrate(sql, { log: () => {}, ...(migrationsDir ? { dir: migrationsDir } : {}) });
      return await fn({ sql, url: server.urlFor('reference') });
    } finally {
      await sql.end();
    }
  } finally {
    await server.stop();
  }
}

/** The reference the migrations in `migrationsDir` (default: the project's) build. */
export function buildReference({ migrationsDir } = {}) {
  return withMigratedDatabase(({ sql }) => schemaReference(sql), { migrationsDir });
}

/** The committed reference under `dir` as a map of relative path to text. */
function readReference(dir) {
  const files = new Map();
  if (!fs.existsSync(dir)) return files;
  for (const schema of fs.readdirSync(dir)) {
    if (!fs.statSync(path.join(dir, schema)).isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(dir, schema))) {
      files.set(`${schema}/${file}`, fs.readFileSync(path.join(dir, schema, file), 'utf8'));
    }
  }
  return files;
}

/** Writes the reference under `dir`, removing files of objects that are gone; returns the count. */
export async function writeReference(dir) {
  const files = await buildReference();
  for (const file of readReference(dir).keys()) if (!files.has(file)) fs.rmSync(path.join(dir, file));
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return files.size;
}

/** Lines naming each file missing, extra or different under `dir`; empty when current. */
export async function compareReference(dir, options = {}) {
  const built = await buildReference(options);
  const committed = readReference(dir);
  const lines = [];
  for (const [file, text] of built) {
    if (!committed.has(file)) lines.push(`missing: ${file}`);
    else if (committed.get(file) !== text) lines.push(`differs: ${file}`);
  }
  for (const file of committed.keys()) if (!built.has(file)) lines.push(`extra:   ${file}`);
  return lines;
}
