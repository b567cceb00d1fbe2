// Starts the whole stack in-process order: Postgres, migrations, the gateway
// (REST API + edge functions, Deno) and the web client. Used by `npm start`
// and by the API and browser tests, which start throwaway stacks.
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { jwtAudience, loadConfig, ROOT } from './config.mjs';
import { bootstrapDatabase } from './bootstrap.mjs';
import { migrate } from './migrate.mjs';
import { startEmbeddedPostgres } from './postgres.mjs';
import { startChild, stopChild, waitForHttp } from './processes.mjs';
import { loadSecrets } from './secrets.mjs';

export const DENO = path.join(ROOT, 'node_modules', '.bin', 'deno');
export const WEB_BUILD = path.join(ROOT, 'web', 'build', 'index.js');

/**
 * How the gateway is run. V8's young generation is capped at 4 MiB a semi-space: with
 * V8's default (tens of MiB) each scavenge copied the in-flight requests' objects for
 * about 6 ms (up to 12 ms), stalling every request in flight; at 4 MiB they take about
 * 1 ms, and the gateway's p99 under load fell by a quarter (bench/gateway.md).
 */
export const GATEWAY_ARGS = ['run', '--allow-all', '--quiet', '--v8-flags=--max-semi-space-size=4', 'gateway/server.ts'];

/** Replaces user and password in a Postgres URL. */
function withCredentials(url, user, password) {
  const u = new URL(url);
  u.username = user;
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * The address the web server's calls reach the gateway from. The gateway trusts
 * it as a proxy by default, so the visitor's address the web server sends in
 * X-Forwarded-For is what sign-in limits count, not the web server's own.
 */
function webServerAddress(host) {
  return ['0.0.0.0', '::', 'localhost'].includes(host) ? '127.0.0.1,::1' : host;
}

/** The environment the gateway and the edge functions run with. */
export function gatewayEnv({ config, secrets, dbUrl, gatewayDbUrl, env = process.env }) {
  return {
    ...env,
    ...(env.GATEWAY_TRUST_PROXY === undefined && config.web ? { GATEWAY_TRUST_PROXY: webServerAddress(config.host) } : {}),
    // PostgREST's own settings, under PostgREST's own names.
    PGRST_DB_URI: gatewayDbUrl,
    PGRST_DB_SCHEMAS: env.PGRST_DB_SCHEMAS || 'api',
    PGRST_DB_ANON_ROLE: env.PGRST_DB_ANON_ROLE || 'anon',
    PGRST_JWT_SECRET: secrets.jwtSecret,
    // The audience the SQL signs login tokens for and the keys carry: any other is refused.
    PGRST_JWT_AUD: config.jwtAud ?? jwtAudience(env),
    PGRST_SERVER_HOST: config.host,
    PGRST_SERVER_PORT: String(config.gatewayPort),
    // What hosted Supabase gives every edge function.
    SUPABASE_URL: config.apiUrl,
    SUPABASE_ANON_KEY: secrets.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: secrets.serviceRoleKey,
    SUPABASE_DB_URL: dbUrl,
    DATA_DIR: config.dataDir,
    SITE_URL: config.siteUrl,
    MPESA_CALLBACK_SECRET: secrets.mpesaCallbackSecret,
    ...(config.mpesaSimulator && !env.MPESA_BASE_URL ? { MPESA_BASE_URL: `http://127.0.0.1:${config.mpesaSimulatorPort}` } : {}),
    EXIT_ON_STDIN_EOF: '1',
  };
}

/**
 * The environment of a gateway process of one's own beside a running test
 * stack (benches that sample its memory, tests that SIGKILL it): on `port`,
 * on the stack's database as `authenticator`, in the stack's data folder
 * unless `dataDir` says another; quiet, and with no maintenance timer (runs
 * only when asked). `extra` is added to the gateway's settings and to its
 * environment (MPESA_SIMULATOR_PORT, STORAGE_*, TRANSFER_*...).
 */
export async function ownGatewayEnv(stack, { port, dataDir = stack.dataDir, extra = {} }) {
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(port), API_URL: url, ...extra });
  const secrets = await loadSecrets(stack.dataDir, process.env);
  const gatewayDbUrl = new URL(stack.dbUrl);
  gatewayDbUrl.username = 'authenticator';
  gatewayDbUrl.password = encodeURIComponent(secrets.authenticatorPassword);
  const env = {
    ...gatewayEnv({ config, secrets, dbUrl: stack.dbUrl, gatewayDbUrl: gatewayDbUrl.toString() }),
    GATEWAY_LOG: 'off',
    FILES_MAINTENANCE_INTERVAL_MS: '0',
    ...extra,
  };
  return { url, env, secrets };
}

