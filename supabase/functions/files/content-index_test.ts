import assert from "node:assert/strict";
import { pdfText, textOf } from "./content-index.ts";
import { makePdf } from "./pdf-fixture.ts";

Deno.test("textOf decodes UTF-8, drops NULs and a character cut at the byte cap", () => {
  const bytes = new TextEncoder().encode("zebra\u0000 caf\u00e9 \u{1F600}");
  assert.equal(textOf(bytes), "zebra caf\u00e9 \u{1F600}");
  // Cut inside the 4-byte emoji: the partial character is dropped, not turned into U+FFFD.
  assert.equal(textOf(bytes.subarray(0, bytes.length - 2)), "zebra caf\u00e9 ");
});

Deno.test("textOf replaces invalid bytes instead of failing", () => {
  assert.equal(textOf(new Uint8Array([0x61, 0xff, 0x62])), "a\uFFFDb");
});

Deno.test("pdfText reads the words of every page of a PDF, in order", async () => {
  const pdf = await makePdf(["Quarterly pelican budget\nsecond line", "Zebra crossing (north)"]);
  const text = await pdfText(pdf, 262144);
  assert.match(text, /Quarterly pelican budget/);
  assert.match(text, /second line/);
  assert.match(text, /Zebra crossing \(north\)/);
  assert.ok(text.indexOf("pelican") < text.indexOf("Zebra"), "page 1 comes before page 2");
});

Deno.test("pdfText stops reading pages once the text reaches the byte cap", async () => {
  const pages = Array.from({ length: 40 }, (_, i) => `page${i}\n${Array(10).fill("word ".repeat(10)).join("\n")}`);
  const text = await pdfText(await makePdf(pages), 1000);
  assert.match(text, /page0\b/);
  assert.ok(text.length < 1600, "a page or two past the cap at most");
  assert.doesNotMatch(text, /page5\b/, "pages past the cap are not read");
});

Deno.test("pdfText rejects bytes that are not a PDF", async () => {
  await assert.rejects(pdfText(new TextEncoder().encode("%PDF-1.4\nnot really\n"), 1000));
});
