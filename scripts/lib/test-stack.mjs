// Throwaway stacks for the API and browser tests: a temporary data folder,
// free ports, the real Postgres, gateway and web server, torn down after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { loadConfig } from './config.mjs';
import { freePort } from './processes.mjs';
import { startStack } from './stack.mjs';

/**
 * Starts a stack for tests. `env` adds variables for the gateway and web
 * (e.g. EMAIL_DRIVER); `web` starts the web build too; `confirmEmail` keeps
 * email confirmation on (`npm start`'s default), which test stacks otherwise
 * turn off. The log goes to `<dataDir>/stack.log`, printed only when the
 * start fails.
 */
export async function startTestStack({ env: extra = {}, web = false, confirmEmail = false } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-test-'));
  const [pgPort, gatewayPort, webPort, mpesaPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PG_PORT: String(pgPort),
    GATEWAY_PORT: String(gatewayPort),
    WEB_PORT: String(webPort),
    MPESA_SIMULATOR_PORT: String(mpesaPort),
    // The simulated customer answers quickly; a late callback comes a little later.
    MPESA_SIMULATOR_ANSWER_MS: '300',
    MPESA_SIMULATOR_LATE_MS: '1500',
    WEB: web ? 'on' : 'off',
    DATABASE_URL: '',
    GATEWAY_LOG: 'off',
    // Fast password hashing in tests; production keeps its stronger default.
    BCRYPT_COST: process.env.BCRYPT_COST || '4',
    // Collected at the next run, as the collection tests expect (a test of the retention sets its own).
    BACKUP_RETENTION_DAYS: process.env.BACKUP_RETENTION_DAYS || '0',
    ...extra,
  };
  const logFile = path.join(dataDir, 'stack.log');
  const log = (line) => fs.appendFileSync(logFile, line + '\n');
  let stack;
  try {
    stack = await startStack(loadConfig(env), { log, env });
  } catch (err) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
    throw new Error(`test stack failed to start: ${err.message}\n${tail}`);
  }
  // Every test signs up from this machine's one address: lift the per-address
  // signup limit (pgTAP proves it) so a whole run is not refused past ten.
  // And most tests sign up and use the session at once: with confirmation
  // off, signup does that (pgTAP proves both modes; tests that need the
  // confirmation link ask for `confirmEmail`).
  const admin = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`insert into private.settings (key, value) values ('auth.max_signups_per_ip', '100000')
                on conflict (key) do update set value = excluded.value`;
    await admin`insert into private.settings (key, value) values ('auth.confirm_email', ${confirmEmail ? 'on' : 'off'})
                on conflict (key) do update set value = excluded.value`;
  } finally {
    await admin.end();
  }
  return {
    apiUrl: stack.apiUrl,
    webUrl: stack.webUrl,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    jwtSecret: stack.secrets.jwtSecret,
    dbUrl: stack.dbUrl,
    dataDir,
    mpesaSimulatorUrl: stack.mpesaSimulatorUrl,
    mpesaCallbackSecret: stack.secrets.mpesaCallbackSecret,
    /** The stack's own Postgres: stop() then start() restarts it under the running gateway. */
    postgres: stack.postgres,
    async stop() {
      await stack.stop();
      if (process.env.KEEP_TEST_DATA !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
