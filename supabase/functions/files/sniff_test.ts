import assert from "node:assert/strict";
import { decideType, sniffBytes, typeFromName } from "./sniff.ts";
import { contentDisposition } from "./downloads.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

Deno.test("sniffing finds executables and scripts whatever their label", () => {
  assert.equal(sniffBytes(bytes(0x7f, 0x45, 0x4c, 0x46, 2)), "application/x-executable");
  assert.equal(sniffBytes(text("MZ\x90\x00")), "application/x-dosexec");
  assert.equal(sniffBytes(text("#!/bin/sh\nrm -rf /")), "text/x-shellscript");
  assert.equal(decideType(bytes(0x7f, 0x45, 0x4c, 0x46), "image/jpeg", "cat.jpg"), "application/x-executable");
});

Deno.test("the bytes win over the label, except for containers holding a finer type", () => {
  assert.equal(decideType(text("<!DOCTYPE html><p>"), "image/png", "x.png"), "text/html");
  assert.equal(decideType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), "", "x"), "image/png");
  const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  assert.equal(decideType(text("PK\x03\x04rest"), docx, "a.docx"), docx);
  assert.equal(decideType(text("PK\x03\x04rest"), "text/plain", "a.txt"), "application/zip");
  assert.equal(decideType(text("hello"), "application/octet-stream", "notes.md"), "text/markdown");
  assert.equal(typeFromName("archive.tar"), "application/x-tar");
});

Deno.test("Content-Disposition carries a safe ASCII name and the exact UTF-8 one", () => {
  assert.equal(
    contentDisposition({ name: 'a"b\\c;ü.txt', mime: "text/plain", disposition: "attachment" }),
    `attachment; filename="a_b_c__.txt"; filename*=UTF-8''a%22b%5Cc%3B%C3%BC.txt`,
  );
  assert.match(contentDisposition({ name: "x.svg", mime: "image/svg+xml", disposition: "inline" }), /^attachment;/);
  assert.match(contentDisposition({ name: "x.png", mime: "image/png", disposition: "inline" }), /^inline;/);
});
