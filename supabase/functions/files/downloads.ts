/**
 * Downloads: a short-lived signed URL per version, then a GET that streams
 * the bytes with Range, ETag and headers that keep a stored file from ever
 * running as a page of our origin (attachment, nosniff, sandboxing CSP).
 */
import { asCaller, type Caller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
import { ObjectNotFoundError } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { publicBase, siteOrigin } from "./context.ts";
import { grantCaller, sessionOf, signDownload, verifyDownload } from "./tokens.ts";

const URL_SECONDS = 600;

/** Types a browser may show inline: none of them can run script. Never HTML, SVG or XML. */
const INLINE_SAFE = new Set([
  "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
  "application/pdf", "text/plain", "text/csv", "text/markdown",
  "audio/mpeg", "audio/ogg", "audio/wav", "audio/flac", "audio/mp4", "audio/webm",
  "video/mp4", "video/webm", "video/ogg", "video/quicktime",
]);

/** The version row app.start_download and app.granted_download answer. */
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

/** What a byte response serves: one object, under a type and a disposition. */
export interface Served {
  objectKey: string;
  size: number;
  sha256: string;
  name: string;
  mime: string;
  disposition: "attachment" | "inline";
}

/**
 * Who else may read a byte response, for a type that is not inline-safe
 * (an inline-safe one any site may read): `any` (a response only its token
 * holder gets, such as retrieve_file), `site` (the web client's origin
 * alone: its previews read a signed download's text) or `none`.
 */
export type OtherSites = "any" | "site" | "none";

/** One version the caller owns (the current one by default), handed out as a download: SQL logs it, and answers 404 for anything else. */
export async function startDownload(caller: Caller, req: Request | null, fileId: string, versionId: string | null): Promise<VersionRow> {
  return await asCaller(caller, req, async (tx) => {
    const [r] = await tx`select app.start_download(${fileId}, ${versionId}) as v`;
    return r.v as VersionRow;
  });
}

/** A version as opaque bytes to save: `application/octet-stream`, attachment. */
export function asBytes(row: VersionRow): Served {
  return {
    objectKey: row.object_key,
    size: Number(row.size),
    sha256: row.sha256,
    name: row.name,
    mime: "application/octet-stream",
    disposition: "attachment",
  };
}

/**
 * How a version goes out, the one rule for signed downloads and public
 * links: an inline-safe type as itself (inline when asked), anything else
 * (HTML, SVG, scripts above all) as opaque bytes to save, which with nosniff
 * no browser renders or runs, not even from `<script src>`.
 */
export function servedAs(row: VersionRow, asked: "attachment" | "inline"): Served {
  if (!INLINE_SAFE.has(row.mime_type)) return asBytes(row);
  return { ...asBytes(row), mime: row.mime_type, disposition: asked };
}

/** A signed download URL for one version, minted for the caller's session (it ends with it). */
export async function downloadUrl(
  caller: Caller,
  row: VersionRow,
  disposition: "attachment" | "inline",
): Promise<{ url: string; expires_at: string }> {
  const served = { name: row.name, mime: row.mime_type, disposition };
  const direct = await storage().directDownload(row.object_key, {
    expiresIn: URL_SECONDS,
    contentType: directType(served),
    contentDisposition: contentDisposition(served),
  });
  if (direct) return { url: direct, expires_at: new Date(Date.now() + URL_SECONDS * 1000).toISOString() };
  const { token, expiresAt } = await signDownload(
    { fileId: row.file_id, versionId: row.version_id, disposition, session: sessionOf(caller) },
    URL_SECONDS,
  );
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
export function contentDisposition(served: Pick<Served, "name" | "mime" | "disposition">): string {
  const kind = served.disposition === "inline" && INLINE_SAFE.has(served.mime) ? "inline" : "attachment";
  const fallback = served.name.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(served.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function servedType(served: Pick<Served, "mime">): string {
  if (served.mime.startsWith("text/") && INLINE_SAFE.has(served.mime)) return `${served.mime}; charset=utf-8`;
  return served.mime;
}

/**
 * The type a presigned GET makes the bucket answer. The bucket's origin sends
 * no nosniff and no sandboxing CSP, so only a safe type keeps its name; any
 * other (HTML, SVG, XML, scripts, whatever the uploader declared to the
 * bucket) becomes opaque bytes, which a browser downloads and never renders.
 */
export function directType(served: Pick<Served, "mime">): string {
  return INLINE_SAFE.has(served.mime) ? servedType(served) : "application/octet-stream";
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

/**
 * The headers every byte response carries; `allowOrigin` is the
 * Access-Control-Allow-Origin it sends, if any.
 */
export function safetyHeaders(served: Pick<Served, "name" | "mime" | "disposition">, allowOrigin: string | null = "*"): Headers {
  const headers = new Headers({
    "content-type": servedType(served),
    "content-disposition": contentDisposition(served),
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "referrer-policy": "no-referrer",
    "cache-control": "private, max-age=300",
  });
  if (allowOrigin !== null) {
    headers.set("access-control-allow-origin", allowOrigin);
    headers.set("access-control-expose-headers", "content-length, content-range, content-disposition, etag");
  }
  return headers;
}

/** The Access-Control-Allow-Origin of a byte response (see OtherSites); null for none. */
async function allowedOrigin(req: Request, served: Pick<Served, "mime">, otherSites: OtherSites): Promise<string | null> {
  if (INLINE_SAFE.has(served.mime) || otherSites === "any") return "*";
  if (otherSites === "none") return null;
  const origin = req.headers.get("origin");
  return origin !== null && origin === await siteOrigin() ? origin : null;
}

/** Whether If-None-Match names the version's ETag (its SHA-256), weak or strong, or `*`. */
export function clientHasCurrent(req: Request, sha256: string): boolean {
  const inm = req.headers.get("if-none-match");
  return inm !== null && inm.split(",").some((t) => [`"${sha256}"`, `W/"${sha256}"`, "*"].includes(t.trim()));
}

/**
 * Streams an object as a response: 200, 206 for a range, 304 when the
 * client's copy is current, 416 out of range, as `selection` decides
 * (by default from the request's own headers); other sites may read it as
 * `otherSites` says (see OtherSites).
 */
export async function serveObject(
  req: Request,
  served: Served,
  options: { otherSites: OtherSites; selection?: ByteSelection },
): Promise<Response> {
  const selection = options.selection ?? selectBytes(req, served);
  const etag = `"${served.sha256}"`;
  const allowOrigin = await allowedOrigin(req, served, options.otherSites);
  const headers = safetyHeaders(served, allowOrigin);
  if (options.otherSites === "site" && !INLINE_SAFE.has(served.mime)) headers.set("vary", "origin");
  headers.set("etag", etag);
  headers.set("accept-ranges", "bytes");
  if (selection.kind === "not-modified") return new Response(null, { status: 304, headers });
  if (selection.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${served.size}`);
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
    body = req.method === "HEAD" ? null : await storage().read(served.objectKey, range ?? undefined);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw new HttpError(404, "PT404", "File not found.");
    throw err;
  }
  if (range) {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${served.size}`);
    headers.set("content-length", String(range.end - range.start + 1));
    return new Response(body, { status: 206, headers });
  }
  headers.set("content-length", String(served.size));
  return new Response(body, { status: 200, headers });
}

/**
 * GET /files/download/<version_id>?token=...: the token is the credential,
 * used as the session it was minted for. SQL answers once whether that
 * session is live, its account enabled and the version still its user's
 * (401 for an ended session, 404 for a file gone); a type that is not
 * inline-safe goes out as attachment bytes that only the web client's
 * origin may read.
 */
export async function handleDownload(req: Request, versionId: string): Promise<Response> {
  const grant = await verifyDownload(new URL(req.url).searchParams.get("token"), versionId);
  const row = await asCaller(grantCaller(grant.session), req, async (tx) => {
    const [r] = await tx`select app.granted_download(${grant.fileId}, ${grant.versionId}) as v`;
    return r.v as VersionRow;
  });
  return await serveObject(req, servedAs(row, grant.disposition), { otherSites: "site" });
}