/**
 * Starts Postgres (unless DATABASE_URL names one), migrates, then the gateway
 * and, when built and enabled, the web server. Returns URLs, keys and stop().
 */
export async function startStack(config, { log = console.log, env = process.env } = {}) {
  const children = [];
  let pg = null;
  let admin = null;
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    await admin?.end({ timeout: 2 });
    await pg?.stop();
  };
  try {
    const secrets = await loadSecrets(config.dataDir, env);
    let dbUrl = config.databaseUrl;
    if (!dbUrl) {
      pg = await startEmbeddedPostgres({
        dir: path.join(config.dataDir, 'pg'),
        port: config.pgPort,
        password: secrets.postgresPassword,
        major: config.pgMajor,
        sharedBuffers: config.pgSharedBuffers,
        log,
      });
      dbUrl = pg.url;
      log(`postgres: ready on port ${config.pgPort}`);
    }
    admin = postgres(dbUrl, { max: 1, onnotice: () => {} });
    await migrate(admin, { log });
    const gatewayDbUrl = env.PGRST_DB_URI || withCredentials(dbUrl, 'authenticator', secrets.authenticatorPassword);
    await bootstrapDatabase(admin, { secrets, config, manageAuthenticator: !env.PGRST_DB_URI });
    await admin.end();
    admin = null;

    let mpesaSimulatorUrl = null;
    if (config.mpesaSimulator) {
      const simulator = startChild('mpesa-simulator', DENO, [
        'run', '--allow-net', '--allow-read', '--quiet', 'supabase/functions/mpesa/simulator-main.ts',
        '--port', String(config.mpesaSimulatorPort),
        '--answer-ms', config.mpesaSimulatorAnswerMs, '--late-ms', config.mpesaSimulatorLateMs,
      ], { env, cwd: ROOT, log });
      children.push(simulator);
      mpesaSimulatorUrl = `http://127.0.0.1:${config.mpesaSimulatorPort}`;
      // Any answer (Daraja's own 404 for an unknown path) means it listens.
      await waitForHttp(`${mpesaSimulatorUrl}/`, simulator).catch((err) => {
        throw new Error(`mpesa simulator: ${err.message}`);
      });
      log(`mpesa simulator: ready on ${mpesaSimulatorUrl}`);
    }

    const gateway = startChild('gateway', DENO, GATEWAY_ARGS, {
      env: gatewayEnv({ config, secrets, dbUrl, gatewayDbUrl, env }),
      cwd: ROOT,
      log,
    });
    children.push(gateway);
    await waitForHttp(`http://${config.host}:${config.gatewayPort}/rest/v1/`, gateway).catch((err) => {
      throw new Error(`gateway: ${err.message}`);
    });
    log(`gateway: ready on ${config.apiUrl} (REST at /rest/v1, functions at /functions/v1)`);

    let webUrl = null;
    if (config.web && fs.existsSync(WEB_BUILD)) {
      const web = startChild('web', process.execPath, ['scripts/web-server.mjs'], {
        cwd: ROOT,
        log,
        env: {
          ...env,
          HOST: config.host,
          PORT: String(config.webPort),
          ORIGIN: config.siteUrl,
          PUBLIC_SUPABASE_URL: config.apiUrl,
          PUBLIC_SUPABASE_ANON_KEY: secrets.anonKey,
        },
      });
      children.push(web);
      webUrl = `http://${config.host}:${config.webPort}`;
      await waitForHttp(webUrl, web).catch((err) => {
        throw new Error(`web: ${err.message}`);
      });
      log(`web: ready on ${webUrl}`);
    } else if (config.web) {
      log('web: no web client to serve (web/build is missing); starting without it');
    }
    // `postgres`: the embedded server's stop() and start(), null with DATABASE_URL (a server not ours).
    const postgresServer = pg && { stop: pg.stop, start: pg.start };
    return { dbUrl, apiUrl: config.apiUrl, webUrl, mpesaSimulatorUrl, secrets, anonKey: secrets.anonKey, serviceRoleKey: secrets.serviceRoleKey, postgres: postgresServer, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
