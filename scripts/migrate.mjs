// `npm run migrate`: applies pending migrations to DATABASE_URL (or the
// embedded server's database when it is running) and exits.
import postgres from 'postgres';
import { loadConfig, loadDotEnv } from './lib/config.mjs';
import { migrate } from './lib/migrate.mjs';
import { loadSecrets } from './lib/secrets.mjs';

loadDotEnv();
const config = loadConfig();
const secrets = await loadSecrets(config.dataDir);
const url = config.databaseUrl ?? `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${config.pgPort}/postgres`;
const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const applied = await migrate(sql);
  console.log(applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
} catch (err) {
  console.error(`migrate: ${err.message}`);
  process.exitCode = 1;
} finally {
  await sql.end();
}
