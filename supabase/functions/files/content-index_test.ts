import assert from "node:assert/strict";
import { textOf } from "./content-index.ts";

Deno.test("textOf decodes UTF-8, drops NULs and a character cut at the byte cap", () => {
  const bytes = new TextEncoder().encode("zebra\u0000 caf\u00e9 \u{1F600}");
  assert.equal(textOf(bytes), "zebra caf\u00e9 \u{1F600}");
  // Cut inside the 4-byte emoji: the partial character is dropped, not turned into U+FFFD.
  assert.equal(textOf(bytes.subarray(0, bytes.length - 2)), "zebra caf\u00e9 ");
});

Deno.test("textOf replaces invalid bytes instead of failing", () => {
  assert.equal(textOf(new Uint8Array([0x61, 0xff, 0x62])), "a\uFFFDb");
});
