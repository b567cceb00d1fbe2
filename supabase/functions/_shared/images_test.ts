// The image guard: dimensions read from headers (crafted ones and real files
// imagescript writes), refusals before any decode, and the queue's 503.
import assert from "node:assert/strict";
import { Frame, GIF, Image } from "imagescript";
import { errorResponse, HttpError } from "./http.ts";
import { checkImage, DECODE_LIMITS, ImageWorkQueue, readImageHeader, withImage } from "./images.ts";

/** A PNG that is only a signature and an IHDR claiming `width`×`height` (it need not decode). */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  const view = new DataView(b.buffer);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  view.setUint32(8, 13);
  b.set(new TextEncoder().encode("IHDR"), 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  b.set([8, 6, 0, 0, 0], 24);
  return b;
}

/** A queue whose `run` records that it was asked, so a test can prove nothing was decoded. */
function spyQueue(): ImageWorkQueue & { asked: number } {
  const queue = new ImageWorkQueue({ concurrency: 1, queued: 0, retryAfterSeconds: 1 }) as ImageWorkQueue & { asked: number };
  queue.asked = 0;
  const run = queue.run.bind(queue);
  queue.run = <T>(work: () => Promise<T>) => (queue.asked++, run(work));
  return queue;
}

const rejection = async (p: Promise<unknown>): Promise<HttpError> => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof HttpError, String(err));
    return err;
  }
  assert.fail("it did not fail");
};

Deno.test("headers of real PNG, JPEG, GIF and WebP files give their dimensions", async () => {
  const image = new Image(300, 200);
  image.fill(0x336699ff);
  assert.deepEqual(readImageHeader(await image.encode()), { type: "image/png", width: 300, height: 200, frames: 1 });
  assert.deepEqual(readImageHeader(await image.encodeJPEG(80)), { type: "image/jpeg", width: 300, height: 200, frames: 1 });
  assert.deepEqual(readImageHeader(await image.encodeWEBP(80)), { type: "image/webp", width: 300, height: 200, frames: 1 });
  assert.deepEqual(readImageHeader(await image.encodeWEBP()), { type: "image/webp", width: 300, height: 200, frames: 1 });
  const frame = Frame.from(image, 100);
  const gif = await new GIF([frame, Frame.from(image.clone(), 100)]).encode();
  assert.deepEqual(readImageHeader(gif), { type: "image/gif", width: 300, height: 200, frames: 2 });
  assert.equal(readImageHeader(new TextEncoder().encode("hello")), null);
});

Deno.test("a JPEG counts its largest frame header, and one whose height comes later (DNL) is unreadable", async () => {
  const jpeg = await new Image(64, 48).encodeJPEG(80);
  const sof = jpeg.findIndex((v, i) => v === 0xff && jpeg[i + 1] === 0xc0);
  assert.ok(sof > 0);
  // The same frame header again before the image data, claiming 60000×60000.
  const segment = jpeg.slice(sof, sof + 2 + ((jpeg[sof + 2] << 8) | jpeg[sof + 3]));
  segment.set([0xea, 0x60, 0xea, 0x60], 5);
  const bomb = new Uint8Array([...jpeg.subarray(0, sof), ...segment, ...jpeg.subarray(sof)]);
  assert.deepEqual(readImageHeader(bomb), { type: "image/jpeg", width: 60000, height: 60000, frames: 2 });
  const dnl = jpeg.slice();
  dnl.set([0, 0], sof + 5);
  assert.equal(readImageHeader(dnl), null);
});

Deno.test("a GIF frame larger than its logical screen counts", () => {
  // GIF89a, a 1×1 screen without a colour table, then one 60000×60000 frame descriptor.
  const b = new Uint8Array([
    ...new TextEncoder().encode("GIF89a"), 1, 0, 1, 0, 0, 0, 0,
    0x2c, 0, 0, 0, 0, 0x60, 0xea, 0x60, 0xea, 0, 2, 1, 0, 0, 0x3b,
  ]);
  assert.deepEqual(readImageHeader(b), { type: "image/gif", width: 60000, height: 60000, frames: 1 });
});

