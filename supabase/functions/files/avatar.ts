/**
 * Avatars: an image of a few MB is decoded, cropped to a centred square,
 * resized to 256 px and stored as WebP through the driver, with imagescript
 * (JavaScript and WebAssembly, no native addon: it runs on Supabase Edge).
 * The decode goes through the shared image guard (`_shared/images.ts`): the
 * pixel dimensions are read from the header first, so a small file that
 * would decode into gigabytes (a decompression bomb) is refused unopened,
 * and decodes wait their turn in one short queue per process.
 */
import { authenticate } from "../_shared/auth.ts";
import { ANON, asCaller } from "../_shared/db.ts";
import { HttpError, json, readBounded } from "../_shared/http.ts";
import { type ImageFormat, withImage } from "../_shared/images.ts";
import { ObjectNotFoundError } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { publicBase } from "./context.ts";

const MAX_BYTES = 5 * 1024 * 1024;
const SIDE = 256;
const ACCEPTED: readonly ImageFormat[] = ["image/png", "image/jpeg", "image/gif"];

/** POST /files/avatar: the raw image as the body. */
export async function uploadAvatar(req: Request): Promise<Response> {
  const caller = await authenticate(req);
  const bytes = await readBounded(req, MAX_BYTES, `An avatar can be at most ${MAX_BYTES / 1024 / 1024} MB.`);
  // 415 for another format, 400 for a header past the limits, 503 when the queue is full.
  const webp = await withImage(bytes, { accept: ACCEPTED }, async (image) => {
    const side = Math.min(image.width, image.height);
    image.crop(Math.floor((image.width - side) / 2), Math.floor((image.height - side) / 2), side, side);
    image.resize(SIDE, SIDE);
    try {
      return await image.encodeWEBP(80);
    } catch {
      throw new HttpError(400, "PT400", "The image could not be read.");
    }
  });
  const key = `avatars/${crypto.randomUUID()}.webp`;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(webp), c.close()) });
  await storage().write(key, body, { contentType: "image/webp" });
  const url = `${publicBase()}/avatars/${caller.userId}?v=${key.slice(8, 16)}`;
  await asCaller(caller, req, (tx) => tx`select app.set_avatar(${key}, ${url})`);
  return json({ avatar_url: url });
}

/**
 * GET /files/avatars/<user_id>: a user's avatar, as an image, when SQL says
 * the caller may see it (app.avatar_object: anyone, for an enabled account;
 * an `<img>` sends no token, so this runs as `anon` unless a token is sent).
 */
export async function serveAvatar(req: Request, userId: string): Promise<Response> {
  const caller = req.headers.has("authorization") ? await authenticate(req) : ANON;
  const objectKey = await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select app.avatar_object(${userId}) as object_key`;
    return row.object_key as string | null;
  });
  if (!objectKey) throw new HttpError(404, "PT404", "No avatar.");
  const etag = `"${objectKey.slice(8, 44)}"`;
  const headers = new Headers({
    "content-type": "image/webp",
    etag,
    "cache-control": "public, max-age=86400",
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "access-control-allow-origin": "*",
  });
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  try {
    return new Response(await storage().read(objectKey), { headers });
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw new HttpError(404, "PT404", "No avatar.");
    throw err;
  }
}
