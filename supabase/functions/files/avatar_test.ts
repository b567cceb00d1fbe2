// Avatars through the files function: the shared image guard refuses a
// decompression bomb by its header and answers 503 while the image queue is
// full, before any decode; a GIF's first frame becomes the WebP avatar.
import assert from "node:assert/strict";
import { GIF, Frame, Image } from "imagescript";
import { imageWork } from "../_shared/images.ts";
import { handler } from "./handler.ts";
import { accessToken, adminSql, createUser, dbTest, pngHeaderOnly, useTestFunction } from "./test-support.ts";

async function postAvatar(body: Uint8Array<ArrayBuffer>, authorization?: string): Promise<Response> {
  useTestFunction();
  return await handler(new Request("http://functions.test/files/avatar", {
    method: "POST",
    headers: { authorization: authorization ?? `Bearer ${await accessToken()}`, "content-type": "image/png" },
    body,
  }));
}

Deno.test("an avatar whose PNG header claims 6300×6300 is refused with 400 naming the limit, unopened", async () => {
  const started = performance.now();
  const res = await postAvatar(pngHeaderOnly(6300, 6300));
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    code: "PT400",
    message: "The image is too large: 6300×6300 pixels.",
    details: null,
    hint: "At most 16.8 megapixels and 8192 pixels a side.",
  });
  assert.ok(performance.now() - started < 1000);
});

Deno.test("an avatar gets 503 with Retry-After while the image queue is full, and is decoded once there is room", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const { concurrency, queued } = imageWork.options;
  const holders = Array.from({ length: concurrency + queued }, () => imageWork.run(() => gate));
  try {
    const png = await new Image(8, 8).encode();
    const res = await postAvatar(new Uint8Array(png));
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("retry-after"), String(imageWork.options.retryAfterSeconds));
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const body = await res.json();
    assert.equal(body.code, "PT503");
    assert.deepEqual(Object.keys(body).sort(), ["code", "details", "hint", "message"]);
  } finally {
    release();
    await Promise.all(holders);
  }
  assert.deepEqual([imageWork.running, imageWork.waiting], [0, 0]);
});

Deno.test({
  ...dbTest,
  name: "a GIF avatar (its first frame) is cropped, resized and served as WebP",
  async fn() {
    const ada = await createUser();
    const frame = new Image(60, 40);
    frame.fill(0x00ff00ff);
    const gif = await new GIF([Frame.from(frame, 100), Frame.from(frame.clone(), 100)]).encode();
    const res = await postAvatar(new Uint8Array(gif), ada.auth.authorization);
    assert.equal(res.status, 200, await res.clone().text());
    const { avatar_url } = await res.json();
    const sql = adminSql();
    const [row] = await sql`select object_key from app.avatars where user_id = ${ada.id}`;
    await sql.end();
    const served = await handler(new Request(new URL(new URL(avatar_url).pathname.replace("/functions/v1", ""), "http://functions.test")));
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/webp");
    const webp = new Uint8Array(await served.arrayBuffer());
    assert.equal(new TextDecoder().decode(webp.subarray(8, 12)), "WEBP");
    assert.ok(row.object_key.startsWith("avatars/"));
  },
});
