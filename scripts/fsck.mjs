// npm run fsck [-- --quick]: checks a live or restored drive. Every referenced
// object exists with its checksum (--quick: its size), every file has its
// version, usage adds up, no upload outlived its expiry, no payment credited
// twice or for nothing; orphans listed. Exits 1 on any problem.
import { loadConfig, loadDotEnv } from './lib/config.mjs';
import { fsck } from './lib/backup.mjs';

loadDotEnv();
const report = await fsck(loadConfig(), { quick: process.argv.includes('--quick') });
const list = (label, keys) => keys.length && console.log(`${label}:\n  ${keys.join('\n  ')}`);
list('problems', report.problems);
list('orphans (no row references them; the files maintenance sweeps them after its grace)', report.orphans);
list('uploads past their expiry (the files maintenance expires them on its next run)',
  report.expired_uploads.map((u) => `${u.id} (${u.expires_at})`));
console.log(`fsck: ${report.checked} objects checked (${report.bytes} bytes), ${report.missing.length} missing, ` +
  `${report.mismatched.length} mismatched, ${report.orphans.length} orphans, ${report.queued_for_collection.length} queued for collection, ` +
  `${report.kept_for_retention.length} kept for the backup retention, ` +
  `${report.usage_mismatches.length} usage mismatches, ${report.files_without_version.length} files without a version, ` +
  `${report.expired_uploads.length} expired uploads, ${report.payment_mismatches.length} payment mismatches: ` +
  `${report.problems.length} problems`);
process.exit(report.problems.length ? 1 : 0);
