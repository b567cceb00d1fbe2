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
 */
import { authenticate } from "../_shared/auth.ts";
import { asCaller, type Caller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
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
  thumbnail: Thumbnail | null;
}

const noThumbnail = () => new HttpError(404, "PT404", "This file has no thumbnail.");

/** The size a `width`×`height` image takes fitted into `side`×`side`, never enlarged. */
export function fitted(width: number, height: number, side = THUMBNAIL_SIDE): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Encodes the thumbnail of an image's bytes as WebP; 400/415 when they are not an image that decodes. */
export async function encodeThumbnail(bytes: Uint8Array): Promise<{ webp: Uint8Array; width: number; height: number }> {
  return await withImage(bytes, { accept: DECODABLE }, async (image) => {
    const size = fitted(image.width, image.height);
    if (size.width !== image.width || size.height !== image.height) image.resize(size.width, size.height);
    try {
      return { webp: await image.encodeWEBP(QUALITY), ...size };
    } catch {
      throw new HttpError(400, "PT400", "The image could not be read.");
    }
  });
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
  const key = `thumbnails/${crypto.randomUUID()}.webp`;
  const webp = made.webp;
  const written = await storage().write(key, new ReadableStream({ start: (c) => (c.enqueue(webp), c.close()) }), {
    contentType: "image/webp",
  });
  try {
    return await asCaller(caller, req, async (tx) => {
      const [row] = await tx`select app.record_thumbnail(${found.version_id}, ${key}, ${written.size}, ${written.sha256},
                                                         ${made.width}, ${made.height}) as t`;
      return row.t as Thumbnail;
    });
  } catch (err) {
    // The version went (or access did) while the image was made: nothing references the object.
    await storage().delete(key).catch(() => {});
    throw err;
  }
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
