/**
 * The gateway's configuration, read once from PostgREST's own environment
 * variables so that a person who knows PostgREST configures it unchanged.
 */

import { parseTrustProxy, type TrustProxy } from "./client-address.ts";

export interface GatewayConfig {
  dbUri: string;
  dbSchemas: string[];
  anonRole: string;
  jwtSecret: string;
  jwtAud: string | null;
  preRequest: string | null;
  maxRows: number | null;
  poolSize: number;
  serverHost: string;
  serverPort: number;
  maxBodyBytes: number;
  /**
   * GATEWAY_BODY_IDLE_TIMEOUT_MS: how long a request body may send nothing before the
   * request is given up on (408 for REST; a function's body stream fails). 0: never.
   */
  bodyIdleTimeoutMs: number;
  /**
   * GATEWAY_MAX_CONNECTIONS: how many connections may have a request in flight at once;
   * the others wait, unread, in the kernel (admission.ts). It is the gateway's memory
   * budget under many concurrent transfers: 64 by default (about 1.3 MB a slot; bench/files, 1,000
   * transfers at once: 351 MB instead of 2,246 MB). Its cost is set against it in the README (Reliability):
   * about 55 us of CPU per REST request, within the noise of bench/load's realistic mix. 0: no limit,
   * Deno.serve straight on the port.
   */
  maxConnections: number;
  /** GATEWAY_IDLE_TIMEOUT_MS: a connection with no request in flight and no byte for this long is closed. 0: never. */
  idleTimeoutMs: number;
  /**
   * PostgREST's db-tx-end: how each request's transaction ends, and whether the client's
   * `Prefer: tx=commit|rollback` may override it (only in the `-allow-override` modes).
   */
  txEnd: TxEnd;
  /** PostgREST's db-aggregates-enabled: `count()`, `sum()` ... in select (off by default: a full scan is one request away). */
  aggregatesEnabled: boolean;
  /** PostgREST's db-plan-enabled: EXPLAIN through `Accept: application/vnd.pgrst.plan` (off by default). */
  planEnabled: boolean;
  /** Which peers' X-Forwarded-For to believe (GATEWAY_TRUST_PROXY; see client-address.ts). */
  trustProxy: TrustProxy;
  corsOrigins: string[];
  exitOnStdinEof: boolean;
  /** PGRST_DB_EXTRA_SEARCH_PATH: schemas after the exposed one in each request's search_path. */
  extraSearchPath: string[];
  /**
   * The jobs pg_cron runs on hosted Supabase, as the gateway runs them here:
   * how often it POSTs /functions/v1/email (EMAIL_DRAIN_INTERVAL_MS; it also
   * does on NOTIFY email_outbox) and /functions/v1/files/maintenance
   * (FILES_MAINTENANCE_INTERVAL_MS); 0: never on a timer.
   */
  jobs: { emailIntervalMs: number; maintenanceIntervalMs: number };
  /**
   * The key the jobs send (SUPABASE_SERVICE_ROLE_KEY, as hosted names it, or
   * SERVICE_ROLE_KEY); null: the gateway signs a service-role token with the JWT secret.
   */
  serviceRoleKey: string | null;
  /** The PGRST_* variables that were set: they win over the authenticator's `pgrst.*` settings. */
  fromEnv: Set<string>;
}

export const TX_END_MODES = ["commit", "commit-allow-override", "rollback", "rollback-allow-override"] as const;
export type TxEnd = typeof TX_END_MODES[number];

/** True for one of PostgREST's db-tx-end values. */
export function isTxEnd(value: string): value is TxEnd {
  return (TX_END_MODES as readonly string[]).includes(value);
}

/** A configuration error names the variable so the fix is obvious. */
export class ConfigError extends Error {}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} must be set`);
  return value;
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number | null): number | null {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** PostgREST's boolean settings: true, yes, on, 1 (any case); anything else is false. */
export function truthy(value: string | undefined): boolean {
  return /^(true|yes|on|1)$/i.test((value ?? "").trim());
}

/** Reads and validates the configuration from an environment map. */
export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): GatewayConfig {
  const jwtSecret = required(env, "PGRST_JWT_SECRET");
  if (jwtSecret.length < 32) throw new ConfigError("PGRST_JWT_SECRET must be at least 32 characters long");
  const txEnd = env.PGRST_DB_TX_END || "commit";
  if (!isTxEnd(txEnd)) {
    throw new ConfigError(`PGRST_DB_TX_END must be one of ${TX_END_MODES.join(", ")}, got "${txEnd}"`);
  }
  return {
    dbUri: required(env, "PGRST_DB_URI"),
    dbSchemas: (env.PGRST_DB_SCHEMAS || "api").split(",").map((s) => s.trim()).filter(Boolean),
    anonRole: env.PGRST_DB_ANON_ROLE || "anon",
    jwtSecret,
    jwtAud: env.PGRST_JWT_AUD || null,
    preRequest: env.PGRST_DB_PRE_REQUEST || null,
    maxRows: integer(env, "PGRST_DB_MAX_ROWS", null),
    poolSize: integer(env, "PGRST_DB_POOL", 10)!,
    serverHost: env.PGRST_SERVER_HOST || "127.0.0.1",
    serverPort: integer(env, "PGRST_SERVER_PORT", 3000)!,
    maxBodyBytes: integer(env, "GATEWAY_MAX_BODY_BYTES", 10 * 1024 * 1024)!,
    bodyIdleTimeoutMs: integer(env, "GATEWAY_BODY_IDLE_TIMEOUT_MS", 30_000)!,
    maxConnections: integer(env, "GATEWAY_MAX_CONNECTIONS", 64)!,
    idleTimeoutMs: integer(env, "GATEWAY_IDLE_TIMEOUT_MS", 30_000)!,
    txEnd,
    aggregatesEnabled: truthy(env.PGRST_DB_AGGREGATES_ENABLED),
    planEnabled: truthy(env.PGRST_DB_PLAN_ENABLED),
    trustProxy: parseTrustProxy(env.GATEWAY_TRUST_PROXY),
    corsOrigins: (env.GATEWAY_CORS_ORIGINS || env.SITE_URL || "*").split(",").map((s) => s.trim()).filter(Boolean),
    exitOnStdinEof: env.EXIT_ON_STDIN_EOF === "1",
    extraSearchPath: (env.PGRST_DB_EXTRA_SEARCH_PATH ?? "public").split(",").map((s) => s.trim()).filter(Boolean),
    jobs: {
      emailIntervalMs: integer(env, "EMAIL_DRAIN_INTERVAL_MS", 5000)!,
      maintenanceIntervalMs: integer(env, "FILES_MAINTENANCE_INTERVAL_MS", 60_000)!,
    },
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY || env.SERVICE_ROLE_KEY || null,
    fromEnv: new Set(Object.keys(env).filter((k) => k.startsWith("PGRST_") && env[k] !== "")),
  };
}
