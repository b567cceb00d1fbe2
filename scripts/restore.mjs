// npm run restore -- <snapshot dir>: brings a snapshot back into an empty DATA_DIR
// (or the empty database DATABASE_URL names), objects into the configured storage driver.
// With --objects-only, only the objects (the database restored another way, e.g. by Supabase).
import path from 'node:path';
import { loadConfig, loadDotEnv } from './lib/config.mjs';
import { restore } from './lib/backup.mjs';

loadDotEnv();
const snapshot = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!snapshot) {
  console.error('usage: npm run restore -- <snapshot dir> [--objects-only]   (a folder under <backup dir>/snapshots/)');
  process.exit(2);
}
try {
  const result = await restore(loadConfig(), path.resolve(snapshot), { objectsOnly: process.argv.includes('--objects-only') });
  console.log(`restore: ${result.objects} objects (${result.copied} written, ${result.bytes} bytes) in ${result.seconds.toFixed(1)} s; start with npm start`);
  process.exit(0);
} catch (err) {
  console.error(`restore: ${err.message}`);
  process.exit(1);
}
