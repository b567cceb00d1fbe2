import assert from "node:assert/strict";
import { SAFARICOM_CALLBACK_IPS } from "../_shared/config.ts";
import { judgeSource } from "./allow-list.ts";

Deno.test("off: every source is accepted without a verdict", () => {
  assert.deepEqual(judgeSource("203.0.113.9", "off", SAFARICOM_CALLBACK_IPS), { allowed: null, refuse: false });
});

Deno.test("log: a source off the list is noted, not refused", () => {
  assert.deepEqual(judgeSource("203.0.113.9", "log", SAFARICOM_CALLBACK_IPS), { allowed: false, refuse: false });
  assert.deepEqual(judgeSource("196.201.214.200", "log", SAFARICOM_CALLBACK_IPS), { allowed: true, refuse: false });
});

Deno.test("strict: only Safaricom's addresses (IPv4-mapped too) are applied", () => {
  assert.deepEqual(judgeSource("203.0.113.9", "strict", SAFARICOM_CALLBACK_IPS), { allowed: false, refuse: true });
  assert.deepEqual(judgeSource(null, "strict", SAFARICOM_CALLBACK_IPS), { allowed: false, refuse: true });
  assert.deepEqual(judgeSource("::ffff:196.201.212.69", "strict", SAFARICOM_CALLBACK_IPS), { allowed: true, refuse: false });
});
