import assert from "node:assert/strict";
import { contentDisposition, deliversFirstByte, directType, parseRange, selectBytes } from "./downloads.ts";

Deno.test("a presigned GET names only a safe type; anything else is opaque bytes", () => {
  assert.equal(directType({ mime: "image/png" }), "image/png");
  assert.equal(directType({ mime: "application/pdf" }), "application/pdf");
  assert.equal(directType({ mime: "text/plain" }), "text/plain; charset=utf-8");
  for (const mime of ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "text/javascript", "application/zip"]) {
    assert.equal(directType({ mime }), "application/octet-stream", mime);
  }
  // The disposition agrees: inline only ever for a type the bucket is told to name.
  assert.match(contentDisposition({ name: "x.html", mime: "text/html", disposition: "inline" }), /^attachment;/);
});

Deno.test("ranges: one range, suffixes, open ends, and out-of-range answers", () => {
  assert.deepEqual(parseRange("bytes=0-9", 100), { kind: "part", start: 0, end: 9 });
  assert.deepEqual(parseRange("bytes=90-", 100), { kind: "part", start: 90, end: 99 });
  assert.deepEqual(parseRange("bytes=-10", 100), { kind: "part", start: 90, end: 99 });
  assert.deepEqual(parseRange("bytes=50-500", 100), { kind: "part", start: 50, end: 99 });
  assert.deepEqual(parseRange("bytes=100-", 100), { kind: "unsatisfiable" });
  assert.deepEqual(parseRange("bytes=-0", 100), { kind: "unsatisfiable" });
  assert.deepEqual(parseRange("bytes=0-", 0), { kind: "unsatisfiable" });
  assert.deepEqual(parseRange(null, 100), { kind: "whole" });
});

Deno.test("ranges follow RFC 9110: the unit in any case, leading zeros, OWS only around commas, the rest ignored", () => {
  const whole = { kind: "whole" };
  assert.deepEqual(parseRange("BYTES=0-", 100), { kind: "part", start: 0, end: 99 });
  assert.deepEqual(parseRange("Bytes=10-19", 100), { kind: "part", start: 10, end: 19 });
  assert.deepEqual(parseRange("bytes=00-", 100), { kind: "part", start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=-999999", 100), { kind: "part", start: 0, end: 99 });
  assert.deepEqual(parseRange("  bytes=5-6  ", 100), { kind: "part", start: 5, end: 6 }, "the field value is trimmed");
  assert.deepEqual(parseRange("bytes=5-6 , ", 100), { kind: "part", start: 5, end: 6 }, "an empty list element is skipped");
  for (const header of ["garbage", "bytes= 0-", "bytes =0-", "bytes=0 -5", "bytes=9-0", "bytes=0x10-", "bytes=", "bytes=-", "items=0-5", "bytes=0-1,5-6", "bytes=1-2, 0-0"]) {
    assert.deepEqual(parseRange(header, 100), whole, header);
  }
});

Deno.test("the selection a public link counts: every response that sends the first byte, and nothing else", () => {
  const file = { size: 100, sha256: "ab".repeat(32) };
  const get = (headers: Record<string, string>, method = "GET") => new Request("http://x/", { method, headers });
  const counts = (headers: Record<string, string>, method = "GET") => {
    const req = get(headers, method);
    return deliversFirstByte(req, selectBytes(req, file));
  };
  for (const range of ["garbage", "bytes=00-", "bytes=-999999", "BYTES=0-", "bytes= 0-", "bytes=0-0", "bytes=1-2,0-0"]) {
    assert.equal(counts({ range }), true, range);
  }
  assert.equal(counts({}), true);
  assert.equal(counts({ range: "bytes=1-" }), false);
  assert.equal(counts({ range: "bytes=-99" }), false);
  assert.equal(counts({ range: "bytes=100-" }), false, "416 sends nothing");
  assert.equal(counts({ range: "bytes=50-", "if-range": '"other"' }), true, "a stale If-Range sends the whole file");
  assert.equal(counts({ range: "bytes=50-", "if-range": `"${file.sha256}"` }), false);
  assert.equal(counts({ "if-none-match": `"${file.sha256}"` }), false, "304");
  assert.equal(counts({}, "HEAD"), false);
});
