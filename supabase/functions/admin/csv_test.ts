// CSV cells as the export writes them.
import assert from "node:assert/strict";
import { csvCell, csvRow } from "./csv.ts";

Deno.test("cells are quoted only when they must be, quotes doubled", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell('{"name": "a,b"}'), '"{""name"": ""a,b""}"');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(42), "42");
});

Deno.test("a cell a spreadsheet would evaluate is kept as text", () => {
  assert.equal(csvCell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  assert.equal(csvCell("+1"), "'+1");
  assert.equal(csvCell("@sum"), "'@sum");
});

Deno.test("a row ends with CRLF", () => {
  assert.equal(csvRow(["a", null, "b c"]), "a,,b c\r\n");
});
