// The stack's configuration: read and validated once from the environment,
// with the local defaults that make `npm start` work on a bare machine.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Loads `.env` at the repository root, if present; variables already set win. */
export function loadDotEnv() {
  const file = path.join(ROOT, '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** A port from the environment, or the default; exits with a clear message when invalid. */
function port(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return n;
}

/** Everything the stack launcher needs, from the environment with defaults. */
export function loadConfig(env = process.env) {
  const dataDir = path.resolve(ROOT, env.DATA_DIR || '.data');
  const gatewayPort = port(env, 'GATEWAY_PORT', 54321);
  const webPort = port(env, 'WEB_PORT', 54323);
  const host = env.HOST || '127.0.0.1';
  return {
    dataDir,
    host,
    databaseUrl: env.DATABASE_URL || null,
    pgPort: port(env, 'PG_PORT', 54322),
    pgMajor: env.PG_MAJOR || '15',
    gatewayPort,
    webPort,
    web: env.WEB !== 'off',
    siteUrl: env.SITE_URL || `http://${host}:${webPort}`,
    apiUrl: env.API_URL || `http://${host}:${gatewayPort}`,
    bcryptCost: env.BCRYPT_COST || null,
    superadminEmail: env.SUPERADMIN_EMAIL || null,
    superadminPassword: env.SUPERADMIN_PASSWORD || null,
  };
}
