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
