import assert from "node:assert/strict";
import { normalizePhone } from "./phone.ts";

Deno.test("phone numbers as people type them become 254 + 9 digits", () => {
  for (const [typed, msisdn] of [
    ["0712345678", "254712345678"],
    ["0712 345 678", "254712345678"],
    ["0112-345-678", "254112345678"],
    ["+254 712 345 678", "254712345678"],
    ["254712345678", "254712345678"],
    ["(0712) 345.678", "254712345678"],
    ["712345678", "254712345678"],
    [" 0722000000 ", "254722000000"],
  ]) assert.equal(normalizePhone(typed), msisdn, typed);
});

Deno.test("anything else is not a phone number", () => {
  for (const typed of ["", "07123", "07123456789", "0812345678", "+255712345678", "2540712345678", "07l2345678", "0712345678x", "1".repeat(40), "+ 254"]) {
    assert.equal(normalizePhone(typed), null, typed);
  }
});
