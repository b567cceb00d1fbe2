// The stack's configuration: read and validated once from the environment,
// with the local defaults that make `npm start` work on a bare machine.
import fs from 'node:fs';
import os from 'node:os';
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

/** BACKUP_RETENTION_DAYS, a whole number of days, or null when unset (SQL keeps its setting). */
function retentionDays(env) {
  const raw = env.BACKUP_RETENTION_DAYS;
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,4}$/.test(raw)) throw new Error(`BACKUP_RETENTION_DAYS must be a whole number of days (0-9999), got "${raw}"`);
  return raw;
}

/**
 * The embedded server's shared_buffers: PG_SHARED_BUFFERS (e.g. 512MB), else
 * a quarter of the machine's memory, from 128MB to 8GB, the usual advice for
 * a dedicated server. Postgres's own default, 128MB, keeps a small part of a
 * big drive's files and search indexes in memory: on a million files the
 * search tail read every fifth page from the operating system (bench/search.md).
 */
function sharedBuffers(env) {
  const raw = env.PG_SHARED_BUFFERS;
  if (raw === undefined || raw === '') {
    const mb = Math.floor(os.totalmem() / 4 / 2 ** 20);
    return `${Math.min(Math.max(mb, 128), 8192)}MB`;
  }
  if (!/^[1-9]\d*(kB|MB|GB)$/.test(raw)) {
    throw new Error(`PG_SHARED_BUFFERS must be a size such as 512MB or 2GB, got "${raw}"`);
  }
  return raw;
}

/**
 * The audience access tokens are signed for and the gateway accepts (PGRST_JWT_AUD), as on
 * hosted Supabase: `authenticated`. The SQL signs login tokens for it, the generated keys
 * carry it, and the gateway refuses a token for any other audience.
 */
export function jwtAudience(env = process.env) {
  return env.PGRST_JWT_AUD || 'authenticated';
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
    pgSharedBuffers: sharedBuffers(env),
    gatewayPort,
    webPort,
    web: env.WEB !== 'off',
    siteUrl: env.SITE_URL || `http://${host}:${webPort}`,
    apiUrl: env.API_URL || `http://${host}:${gatewayPort}`,
    jwtAud: jwtAudience(env),
    bcryptCost: env.BCRYPT_COST || null,
    // private.settings backup.retention_days when set (SQL's default is 7).
    backupRetentionDays: retentionDays(env),
    // The local Daraja (supabase/functions/mpesa/simulator.ts), run unless MPESA_ENV names Safaricom.
    mpesaSimulator: (env.MPESA_ENV || 'simulator') === 'simulator',
    mpesaSimulatorPort: port(env, 'MPESA_SIMULATOR_PORT', 54325),
    mpesaSimulatorAnswerMs: env.MPESA_SIMULATOR_ANSWER_MS || '1500',
    mpesaSimulatorLateMs: env.MPESA_SIMULATOR_LATE_MS || '3000',
    // The local mailbox page (scripts/lib/mailbox.mjs): only with the `file` email driver.
    mailbox: (env.EMAIL_DRIVER || 'file') === 'file' && env.MAILBOX !== 'off',
    mailboxPort: port(env, 'MAILBOX_PORT', 54324),
    mailDir: path.resolve(ROOT, env.EMAIL_FILE_DIR || path.join(dataDir, 'mail')),
    superadminEmail: env.SUPERADMIN_EMAIL || null,
    superadminPassword: env.SUPERADMIN_PASSWORD || null,
  };
}
