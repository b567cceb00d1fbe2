// Generates the stack's secrets on first start and keeps them in
// `.data/secrets.json` (0600); environment variables override each one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { jwtAudience } from './config.mjs';

const TEN_YEARS = 10 * 365 * 24 * 3600;

/**
 * An API key as Supabase issues them: a long-lived HS256 JWT naming a role, for the
 * audience the gateway checks (PGRST_JWT_AUD), or it would be refused.
 */
export async function signApiKey(role, jwtSecret, audience = jwtAudience()) {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({ role, iss: 'pgdrive', aud: audience })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + TEN_YEARS)
    .sign(new TextEncoder().encode(jwtSecret));
}

const random = (bytes) => crypto.randomBytes(bytes).toString('base64url');

/** Loads the secrets from `<dataDir>/secrets.json`, creating any that are missing. */
export async function loadSecrets(dataDir, env = process.env) {
  const file = path.join(dataDir, 'secrets.json');
  // 0711: others (the `postgres` OS user running the embedded server) may
  // pass through to .data/pg but cannot list or read anything else here.
  fs.mkdirSync(dataDir, { recursive: true });
  fs.chmodSync(dataDir, 0o711);
  let stored = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  const before = JSON.stringify(stored);

  stored.jwtSecret ??= random(48);
  stored.postgresPassword ??= random(24);
  stored.authenticatorPassword ??= random(24);
  // The unguessable part of the M-Pesa callback URL (Daraja does not sign callbacks).
  stored.mpesaCallbackSecret ??= random(32);
  const jwtSecret = env.JWT_SECRET || stored.jwtSecret;
  if (jwtSecret.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long');
  // Keys are re-signed when the secret or the audience they were signed for changes.
  const audience = jwtAudience(env);
  if (stored.keysSignedWith !== hash(jwtSecret) || stored.keysAudience !== audience) {
    stored.anonKey = await signApiKey('anon', jwtSecret, audience);
    stored.serviceRoleKey = await signApiKey('service_role', jwtSecret, audience);
    stored.keysSignedWith = hash(jwtSecret);
    stored.keysAudience = audience;
  }
  if (JSON.stringify(stored) !== before) {
    fs.writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600);
  return {
    jwtSecret,
    postgresPassword: stored.postgresPassword,
    authenticatorPassword: env.AUTHENTICATOR_PASSWORD || stored.authenticatorPassword,
    anonKey: env.ANON_KEY || stored.anonKey,
    serviceRoleKey: env.SERVICE_ROLE_KEY || stored.serviceRoleKey,
    mpesaCallbackSecret: env.MPESA_CALLBACK_SECRET || stored.mpesaCallbackSecret,
  };
}

function hash(value) {
  return crypto.createHash('sha256').update(value).digest('hex').slice(0, 16);
}
