/**
 * PostgREST's in-database configuration: `alter role authenticator set
 * pgrst.db_pre_request = 'api.pre_request'` and friends, read at start and on
 * reload. A PGRST_* environment variable, when set, wins, as in PostgREST.
 */
import { type GatewayConfig, isTxEnd, truthy } from "./config.ts";

const list = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);

/** Applies the `pgrst.*` settings (keys without the prefix) over the environment's configuration. */
export function effectiveConfig(base: GatewayConfig, db: Map<string, string>): GatewayConfig {
  const config = { ...base };
  const use = (key: string, env: string, apply: (v: string) => void) => {
    const v = db.get(key);
    if (v !== undefined && !base.fromEnv.has(env)) apply(v);
  };
  use("db_schemas", "PGRST_DB_SCHEMAS", (v) => (config.dbSchemas = list(v)));
  use("db_anon_role", "PGRST_DB_ANON_ROLE", (v) => (config.anonRole = v));
  use("db_pre_request", "PGRST_DB_PRE_REQUEST", (v) => (config.preRequest = v || null));
  use("db_max_rows", "PGRST_DB_MAX_ROWS", (v) => {
    const n = Number(v);
    if (Number.isInteger(n) && n >= 0) config.maxRows = n;
  });
  use("db_extra_search_path", "PGRST_DB_EXTRA_SEARCH_PATH", (v) => (config.extraSearchPath = list(v)));
  use("db_tx_end", "PGRST_DB_TX_END", (v) => {
    if (isTxEnd(v)) config.txEnd = v;
    else console.error(`gateway: ignoring pgrst.db_tx_end = "${v}" (not a db-tx-end value); keeping "${config.txEnd}"`);
  });
  use("db_aggregates_enabled", "PGRST_DB_AGGREGATES_ENABLED", (v) => (config.aggregatesEnabled = truthy(v)));
  use("db_plan_enabled", "PGRST_DB_PLAN_ENABLED", (v) => (config.planEnabled = truthy(v)));
  use("jwt_aud", "PGRST_JWT_AUD", (v) => (config.jwtAud = v || null));
  use("jwt_secret", "PGRST_JWT_SECRET", (v) => {
    if (v.length >= 32) config.jwtSecret = v;
  });
  return config;
}