Deno.test("a PNG whose header claims 6300×6300 is refused with 400 before anything decodes it", async () => {
  const queue = spyQueue();
  let used = false;
  const err = await rejection(withImage(pngHeaderOnly(6300, 6300), { queue }, () => (used = true)));
  assert.equal(err.status, 400);
  assert.equal(err.message, "The image is too large: 6300×6300 pixels.");
  assert.equal(err.hint, "At most 16.8 megapixels and 8192 pixels a side.");
  assert.equal(queue.asked, 0, "it never got in line to be decoded");
  assert.equal(used, false);
  // The limits, both ways: the largest allowed canvas passes the header check; one more pixel a side does not.
  assert.equal(checkImage(pngHeaderOnly(4096, 4096)).width, 4096);
  assert.equal(checkImage(pngHeaderOnly(8192, 2048)).width, 8192);
  for (const [w, h] of [[4097, 4096], [8193, 1], [1, 8193], [0, 10], [2 ** 31, 2 ** 31]]) {
    assert.throws(() => checkImage(pngHeaderOnly(w, h)), (e: HttpError) => e.status === 400, `${w}×${h}`);
  }
  assert.equal(DECODE_LIMITS.maxPixels, 4096 * 4096);
});

Deno.test("what is not an accepted image is 415, an unreadable header 400, both before any decode", async () => {
  const queue = spyQueue();
  const text = await rejection(withImage(new TextEncoder().encode("hello"), { queue }, () => 1));
  assert.equal(text.status, 415);
  assert.equal(text.message, "The image must be a PNG, JPEG or GIF file.");
  const webp = await new Image(4, 4).encodeWEBP(80);
  assert.equal((await rejection(withImage(webp, { queue, accept: ["image/png"] }, () => 1))).status, 415);
  const truncated = pngHeaderOnly(10, 10).subarray(0, 20);
  assert.equal((await rejection(withImage(truncated, { queue }, () => 1))).status, 400);
  assert.equal(queue.asked, 0);
});

Deno.test("withImage decodes PNG, JPEG and a GIF's first frame for its callback", async () => {
  const image = new Image(40, 30);
  image.fill(0xff0000ff);
  const gif = await new GIF([Frame.from(image, 100)]).encode();
  for (const bytes of [await image.encode(), await image.encodeJPEG(90), gif]) {
    const size = await withImage(bytes, {}, (decoded) => `${decoded.width}×${decoded.height}`);
    assert.equal(size, "40×30");
  }
  // Bytes whose header reads but whose data does not decode: 400, not a 500.
  const broken = await rejection(withImage(pngHeaderOnly(10, 10), {}, () => 1));
  assert.equal(broken.status, 400);
});

Deno.test("the image queue runs its limit, lines up a few more, and answers 503 with Retry-After beyond them", async () => {
  const queue = new ImageWorkQueue({ concurrency: 1, queued: 2, retryAfterSeconds: 3 });
  const order: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const first = queue.run(async () => (await gate, order.push(1)));
  const second = queue.run(() => Promise.resolve(order.push(2)));
  const third = queue.run(() => Promise.resolve(order.push(3)));
  assert.deepEqual([queue.running, queue.waiting], [1, 2]);
  const refused = await rejection(queue.run(() => Promise.resolve(order.push(4))));
  assert.equal(refused.status, 503);
  const res = errorResponse(refused);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get("retry-after"), "3");
  assert.deepEqual(await res.json(), {
    code: "PT503",
    message: "Too many images are being processed. Try again shortly.",
    details: null,
    hint: "Retry after 3 seconds",
  });
  release();
  await Promise.all([first, second, third]);
  assert.deepEqual(order, [1, 2, 3], "in order, and the refused one never ran");
  assert.deepEqual([queue.running, queue.waiting], [0, 0]);
  // A task that fails frees its slot too.
  await assert.rejects(queue.run(() => Promise.reject(new Error("boom"))), /boom/);
  assert.equal(await queue.run(() => Promise.resolve("free")), "free");
});
