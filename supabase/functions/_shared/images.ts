/**
 * The guard every image decoded in this process goes through (avatars now;
 * thumbnails and previews to come). A few KB of PNG or JPEG can claim a
 * 6300×6300 canvas, which imagescript decodes into more than half a gigabyte,
 * in the one process that serves every request. So:
 *
 * - the pixel dimensions are read from the header (PNG IHDR, every JPEG SOFn,
 *   GIF's logical screen and every frame, WebP's VP8/VP8L/VP8X) and refused
 *   past DECODE_LIMITS before anything is decoded; a header that cannot be
 *   read is refused too (fail closed);
 * - decodes run one at a time with a short queue behind them (`imageWork`);
 *   past it the answer is 503 with Retry-After, not another decode in memory.
 *
 * Why these numbers (measured with imagescript 1.3 on this machine, RSS above
 * an idle process): a 4096×4096 PNG decoded, cropped, resized and encoded to
 * WebP took +280 MB at its peak (0.45 s), two at once +415 MB; a 4096×4096
 * JPEG +155 MB (2.3 s); the 6300×6300 bomb +800 MB. 16.8 megapixels (4096²)
 * takes every 12 and 16 megapixel phone photo (4032×3024, 4000×3000,
 * 4624×3468) and nothing that decodes past ~300 MB; 8192 a side lets a
 * panorama of that many pixels through and no degenerate strip. A decode is
 * synchronous WebAssembly on the one JavaScript thread, so a second decode
 * at once would add its memory and gain no speed: one runs, four wait.
 */
import type { Image } from "imagescript";
import { HttpError } from "./http.ts";

export type ImageFormat = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

/** What an image's header claims: its format and canvas, and (GIF) how many frames it holds. */
export interface ImageHeader {
  type: ImageFormat;
  width: number;
  height: number;
  frames: number;
}

export interface ImageLimits {
  /** Widest or tallest side, in pixels. */
  maxSide: number;
  /** Width × height, of the canvas and of every frame. */
  maxPixels: number;
}

/** The most any in-process decode may claim (see the module comment for why). */
export const DECODE_LIMITS: ImageLimits = { maxSide: 8192, maxPixels: 4096 * 4096 };

/** The formats imagescript decodes here (it has no WebP decoder; it encodes WebP). */
export const DECODABLE: readonly ImageFormat[] = ["image/png", "image/jpeg", "image/gif"];

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format the first bytes name, whether or not the rest of the header is readable. */
export function imageFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return "image/png";
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) return "image/gif";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "image/webp";
  return null;
}

/** PNG: the IHDR chunk, which the format requires first. */
function pngHeader(b: Uint8Array, view: DataView): ImageHeader | null {
  if (b.length < 24 || ascii(b, 12, 16) !== "IHDR" || view.getUint32(8) !== 13) return null;
  return { type: "image/png", width: view.getUint32(16), height: view.getUint32(20), frames: 1 };
}

/**
 * JPEG: every frame header (SOF0-3, 5-7, 9-11, 13-15, and DHP), anywhere in
 * the file; the largest counts. Entropy-coded data after a scan is skipped
 * to the next real marker (0xFF followed by neither 0x00 nor a restart).
 */
function jpegHeader(b: Uint8Array, view: DataView): ImageHeader | null {
  let width = 0;
  let height = 0;
  let frames = 0;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return null;
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) break;
    const marker = b[i++];
    if (marker === 0xd9) break; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length: TEM, RSTn, SOI
    if (i + 2 > b.length) break;
    const length = view.getUint16(i);
    if (length < 2 || i + length > b.length) return null;
    const isFrame = (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) || marker === 0xde;
    if (isFrame) {
      if (length < 7) return null;
      const h = view.getUint16(i + 3);
      const w = view.getUint16(i + 5);
      // A height of 0 is defined later (DNL): unknown until decoded, so refused.
      if (h === 0 || w === 0) return null;
      width = Math.max(width, w);
      height = Math.max(height, h);
      frames++;
    }
    i += length;
    if (marker === 0xda) {
      // Skip the scan's entropy-coded bytes.
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0x00 && (b[i + 1] < 0xd0 || b[i + 1] > 0xd7))) i++;
      if (i + 1 >= b.length) break;
    }
  }
  return frames ? { type: "image/jpeg", width, height, frames } : null;
}

/** GIF: the logical screen and every frame's image descriptor (frames are decoded at their own size). */
function gifHeader(b: Uint8Array, view: DataView): ImageHeader | null {
  if (b.length < 13) return null;
  let width = view.getUint16(6, true);
  let height = view.getUint16(8, true);
  const skipColorTable = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  const skipSubBlocks = (at: number) => {
    while (at < b.length && b[at] !== 0) at += b[at] + 1;
    return at + 1;
  };
  let frames = 0;
  let i = 13 + skipColorTable(b[10]);
  while (i < b.length) {
    const block = b[i];
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      i = skipSubBlocks(i + 2); // extension: label, then data sub-blocks
    } else if (block === 0x2c) {
      if (i + 10 > b.length) break;
      width = Math.max(width, view.getUint16(i + 5, true));
      height = Math.max(height, view.getUint16(i + 7, true));
      frames++;
      i = skipSubBlocks(i + 10 + skipColorTable(b[i + 9]) + 1); // descriptor, local table, LZW code size, data
    } else {
      return frames ? { type: "image/gif", width, height, frames } : null;
    }
  }
  return frames ? { type: "image/gif", width, height, frames } : null;
}

/** WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended, with the canvas size). */
function webpHeader(b: Uint8Array, view: DataView): ImageHeader | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 16);
  if (chunk === "VP8 " && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { type: "image/webp", width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff, frames: 1 };
  }
  if (chunk === "VP8L" && b[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return { type: "image/webp", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, frames: 1 };
  }
  if (chunk === "VP8X") {
    const w = b[24] | (b[25] << 8) | (b[26] << 16);
    const h = b[27] | (b[28] << 8) | (b[29] << 16);
    return { type: "image/webp", width: w + 1, height: h + 1, frames: 1 };
  }
  return null;
}

/** What the header of a PNG, JPEG, GIF or WebP claims, without decoding it; null when it cannot be read. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (imageFormat(bytes)) {
    case "image/png":
      return pngHeader(bytes, view);
    case "image/jpeg":
      return jpegHeader(bytes, view);
    case "image/gif":
      return gifHeader(bytes, view);
    case "image/webp":
      return webpHeader(bytes, view);
    default:
      return null;
  }
}

const NAMES: Record<ImageFormat, string> = { "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP" };

/** "PNG, JPEG or GIF" */
function listOf(formats: readonly ImageFormat[]): string {
  const names = formats.map((f) => NAMES[f]);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0];
}

/**
 * The header of an image that may be decoded: 415 when it is not one of
 * `accept`, 400 when its header cannot be read or claims more than `limits`.
 */
export function checkImage(
  bytes: Uint8Array,
  options: { accept?: readonly ImageFormat[]; limits?: ImageLimits } = {},
): ImageHeader {
  const accept = options.accept ?? DECODABLE;
  const limits = options.limits ?? DECODE_LIMITS;
  const format = imageFormat(bytes);
  if (!format || !accept.includes(format)) {
    throw new HttpError(415, "PT415", `The image must be a ${listOf(accept)} file.`);
  }
  const header = readImageHeader(bytes);
  if (!header || header.width < 1 || header.height < 1) {
    throw new HttpError(400, "PT400", "The image could not be read.");
  }
  if (header.width > limits.maxSide || header.height > limits.maxSide || header.width * header.height > limits.maxPixels) {
    throw new HttpError(
      400,
      "PT400",
      `The image is too large: ${header.width}×${header.height} pixels.`,
      null,
      `At most ${(limits.maxPixels / 1e6).toFixed(1)} megapixels and ${limits.maxSide} pixels a side.`,
    );
  }
  return header;
}

/**
 * A bound on image work in this process: `concurrency` tasks run, `queued`
 * more wait in order, and any beyond that are refused at once with 503 and
 * Retry-After. Hold a slot for CPU work only (decode, resize, encode), never
 * across network or storage I/O.
 */
export class ImageWorkQueue {
  #running = 0;
  #waiting: (() => void)[] = [];

  constructor(readonly options: { concurrency: number; queued: number; retryAfterSeconds: number }) {}

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `work` in a slot, waiting in line for one; 503 when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.options.concurrency) {
      if (this.#waiting.length >= this.options.queued) {
        const seconds = this.options.retryAfterSeconds;
        throw new HttpError(503, "PT503", "Too many images are being processed. Try again shortly.", null,
          `Retry after ${seconds} seconds`, { "retry-after": String(seconds) });
      }
      // The slot is handed over by the task that frees it, so no one can overtake the line.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** The process-wide bound on image decodes (see the module comment for the numbers). */
export const imageWork = new ImageWorkQueue({ concurrency: 1, queued: 4, retryAfterSeconds: 3 });

/** Decodes an image checked by `checkImage` (a GIF's first frame only). */
async function decode(bytes: Uint8Array, header: ImageHeader): Promise<Image> {
  const { Image, GIF } = await import("imagescript");
  if (header.type === "image/gif") {
    const gif = await GIF.decode(bytes, true);
    if (!gif[0]) throw new Error("a GIF without frames");
    // A Frame is an Image (its class extends Image); the typings disagree only on a private member.
    return gif[0] as unknown as Image;
  }
  if (header.type === "image/webp") throw new Error("WebP cannot be decoded here");
  return await Image.decode(bytes);
}

/**
 * Checks an image's header against the limits, then decodes it in a slot
 * of `imageWork` and hands it to `use` (still in the slot: crop, resize,
 * encode there). 415/400 before any decode, 503 when the queue is full,
 * 400 when the bytes do not decode.
 */
export async function withImage<T>(
  bytes: Uint8Array,
  options: { accept?: readonly ImageFormat[]; limits?: ImageLimits; queue?: ImageWorkQueue },
  use: (image: Image, header: ImageHeader) => Promise<T> | T,
): Promise<T> {
  const header = checkImage(bytes, options);
  return await (options.queue ?? imageWork).run(async () => {
    let image: Image;
    try {
      image = await decode(bytes, header);
    } catch {
      throw new HttpError(400, "PT400", "The image could not be read.");
    }
    return await use(image, header);
  });
}
