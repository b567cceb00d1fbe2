import assert from "node:assert/strict";
import { contentDisposition, directType } from "./downloads.ts";

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
