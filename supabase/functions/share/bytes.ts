/**
 * The bytes behind a share link: downloads (counted once per response that
 * sends a file's first byte, in the transaction that decides it, so a limit
 * of 5 delivers exactly 5), zips of a folder streamed as they are built
 * (the house's one zip writer, _shared/zip.ts: nothing is staged), and previews that never hand out the raw bytes:
 * images re-encoded at screen size, text as plain text.
 */
import { HttpError } from "../_shared/http.ts";
import { withImage } from "../_shared/images.ts";
import { storage } from "../_shared/storage/index.ts";
import { zipFileName, zipStream } from "../_shared/zip.ts";
import { deliversFirstByte, safetyHeaders, selectBytes, servedAs, serveObject, type VersionRow } from "../files/downloads.ts";
import { asVisitor, idOf, type LinkRequest } from "./link.ts";

/** GET or HEAD /share/<token>/download[/<file_id>]: the file's bytes, inline for a safe type only when asked. */
export async function download(req: Request, link: LinkRequest, fileId: string | null): Promise<Response> {
  const asked = new URL(req.url).searchParams.get("disposition") ?? "attachment";
  if (asked !== "inline" && asked !== "attachment") {
    throw new HttpError(400, "PGRST102", 'disposition must be "attachment" or "inline".');
  }
  const { row, selection } = await asVisitor(req, async (tx) => {
    const [r] = await tx`select app.share_link_version(${link.token}, ${link.access}, ${fileId}, 'download') as v`;
    const v = r.v as VersionRow;
    // A HEAD, a later range or a 304 is not a download; the first byte is.
    const selection = selectBytes(req, { size: Number(v.size), sha256: v.sha256 });
    if (deliversFirstByte(req, selection)) {
      await tx`select app.count_share_download(${link.token}, ${link.access}, ${v.file_id}, false)`;
    }
    return { row: v, selection };
  });
  const res = await serveObject(req, servedAs(row, asked), { otherSites: "none", selection });
  // Revalidated every time: a revoked link stops at once, even for a browser that cached it.
  res.headers.set("cache-control", "private, no-cache");
  res.headers.set("x-robots-tag", "noindex, nofollow");
  return res;
}

/**
 * GET /share/<token>/zip[?folder=<id>][&files=<id>,<id>]: the shared folder,
 * a folder under it, or chosen files, as one zip; one download counted.
 */
export async function zip(req: Request, link: LinkRequest): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const folder = idOf(params.get("folder"), "Folder");
  const raw = params.get("files");
  const files = raw === null ? null : raw.split(",").filter(Boolean).map((id) => idOf(id, "File")!);
  const { entries, name } = await asVisitor(req, async (tx) => {
    const entries = await tx`select path, object_key, size, updated_at
      from app.share_link_zip_entries(${link.token}, ${link.access}, ${folder}, ${files}::uuid[])`;
    const [{ meta }] = await tx`select app.open_share_link(${link.token}, ${link.access}) as meta`;
    let name = String(meta.item?.name ?? "download");
    if (folder) {
      const [{ listing }] = await tx`select app.share_link_listing(${link.token}, ${link.access}, ${folder}) as listing`;
      name = String(listing.folder.name);
    }
    if (req.method === "GET") await tx`select app.count_share_download(${link.token}, ${link.access}, null, true)`;
    return { entries, name };
  });
  const headers = safetyHeaders({ name: zipFileName(name), mime: "application/zip", disposition: "attachment" }, null);
  headers.set("cache-control", "no-store");
  headers.set("x-robots-tag", "noindex, nofollow");
  const zip = zipStream(entries.map((e) => ({
    path: String(e.path),
    objectKey: String(e.object_key),
    size: Number(e.size),
    modified: new Date(e.updated_at),
  })));
  headers.set("content-length", String(zip.length));
  if (req.method === "HEAD") {
    await zip.body.cancel();
    return new Response(null, { status: 200, headers });
  }
  return new Response(zip.body, { status: 200, headers });
}

const PREVIEW_SIDE = 1600;
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MAX_TEXT_BYTES = 256 * 1024;
const IMAGES = new Set(["image/png", "image/jpeg", "image/gif"]);
const TEXT = /^text\/|^application\/(json|xml|x-yaml|yaml|toml|csv)$/;

/** Reads up to `limit` bytes of an object (the start, for text; the whole of an image under the limit). */
async function readUpTo(key: string, limit: number): Promise<Uint8Array> {
  if (limit <= 0) return new Uint8Array(0);
  const stream = await storage().read(key, { start: 0, end: limit - 1 });
  const out = new Uint8Array(limit);
  let size = 0;
  for await (const chunk of stream) {
    out.set(chunk.subarray(0, limit - size), size);
    size = Math.min(limit, size + chunk.byteLength);
  }
  return out.subarray(0, size);
}

/**
 * GET /share/<token>/preview[/<file_id>]: what a preview shows, never the
 * file itself: an image re-encoded as WebP within 1600 px, text as plain
 * text (the first 256 KB, never markup), anything else 415. Not counted.
 */
export async function preview(req: Request, link: LinkRequest, fileId: string | null): Promise<Response> {
  const row = await asVisitor(req, async (tx) => {
    const [r] = await tx`select app.share_link_version(${link.token}, ${link.access}, ${fileId}, 'preview') as v`;
    return r.v as VersionRow;
  });
  const size = Number(row.size);
  const name = row.name.replace(/\.[^.]*$/, "");
  if (IMAGES.has(row.mime_type) && size <= MAX_IMAGE_BYTES) {
    const bytes = await readUpTo(row.object_key, size);
    const webp = await withImage(bytes, {}, async (image) => {
      const scale = Math.min(1, PREVIEW_SIDE / Math.max(image.width, image.height));
      if (scale < 1) image.resize(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
      return await image.encodeWEBP(80);
    });
    const headers = safetyHeaders({ name: `${name}.webp`, mime: "image/webp", disposition: "inline" });
    headers.set("cache-control", "private, no-cache");
    return new Response(webp as Uint8Array<ArrayBuffer>, { status: 200, headers });
  }
  if (TEXT.test(row.mime_type)) {
    const bytes = await readUpTo(row.object_key, Math.min(size, MAX_TEXT_BYTES));
    const headers = safetyHeaders({ name: `${name}.txt`, mime: "text/plain", disposition: "inline" });
    headers.set("cache-control", "private, no-cache");
    headers.set("x-preview-truncated", String(size > MAX_TEXT_BYTES));
    return new Response(new TextDecoder().decode(bytes), { status: 200, headers });
  }
  throw new HttpError(415, "PT415", "There is no preview for this type of file.");
}

