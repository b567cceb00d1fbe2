/**
 * Thumbnails: `GET /files/thumbnails/<version_id>` answers a small WebP of an
 * image version to whoever SQL lets see it (app.thumbnail_of: who may
 * download it, a live file's current version of a PNG, JPEG or GIF up to
 * `files.thumbnail_max_bytes`). The first request makes it: the image is
 * read whole (bounded by that limit, which SQL checked), decoded through the
 * shared image guard (`_shared/images.ts`: header limits, one decode at a
 * time), fitted into 320×320 and encoded as WebP, written through the
 * storage driver as `thumbnails/<uuid>.webp` and recorded in SQL, which
 * ties it to the version. A version's thumbnail never changes, so it is
 * cached for a year under its own ETag; the URL names the version, so a new
 * version is a new URL. Every request asks SQL first, so access revoked is
 * access refused, even to a copy the browser holds (304 only after SQL said yes).
 *
 * PDFs and videos: the edge carries no PDF renderer or video decoder, so the
 * browser that uploads one draws its first page or a frame and sends it,
 * `PUT /files/thumbnails/<version_id>` (a PNG or JPEG of at most
 * `files.thumbnail_drawn_max_bytes`, from who may change the file:
 * app.drawn_thumbnail_target). The picture is decoded through the same guard
 * and re-encoded into the same WebP, so nothing the browser sent is served
 * as it came. Until it is sent, GET answers 404 and records nothing.
 */
import { authenticate } from "../_shared/auth.ts";
import { asCaller, type Caller } from "../_shared/db.ts";
import { HttpError, json, readBounded } from "../_shared/http.ts";
import { DECODABLE, withImage } from "../_shared/images.ts";
import { ObjectNotFoundError } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { readHead } from "./content-index.ts";
import { clientHasCurrent } from "./downloads.ts";

/** The box a thumbnail fits in: twice the grid's tile, for high-density screens. */
export const THUMBNAIL_SIDE = 320;
const QUALITY = 75;

/** A thumbnail as SQL records it. */
export interface Thumbnail {
  object_key: string | null;
  size: number | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
}

/** What app.thumbnail_of answers. */
interface ThumbnailOf {
  file_id: string;
  version_id: string;
  object_key: string;
  size: number;
  mime_type: string;
  /** Who makes it: the edge (an image) or the uploading browser (a PDF or a video). */
  maker: "edge" | "browser";
  thumbnail: Thumbnail | null;
}

const noThumbnail = () => new HttpError(404, "PT404", "This file has no thumbnail.");

/** The size a `width`×`height` image takes fitted into `side`×`side`, never enlarged. */
export function fitted(width: number, height: number, side = THUMBNAIL_SIDE): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Encodes the thumbnail of an image's bytes as WebP; 415 for a type outside
 * `accept` (a drawn thumbnail is PNG or JPEG only), 400 when they do not decode.
 */
export async function encodeThumbnail(
  bytes: Uint8Array,
  accept: Parameters<typeof withImage>[1]["accept"] = DECODABLE,
): Promise<{ webp: Uint8Array; width: number; height: number }> {
  return await withImage(bytes, { accept }, async (image) => {
    const size = fitted(image.width, image.height);
    if (size.width !== image.width || size.height !== image.height) image.resize(size.width, size.height);
    try {
      return { webp: await image.encodeWEBP(QUALITY), ...size };
    } catch {
      throw new HttpError(400, "PT400", "The image could not be read.");
    }
  });
}

/** Writes a thumbnail's WebP through the driver and records it with `record`; deletes it if recording fails. */
async function storeThumbnail(
  made: { webp: Uint8Array; width: number; height: number },
  record: (key: string, written: { size: number; sha256: string }) => Promise<Thumbnail>,
): Promise<Thumbnail> {
  const key = `thumbnails/${crypto.randomUUID()}.webp`;
  const webp = made.webp;
  const written = await storage().write(key, new ReadableStream({ start: (c) => (c.enqueue(webp), c.close()) }), {
    contentType: "image/webp",
  });
  try {
    return await record(key, written);
  } catch (err) {
    // The version went (or access did) while the image was made: nothing references the object.
    await storage().delete(key).catch(() => {});
    throw err;
  }
}

