// The zip writer: unique paths (case-insensitively, a renamed folder
// carrying its contents), folders kept, members byte for byte, and the
// predicted length equal to what is streamed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createFsDriver } from "./storage/fs.ts";
import { setStorage } from "./storage/index.ts";
import { uniquePaths, type ZipEntry, zipFileName, zipStream } from "./zip.ts";

const at = new Date("2026-01-02T03:04:05Z");
const folder = (path: string): ZipEntry => ({ path, objectKey: null, size: null, modified: at });
const file = (path: string, objectKey = "k", size = 1): ZipEntry => ({ path, objectKey, size, modified: at });

Deno.test("paths are made unique case-insensitively, and a renamed folder carries what is under it", () => {
  const paths = uniquePaths([
    folder("Reports/"), file("Reports/a.txt"), folder("Reports/Old/"), file("Reports/Old/b.txt"),
    folder("reports/"), file("reports/a.txt"),
    file("Reports"), file("notes"), file("Notes"), file("a.tar.gz"), file("A.tar.gz"),
  ]).map((e) => e.path);
  assert.deepEqual(paths, [
    "Reports/", "Reports/a.txt", "Reports/Old/", "Reports/Old/b.txt",
    "reports (2)/", "reports (2)/a.txt",
    "Reports (3)", "notes", "Notes (2)", "a.tar.gz", "A.tar (2).gz",
  ]);
});

Deno.test("a zip's own name never holds a path separator or a control character", () => {
  assert.equal(zipFileName('a/b\\c:"d\n'), "a_b_c__d_.zip");
  assert.equal(zipFileName(""), "download.zip");
});

Deno.test("the zip streams each object byte for byte, UTF-8 names and empty folders kept, at the length it predicted", async () => {
  const root = await Deno.makeTempDir();
  try {
    const driver = createFsDriver(root);
    setStorage(driver);
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
    const [one, two] = [crypto.randomUUID(), crypto.randomUUID()];
    const write = (key: string, data: Uint8Array) => driver.write(key, ReadableStream.from([data]));
    await write(one, bytes);
    await write(two, new TextEncoder().encode("zwei"));
    const { body, length } = zipStream([
      folder("Bücher/"), file("Bücher/ß.bin", one, bytes.byteLength), folder("Bücher/leer/"),
      file("zwei.txt", two, 4),
    ]);
    const zip = new Uint8Array(await new Response(body).arrayBuffer());
    assert.equal(zip.byteLength, length);
    const path = `${root}/out.zip`;
    await Deno.writeFile(path, zip);
    assert.deepEqual(execFileSync("unzip", ["-Z1", path]).toString().trim().split("\n"),
      ["Bücher/", "Bücher/ß.bin", "Bücher/leer/", "zwei.txt"]);
    assert.deepEqual(new Uint8Array(execFileSync("unzip", ["-p", path, "Bücher/ß.bin"])), bytes);
    assert.equal(execFileSync("unzip", ["-p", path, "zwei.txt"]).toString(), "zwei");
  } finally {
    setStorage(null);
    await Deno.remove(root, { recursive: true });
  }
});
