// Thumbnails through the files function: an image fitted into 320×320 and
// encoded as WebP, made on the first request and recorded for the version,
// served again from storage (304 for the ETag the browser holds); another
// user, a file that is not an image, and an image that does not decode get
// 404, the last recorded so it is not decoded again.
import assert from "node:assert/strict";
import { Image } from "imagescript";
import { encodeThumbnail, fitted } from "./thumbnails.ts";
import { adminSql, createUser, dbTest, pngHeaderOnly, type TestUser, uploadFile, withServer } from "./test-support.ts";

async function png(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const image = new Image(width, height);
  image.fill(0x3366ccff);
  return new Uint8Array(await image.encode());
}

/** The current version of a file, from SQL. */
async function currentVersion(fileId: string): Promise<string> {
  const sql = adminSql();
  try {
    const [row] = await sql`select current_version_id from app.files where id = ${fileId}`;
    return row.current_version_id;
  } finally {
    await sql.end();
  }
}

async function thumbnailRow(versionId: string) {
  const sql = adminSql();
  try {
    const [row] = await sql`select object_key, size, width, height from app.thumbnails where version_id = ${versionId}`;
    return row ?? null;
  } finally {
    await sql.end();
  }
}

const get = (base: string, user: TestUser, versionId: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/thumbnails/${versionId}`, { headers: { ...user.auth, ...headers } });

Deno.test("a thumbnail fits the 320 px box, keeps the aspect and never enlarges", () => {
  assert.deepEqual(fitted(4032, 3024), { width: 320, height: 240 });
  assert.deepEqual(fitted(1000, 4000), { width: 80, height: 320 });
  assert.deepEqual(fitted(100, 50), { width: 100, height: 50 });
  assert.deepEqual(fitted(10000, 1), { width: 320, height: 1 });
});

Deno.test("an image becomes a WebP thumbnail; a decompression bomb is refused by its header", async () => {
  const made = await encodeThumbnail(await png(1000, 500));
  assert.deepEqual([made.width, made.height], [320, 160]);
  assert.equal(new TextDecoder().decode(made.webp.subarray(8, 12)), "WEBP");
  await assert.rejects(encodeThumbnail(pngHeaderOnly(6300, 6300)), (err: Error & { status?: number }) => err.status === 400);
});

Deno.test({
  ...dbTest,
  name: "the first GET makes the thumbnail, later ones serve it, 304 for the ETag held, 404 for another user",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const bob = await createUser();
      const file = await uploadFile(base, ada, "photo.png", await png(800, 600), "image/png");
      const version = await currentVersion(file.id);

      const first = await get(base, ada, version);
      assert.equal(first.status, 200, await first.clone().text());
      assert.equal(first.headers.get("content-type"), "image/webp");
      assert.equal(first.headers.get("cache-control"), "private, max-age=31536000, immutable");
      assert.equal(first.headers.get("x-thumbnail-size"), "320x240");
      const etag = first.headers.get("etag")!;
      assert.match(etag, /^"[0-9a-f]{64}"$/);
      const bytes = new Uint8Array(await first.arrayBuffer());
      assert.equal(new TextDecoder().decode(bytes.subarray(8, 12)), "WEBP");
      const row = await thumbnailRow(version);
      assert.match(row.object_key, /^thumbnails\/[0-9a-f-]{36}\.webp$/);
      assert.deepEqual([Number(row.size), row.width, row.height], [bytes.byteLength, 320, 240]);

      const again = await get(base, ada, version);
      assert.equal(again.status, 200);
      assert.equal(again.headers.get("etag"), etag);
      assert.deepEqual(new Uint8Array(await again.arrayBuffer()), bytes);
      assert.equal((await thumbnailRow(version)).object_key, row.object_key, "made once");

      const held = await get(base, ada, version, { "if-none-match": etag });
      assert.equal(held.status, 304);
      await held.body?.cancel();

      const other = await get(base, bob, version, { "if-none-match": etag });
      assert.equal(other.status, 404, "another user gets nothing, not even a 304");
      assert.equal((await other.json()).code, "PT404");
    });
  },
});

Deno.test({
  ...dbTest,
  name: "no thumbnail for a text file, nor for an image that does not decode (recorded, not decoded again)",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const text = await uploadFile(base, ada, "notes.txt", new TextEncoder().encode("hello"), "text/plain");
      const res = await get(base, ada, await currentVersion(text.id));
      assert.equal(res.status, 404);
      assert.equal((await res.json()).message, "This file has no thumbnail.");

      // A PNG header with nothing after it: its type is PNG, its pixels are not there.
      const broken = await uploadFile(base, ada, "broken.png", pngHeaderOnly(64, 64), "image/png");
      const version = await currentVersion(broken.id);
      const first = await get(base, ada, version);
      assert.equal(first.status, 404, await first.clone().text());
      await first.body?.cancel();
      const row = await thumbnailRow(version);
      assert.ok(row, "the failure is recorded");
      assert.equal(row.object_key, null);
      const second = await get(base, ada, version);
      assert.equal(second.status, 404);
      await second.body?.cancel();
    });
  },
});
