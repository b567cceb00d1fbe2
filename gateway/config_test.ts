import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

const base = { PGRST_DB_URI: "postgres://authenticator@127.0.0.1/postgres", PGRST_JWT_SECRET: "x".repeat(32) };

Deno.test("config reads PostgREST's own variables with PostgREST's defaults", () => {
  const config = loadConfig({ ...base, PGRST_DB_SCHEMAS: "api, other", PGRST_DB_MAX_ROWS: "100" });
  assert.deepEqual(config.dbSchemas, ["api", "other"]);
  assert.equal(config.anonRole, "anon");
  assert.equal(config.maxRows, 100);
  assert.equal(config.serverPort, 3000);
});

Deno.test("config refuses a missing database URI, naming the variable", () => {
  assert.throws(() => loadConfig({ PGRST_JWT_SECRET: base.PGRST_JWT_SECRET }), (err) => {
    return err instanceof ConfigError && /PGRST_DB_URI/.test(err.message);
  });
});

Deno.test("config refuses a JWT secret shorter than 32 characters", () => {
  assert.throws(() => loadConfig({ ...base, PGRST_JWT_SECRET: "short" }), /at least 32/);
});

Deno.test("config refuses a malformed number, naming the variable", () => {
  assert.throws(() => loadConfig({ ...base, PGRST_DB_MAX_ROWS: "ten" }), /PGRST_DB_MAX_ROWS/);
});

Deno.test("config reads db-tx-end (PostgREST's default: commit) and refuses a value PostgREST does not know", () => {
  assert.equal(loadConfig(base).txEnd, "commit");
  assert.equal(loadConfig({ ...base, PGRST_DB_TX_END: "rollback-allow-override" }).txEnd, "rollback-allow-override");
  assert.throws(() => loadConfig({ ...base, PGRST_DB_TX_END: "rollback-always" }), /PGRST_DB_TX_END/);
});

Deno.test("config reads the body idle timeout (30 s unless set; 0 turns it off)", () => {
  assert.equal(loadConfig(base).bodyIdleTimeoutMs, 30_000);
  assert.equal(loadConfig({ ...base, GATEWAY_BODY_IDLE_TIMEOUT_MS: "0" }).bodyIdleTimeoutMs, 0);
  assert.throws(() => loadConfig({ ...base, GATEWAY_BODY_IDLE_TIMEOUT_MS: "soon" }), /GATEWAY_BODY_IDLE_TIMEOUT_MS/);
});

Deno.test("config reads the connection budget (64 unless set; idle ones closed after 30 s; 0 turns either off)", () => {
  assert.equal(loadConfig(base).maxConnections, 64);
  assert.equal(loadConfig({ ...base, GATEWAY_MAX_CONNECTIONS: "256" }).maxConnections, 256);
  assert.equal(loadConfig(base).idleTimeoutMs, 30_000);
  assert.equal(loadConfig({ ...base, GATEWAY_MAX_CONNECTIONS: "0" }).maxConnections, 0);
  assert.equal(loadConfig({ ...base, GATEWAY_IDLE_TIMEOUT_MS: "5000" }).idleTimeoutMs, 5000);
  assert.throws(() => loadConfig({ ...base, GATEWAY_MAX_CONNECTIONS: "many" }), /GATEWAY_MAX_CONNECTIONS/);
});
