import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ObjectExistsError, ObjectNotFoundError, ObjectTooLargeError } from "./driver.ts";
import { createFsDriver } from "./fs.ts";

const key = () => crypto.randomUUID();

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("fs driver writes, measures and reads back an object byte for byte", async () => {
  const root = await Deno.makeTempDir();
  const driver = createFsDriver(root);
  const data = crypto.getRandomValues(new Uint8Array(60_000));
  const k = key();
  const result = await driver.write(k, streamOf(data.subarray(0, 10), data.subarray(10)));
  assert.equal(result.size, data.byteLength);
  assert.equal(result.sha256, createHash("sha256").update(data).digest("hex"));
  assert.deepEqual(result.head, data.subarray(0, 4096));
  assert.deepEqual(await bytesOf(await driver.read(k)), data);
  assert.deepEqual(await bytesOf(await driver.read(k, { start: 100, end: 199 })), data.subarray(100, 200));
  assert.equal((await driver.stat(k))?.size, data.byteLength);
  await assert.rejects(driver.write(k, streamOf(new Uint8Array(3))), ObjectExistsError, "objects are immutable");
  assert.deepEqual(await bytesOf(await driver.read(k)), data);
  const listed = await Array.fromAsync(driver.list());
  assert.deepEqual(listed.map((o) => o.key), [k]);
  await driver.delete(k);
  assert.equal(await driver.stat(k), null);
  await driver.delete(k);
  await Deno.remove(root, { recursive: true });
});

Deno.test("fs driver reads byte streams (files, request bodies) into its write buffer, whatever their size", async () => {
  const root = await Deno.makeTempDir();
  const driver = createFsDriver(root);
  // Sizes around the 1 MiB write buffer, and a file read to its end in one go.
  for (const size of [0, 10, 65_536, 1024 * 1024, 1024 * 1024 + 5, 3_000_000]) {
    const data = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
    const source = `${root}/source-${size}`;
    await Deno.writeFile(source, data);
    const file = await Deno.open(source, { read: true });
    const k = key();
    const result = await driver.write(k, file.readable);
    assert.equal(result.size, size);
    assert.equal(result.sha256, createHash("sha256").update(data).digest("hex"));
    assert.deepEqual(await bytesOf(await driver.read(k)), data);
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("fs driver leaves nothing behind when a write is too large or fails", async () => {
  const root = await Deno.makeTempDir();
  const driver = createFsDriver(root);
  const k = key();
  await assert.rejects(driver.write(k, streamOf(new Uint8Array(100)), { maxBytes: 50 }), ObjectTooLargeError);
  const failing = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(10));
      controller.error(new Error("connection reset"));
    },
  });
  await assert.rejects(driver.write(k, failing), /connection reset/);
  assert.equal(await driver.stat(k), null);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(driver.tmpDir)), []);
  await assert.rejects(driver.read(k), ObjectNotFoundError);
  await Deno.remove(root, { recursive: true });
});

Deno.test("fs driver refuses keys that are not ids", async () => {
  const driver = createFsDriver(await Deno.makeTempDir());
  await assert.rejects(driver.write("../etc/passwd", streamOf()), /invalid object key/);
  await assert.rejects(driver.read("a/../../x"), /invalid object key/);
});
