/**
 * Downloads: a short-lived signed URL per version, then a GET that streams
 * the bytes with Range, ETag and headers that keep a stored file from ever
 * running as a page of our origin (attachment, nosniff, sandboxing CSP).
 */
import { asCaller, type Caller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
import { ObjectNotFoundError } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { publicBase } from "./context.ts";
import { type DownloadGrant, signDownload, verifyDownload } from "./tokens.ts";

const URL_SECONDS = 600;

/** Types a browser may show inline: none of them can run script. Never HTML, SVG or XML. */
const INLINE_SAFE = new Set([
  "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
  "application/pdf", "text/plain", "text/csv", "text/markdown",
  "audio/mpeg", "audio/ogg", "audio/wav", "audio/flac", "audio/mp4", "audio/webm",
  "video/mp4", "video/webm", "video/ogg", "video/quicktime",
]);

/** The version row app.version_for_download answers. */
export interface VersionRow {
  file_id: string;
  version_id: string;
  version: number;
  name: string;
  object_key: string;
  size: number;
  sha256: string;
  mime_type: string;
  owner_id: string;
}

/** Looks up a version the caller owns (404 otherwise: the admin may read metadata, never bytes). */
export async function ownedVersion(caller: Caller, req: Request | null, fileId: string, versionId: string | null): Promise<VersionRow> {
  const row = await asCaller(caller, req, async (tx) => {
    const [r] = await tx`select app.version_for_download(${fileId}, ${versionId}) as v`;
    const v = r.v as VersionRow | null;
    if (v) {
      await tx`select app.log_activity('file.download', null, 'file', ${v.file_id},
        ${tx.json({ version: v.version, name: v.name })})`;
    }
    return v;
  });
  if (!row) throw new HttpError(404, "PT404", "File not found.");
  return row;
}

/** What a download of this version may serve: its object, size, hash, type and name. */
export function grantFor(
  row: VersionRow,
  disposition: "attachment" | "inline",
  mime: string = row.mime_type,
): DownloadGrant {
  return {
    owner: row.owner_id,
    fileId: row.file_id,
    versionId: row.version_id,
    objectKey: row.object_key,
    size: Number(row.size),
    sha256: row.sha256,
    mime,
    name: row.name,
    disposition,
  };
}

/** A signed download URL for one version. */
export async function downloadUrl(
  row: VersionRow,
  disposition: "attachment" | "inline",
): Promise<{ url: string; expires_at: string }> {
  const grant = grantFor(row, disposition);
  const direct = await storage().directDownload(row.object_key, {
    expiresIn: URL_SECONDS,
    contentType: directType(grant),
    contentDisposition: contentDisposition(grant),
  });
  if (direct) return { url: direct, expires_at: new Date(Date.now() + URL_SECONDS * 1000).toISOString() };
  const { token, expiresAt } = await signDownload(grant, URL_SECONDS);
  return {
    url: `${publicBase()}/download/${row.version_id}?token=${encodeURIComponent(token)}`,
    expires_at: expiresAt.toISOString(),
  };
}

/** Whether browsers may be shown this type inline (and other sites read it): none of these can run script. */
export function isInlineSafe(mime: string): boolean {
  return INLINE_SAFE.has(mime);
}

/** `attachment` (or `inline` for a safe type) with an RFC 6266 name: an ASCII fallback and a UTF-8 filename*. */
export function contentDisposition(grant: Pick<DownloadGrant, "name" | "mime" | "disposition">): string {
  const kind = grant.disposition === "inline" && INLINE_SAFE.has(grant.mime) ? "inline" : "attachment";
  const fallback = grant.name.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(grant.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function servedType(grant: Pick<DownloadGrant, "mime">): string {
  if (grant.mime.startsWith("text/") && INLINE_SAFE.has(grant.mime)) return `${grant.mime}; charset=utf-8`;
  return grant.mime;
}

/**
 * The type a presigned GET makes the bucket answer. The bucket's origin sends
 * no nosniff and no sandboxing CSP, so only a safe type keeps its name; any
 * other (HTML, SVG, XML, scripts, whatever the uploader declared to the
 * bucket) becomes opaque bytes, which a browser downloads and never renders.
 */
export function directType(grant: Pick<DownloadGrant, "mime">): string {
  return INLINE_SAFE.has(grant.mime) ? servedType(grant) : "application/octet-stream";
}

/** What a GET of a file serves: all of it, one byte range, nothing (416), or nothing new (304). */
export type ByteSelection =
  | { kind: "whole" }
  | { kind: "part"; start: number; end: number }
  | { kind: "unsatisfiable" }
  | { kind: "not-modified" };

/**
 * RFC 9110's Range (section 14.2) for a representation of `size` bytes: a
 * header that does not parse, names another unit than `bytes` (in any case)
 * or asks for several ranges is ignored (the whole file); one satisfiable
 * range is served; a range that starts past the end, or an empty suffix, is
 * unsatisfiable. Whitespace is allowed only where the list rule allows it:
 * around commas (and empty list elements are skipped).
 */
export function parseRange(header: string | null, size: number): ByteSelection {
  if (header === null) return { kind: "whole" };
  const spec = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)=(.*)$/s.exec(header.trim());
  if (!spec || spec[1].toLowerCase() !== "bytes") return { kind: "whole" };
  const specs = spec[2].split(/[ \t]*,[ \t]*/).filter((s) => s !== "");
  if (specs.length !== 1) return { kind: "whole" }; // none, or several: served whole, as RFC 9110 allows
  const m = /^(?:(\d+)-(\d*)|-(\d+))$/.exec(specs[0]);
  if (!m) return { kind: "whole" };
  if (m[3] !== undefined) {
    const suffix = Number(m[3]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const first = Number(m[1]);
  const last = m[2] === "" ? Infinity : Number(m[2]);
  if (last < first) return { kind: "whole" }; // an invalid range-spec: the header is ignored
  if (first >= size) return { kind: "unsatisfiable" };
  return { kind: "part", start: first, end: Math.min(last, size - 1) };
}

/**
 * What a request gets of a file, from its conditional and Range headers: the
 * one decision both the response and the public-link download count follow.
 * If-None-Match comes first (304); an If-Range other than the strong ETag
 * makes it the whole file.
 */
export function selectBytes(req: Request, file: { size: number; sha256: string }): ByteSelection {
  if (clientHasCurrent(req, file.sha256)) return { kind: "not-modified" };
  const ifRange = req.headers.get("if-range");
  if (ifRange !== null && ifRange.trim() !== `"${file.sha256}"`) return { kind: "whole" };
  return parseRange(req.headers.get("range"), file.size);
}

/** Whether the response to this selection sends the file's first byte: a download starts. */
export function deliversFirstByte(req: Request, selection: ByteSelection): boolean {
  if (req.method !== "GET") return false;
  return selection.kind === "whole" || (selection.kind === "part" && selection.start === 0);
}

/** The headers every byte response carries. */
export function safetyHeaders(grant: Pick<DownloadGrant, "name" | "mime" | "disposition">): Headers {
  return new Headers({
    "content-type": servedType(grant),
    "content-disposition": contentDisposition(grant),
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "referrer-policy": "no-referrer",
    "cache-control": "private, max-age=300",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "content-length, content-range, content-disposition, etag",
  });
}

/** Whether If-None-Match names the version's ETag (its SHA-256), weak or strong, or `*`. */
export function clientHasCurrent(req: Request, sha256: string): boolean {
  const inm = req.headers.get("if-none-match");
  return inm !== null && inm.split(",").some((t) => [`"${sha256}"`, `W/"${sha256}"`, "*"].includes(t.trim()));
}

/**
 * Streams an object as a response: 200, 206 for a range, 304 when the
 * client's copy is current, 416 out of range, as `selection` decides
 * (by default from the request's own headers).
 */
export async function serveObject(
  req: Request,
  grant: DownloadGrant,
  selection: ByteSelection = selectBytes(req, grant),
): Promise<Response> {
  const etag = `"${grant.sha256}"`;
  const headers = safetyHeaders(grant);
  headers.set("etag", etag);
  headers.set("accept-ranges", "bytes");
  if (selection.kind === "not-modified") return new Response(null, { status: 304, headers });
  if (selection.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${grant.size}`);
    headers.set("content-type", "application/json; charset=utf-8");
    headers.delete("content-disposition");
    return new Response(
      JSON.stringify({ code: "PGRST103", message: "The requested range is outside the file.", details: null, hint: null }),
      { status: 416, headers },
    );
  }
  const range = selection.kind === "part" ? { start: selection.start, end: selection.end } : null;
  let body: ReadableStream<Uint8Array> | null;
  try {
    body = req.method === "HEAD" ? null : await storage().read(grant.objectKey, range ?? undefined);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw new HttpError(404, "PT404", "File not found.");
    throw err;
  }
  if (range) {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${grant.size}`);
    headers.set("content-length", String(range.end - range.start + 1));
    return new Response(body, { status: 206, headers });
  }
  headers.set("content-length", String(grant.size));
  return new Response(body, { status: 200, headers });
}

/** GET /files/download/<version_id>?token=...: the token is the credential. */
export async function handleDownload(req: Request, versionId: string): Promise<Response> {
  const grant = await verifyDownload(new URL(req.url).searchParams.get("token"), versionId);
  return await serveObject(req, grant);
}
