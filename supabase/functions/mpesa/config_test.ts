import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../_shared/config.ts";

const base = { SUPABASE_URL: "http://127.0.0.1:54321", SUPABASE_DB_URL: "postgres://x@127.0.0.1/db" };

Deno.test("the simulator needs no M-Pesa settings and calls back to SUPABASE_URL", () => {
  const m = loadConfig(base).mpesa;
  assert.equal(m.env, "simulator");
  assert.equal(m.shortcode, "174379");
  assert.equal(m.callbackBaseUrl, "http://127.0.0.1:54321");
  assert.equal(m.allowListMode, "log");
  assert.equal(m.callbackSecret, null);
});

Deno.test("sandbox and production need their keys, shortcode, passkey and callback secret", () => {
  assert.throws(() => loadConfig({ ...base, MPESA_ENV: "production" }), (e) => e instanceof ConfigError && /MPESA_/.test(e.message));
  const live = {
    ...base, MPESA_ENV: "production", MPESA_CONSUMER_KEY: "k", MPESA_CONSUMER_SECRET: "s", MPESA_SHORTCODE: "600100",
    MPESA_PASSKEY: "p", MPESA_CALLBACK_SECRET: "a".repeat(40), MPESA_CALLBACK_BASE_URL: "https://drive.example.co.ke/",
  };
  const m = loadConfig(live).mpesa;
  assert.equal(m.baseUrl, "https://api.safaricom.co.ke");
  assert.equal(m.callbackBaseUrl, "https://drive.example.co.ke");
  assert.throws(() => loadConfig({ ...live, MPESA_CALLBACK_BASE_URL: "http://drive.example.co.ke" }), /https/);
  assert.throws(() => loadConfig({ ...live, MPESA_CALLBACK_SECRET: "short" }), /MPESA_CALLBACK_SECRET/);
  assert.throws(() => loadConfig({ ...live, MPESA_TRANSACTION_TYPE: "CustomerBuyGoodsOnline" }), /MPESA_PARTY_B/);
});

Deno.test("unknown modes are refused by name", () => {
  assert.throws(() => loadConfig({ ...base, MPESA_ENV: "live" }), /MPESA_ENV/);
  assert.throws(() => loadConfig({ ...base, MPESA_CALLBACK_ALLOWLIST: "on" }), /MPESA_CALLBACK_ALLOWLIST/);
});
