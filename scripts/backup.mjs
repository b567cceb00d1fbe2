// npm run backup [-- --to DIR]: a consistent, incremental snapshot of the drive
// (database and every object it references) under BACKUP_DIR (default DATA_DIR/backups).
import path from 'node:path';
import { loadConfig, loadDotEnv } from './lib/config.mjs';
import { backup } from './lib/backup.mjs';

loadDotEnv();
const config = loadConfig();
const to = process.argv.indexOf('--to');
const backupDir = path.resolve(to > 0 ? process.argv[to + 1] : process.env.BACKUP_DIR || path.join(config.dataDir, 'backups'));
const manifest = await backup(config, { backupDir });
const problems = manifest.missing.length + manifest.mismatched.length;
console.log(`backup: ${manifest.dir}: database ${manifest.database.size} bytes, ${manifest.objects.length} objects ` +
  `(${manifest.copied} copied, ${manifest.copied_bytes} bytes; ${manifest.reused} already backed up) in ${manifest.seconds.toFixed(1)} s`);
if (problems) {
  console.error(`backup: INCOMPLETE: ${manifest.missing.length} objects missing from storage, ${manifest.mismatched.length} not matching their checksum (run npm run fsck)`);
  process.exit(1);
}
process.exit(0);