/** Makes and records a version's thumbnail (or that none can be made); answers the one SQL kept. */
async function makeThumbnail(caller: Caller, req: Request, found: ThumbnailOf): Promise<Thumbnail> {
  const bytes = await readHead(found.object_key, Number(found.size), Number(found.size));
  let made: { webp: Uint8Array; width: number; height: number } | null;
  try {
    made = await encodeThumbnail(bytes);
  } catch (err) {
    // A busy queue (503) is worth asking again; an image that does not decode is not.
    if (!(err instanceof HttpError) || err.status === 503) throw err;
    made = null;
  }
  if (!made) {
    return await asCaller(caller, req, async (tx) => {
      const [row] = await tx`select app.record_thumbnail(${found.version_id}, null) as t`;
      return row.t as Thumbnail;
    });
  }
  const image = made;
  return await storeThumbnail(image, (key, written) =>
    asCaller(caller, req, async (tx) => {
      const [row] = await tx`select app.record_thumbnail(${found.version_id}, ${key}, ${written.size}, ${written.sha256},
                                                         ${image.width}, ${image.height}) as t`;
      return row.t as Thumbnail;
    }));
}

/** What the browser may send as a drawn thumbnail: pictures a canvas encodes and the guard decodes. */
const DRAWN: readonly ("image/png" | "image/jpeg")[] = ["image/png", "image/jpeg"];

/**
 * PUT /files/thumbnails/<version_id>: the picture the uploading browser drew
 * of a PDF's first page or a video's frame, as the raw body. 201 with the
 * thumbnail kept (the first recorded, if two were sent).
 */
export async function receiveDrawnThumbnail(req: Request, versionId: string): Promise<Response> {
  const caller = await authenticate(req);
  // Asked before a byte is read: who may send it, and how large it may be.
  const target = await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select app.drawn_thumbnail_target(${versionId}) as t`;
    return row.t as ThumbnailOf & { max_bytes: number };
  });
  const limit = Number(target.max_bytes);
  const bytes = await readBounded(req, limit, `A drawn thumbnail can be at most ${Math.round(limit / 1024)} KiB.`);
  // 415 for another format, 400 for one that does not decode or is past the limits, 503 when busy.
  const made = await encodeThumbnail(bytes, DRAWN);
  const kept = await storeThumbnail(made, (key, written) =>
    asCaller(caller, req, async (tx) => {
      const [row] = await tx`select app.record_drawn_thumbnail(${versionId}, ${key}, ${written.size}, ${written.sha256},
                                                               ${made.width}, ${made.height}) as t`;
      return row.t as Thumbnail;
    }));
  return json({ width: kept.width, height: kept.height, size: kept.size }, 201);
}

/** Requests making the same version's thumbnail in this process share one making. */
const making = new Map<string, Promise<Thumbnail>>();

/** GET or HEAD /files/thumbnails/<version_id> */
export async function serveThumbnail(req: Request, versionId: string): Promise<Response> {
  const caller = await authenticate(req);
  const found = await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select app.thumbnail_of(${versionId}) as t`;
    return row.t as ThumbnailOf;
  });
  let thumbnail = found.thumbnail;
  // A PDF's or a video's is drawn by the browser that uploads it: not here yet is all there is to say.
  if (!thumbnail && found.maker === "browser") throw noThumbnail();
  if (!thumbnail) {
    let pending = making.get(versionId);
    if (!pending) {
      pending = makeThumbnail(caller, req, found).finally(() => making.delete(versionId));
      making.set(versionId, pending);
    }
    thumbnail = await pending;
  }
  if (!thumbnail.object_key || !thumbnail.sha256) throw noThumbnail();
  const etag = `"${thumbnail.sha256}"`;
  const headers = new Headers({
    "content-type": "image/webp",
    etag,
    // The URL names one version, whose thumbnail never changes; only this browser keeps it,
    // per token, since it was answered to that token alone.
    "cache-control": "private, max-age=31536000, immutable",
    vary: "authorization",
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "content-length": String(thumbnail.size),
    "x-thumbnail-size": `${thumbnail.width}x${thumbnail.height}`,
  });
  if (clientHasCurrent(req, thumbnail.sha256)) {
    headers.delete("content-length");
    return new Response(null, { status: 304, headers });
  }
  if (req.method === "HEAD") return new Response(null, { status: 200, headers });
  try {
    return new Response(await storage().read(thumbnail.object_key), { status: 200, headers });
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw noThumbnail();
    throw err;
  }
}
