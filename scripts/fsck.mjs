// npm run fsck [-- --quick]: checks a live or restored drive. Every referenced
// object exists with its checksum (--quick: its size), usage adds up, orphans listed.
import { loadConfig, loadDotEnv } from './lib/config.mjs';
import { fsck } from './lib/backup.mjs';

loadDotEnv();
const report = await fsck(loadConfig(), { quick: process.argv.includes('--quick') });
const list = (label, keys) => keys.length && console.log(`${label}:\n  ${keys.join('\n  ')}`);
list('missing objects', report.missing);
list('objects not matching their checksum', report.mismatched);
list('orphans (no row references them)', report.orphans);
for (const u of report.usage_mismatches) console.log(`usage of ${u.owner_id}: ${u.used} recorded, ${u.versions} in its versions`);
console.log(`fsck: ${report.checked} objects checked (${report.bytes} bytes), ${report.missing.length} missing, ` +
  `${report.mismatched.length} mismatched, ${report.orphans.length} orphans, ${report.queued_for_collection.length} queued for collection, ` +
  `${report.usage_mismatches.length} usage mismatches`);
process.exit(report.missing.length || report.mismatched.length || report.usage_mismatches.length ? 1 : 0);
