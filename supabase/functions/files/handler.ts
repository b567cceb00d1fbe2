/**
 * The `files` edge function: every byte of the drive goes through here (or
 * straight to S3 with a presigned URL). It verifies the caller, moves bytes
 * and calls the SQL functions as the caller; SQL decides what is allowed.
 *
 *   POST   /files/uploads                      start a signed upload
 *   PUT    /files/uploads/<id>/bytes?token=     the bytes (fs driver)
 *   POST   /files/uploads/<id>/complete         create the file or a new version
 *   DELETE /files/uploads/<id>                  cancel
 *   POST   /files/download-url                  a signed URL for a version
 *   GET    /files/download/<version>?token=     the bytes (Range, ETag)
 *   POST   /files/zip                           {file_ids, folder_ids} -> a signed URL for them as one zip
 *   GET    /files/zip?token=                    that zip, streamed as it is built
 *   GET    /files/public/<token>                a public file, to anyone with the link
 *   *      /files/tus/...                       resumable uploads (tus 1.0)
 *   POST   /files/avatar                        the caller's avatar
 *   GET    /files/avatars/<user>                a user's avatar image, when SQL lets the caller see it
 *   GET    /files/thumbnails/<version>          an image version's WebP thumbnail, made on first request
 *   PUT    /files/thumbnails/<version>          a PDF's or video's picture, drawn by the uploading browser
 *   POST   /files/rpc/store_file, GET /files/rpc/retrieve_file   the original API
 */
import { authenticate } from "../_shared/auth.ts";
import { errorResponse, HttpError, json, readJsonObject, requireContentLength, withCorsHeaders } from "../_shared/http.ts";
import { publicBase, sizeOf, stringOf, uuidOf } from "./context.ts";
import { downloadUrl, handleDownload, startDownload } from "./downloads.ts";
import { handlePublic } from "./public-links.ts";
import { retrieveFile, storeFile } from "./legacy.ts";
import { beginUpload, cancelUpload, completeUpload, receiveBytes } from "./store.ts";
import { grantCaller, sessionOf, signUpload, verifyUpload } from "./tokens.ts";
import { runFilesMaintenance } from "./maintenance.ts";
import { loadStorage, storage } from "../_shared/storage/index.ts";

const CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers":
    "authorization, apikey, content-type, x-client-info, file-path, description, range, if-none-match, " +
    "tus-resumable, upload-length, upload-offset, upload-metadata, upload-defer-length, upload-concat, x-http-method-override",
  "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-expose-headers":
    "content-length, content-range, content-disposition, etag, location, x-thumbnail-size, upload-offset, upload-length, " +
    "tus-resumable, tus-version, tus-extension, tus-max-size, upload-expires, upload-file-id",
  "access-control-max-age": "86400",
};

/** Responses that carry their own CORS headers: withCors leaves them as they are. */
const ownCors = new WeakSet<Response>();

/** Adds our CORS headers; exposed headers are merged with any a library (tus) set itself. */
const withCors = (res: Response) => withCorsHeaders(res, CORS);

/** POST /files/uploads */
async function startUpload(req: Request): Promise<Response> {
  const caller = await authenticate(req);
  const body = await readJsonObject(req);
  const tags = body.tags;
  if (tags !== undefined && tags !== null && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) {
    throw new HttpError(400, "PGRST102", "tags must be a list of strings.");
  }
  const upload = await beginUpload(caller, req, {
    name: stringOf(body.name, "name", body.path !== undefined),
    size: sizeOf(body.size, "size"),
    mime: stringOf(body.mime ?? body.mime_type, "mime", true),
    folderId: uuidOf(body.folder_id, "folder_id", true),
    path: stringOf(body.path, "path", true),
    sha256: stringOf(body.sha256, "sha256", true),
    description: stringOf(body.description, "description", true),
    tags: tags as string[] | null | undefined,
    kind: "signed",
  });
  const expiresAt = new Date(upload.expires_at);
  const expiresIn = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const direct = await storage().directUpload(upload.object_key, {
    size: upload.max_bytes,
    contentType: upload.mime_type,
    expiresIn,
  });
  let target = direct;
  if (!target) {
    const token = await signUpload({ uploadId: upload.id, session: sessionOf(caller) }, expiresAt);
    target = {
      url: `${publicBase()}/uploads/${upload.id}/bytes?token=${encodeURIComponent(token)}`,
      method: "PUT",
      headers: { "content-type": upload.mime_type },
    };
  }
  return json({ upload_id: upload.id, ...target, expires_at: upload.expires_at }, 201);
}

/**
 * PUT /files/uploads/<id>/bytes?token=: the token is the credential, used as
 * the session it was minted for; SQL answers once, before a byte is stored,
 * whether that session is live and the upload still takes these bytes.
 */
async function putBytes(req: Request, uploadId: string): Promise<Response> {
  const grant = await verifyUpload(new URL(req.url).searchParams.get("token"), uploadId);
  const length = requireContentLength(req);
  if (!req.body) throw new HttpError(400, "PGRST102", "The request has no body.");
  const result = await receiveBytes(grantCaller(grant.session), req, uploadId, "signed", length, req.body);
  return json({ size: result.size, sha256: result.sha256 });
}

/** POST /files/download-url */
async function createDownloadUrl(req: Request): Promise<Response> {
  const caller = await authenticate(req);
  const body = await readJsonObject(req);
  const disposition = body.disposition ?? "attachment";
  if (disposition !== "attachment" && disposition !== "inline") {
    throw new HttpError(400, "PGRST102", 'disposition must be "attachment" or "inline".');
  }
  const row = await startDownload(caller, req, uuidOf(body.file_id, "file_id")!, uuidOf(body.version_id, "version_id", true));
  return json(await downloadUrl(caller, row, disposition));
}

async function route(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const parts = url.pathname.split("/").filter(Boolean);
  if (parts[0] !== "files") throw new HttpError(404, "PGRST404", "Not found.");
  const [section, id, action] = parts.slice(1);
  const m = req.method;
  if (section === "uploads" && !id && m === "POST") return await startUpload(req);
  // tus and the image library are loaded on first use: most requests never need them.
  if (section === "tus") return await (await import("./tus.ts")).handleTus(req);
  if (section === "avatar" && !id && m === "POST") return await (await import("./avatar.ts")).uploadAvatar(req);
  if (section === "avatars" && id && !action && (m === "GET" || m === "HEAD")) {
    return await (await import("./avatar.ts")).serveAvatar(req, uuidOf(id, "user id")!);
  }
  if (section === "thumbnails" && id && !action && (m === "GET" || m === "HEAD")) {
    return await (await import("./thumbnails.ts")).serveThumbnail(req, uuidOf(id, "version id")!);
  }
  if (section === "thumbnails" && id && !action && m === "PUT") {
    return await (await import("./thumbnails.ts")).receiveDrawnThumbnail(req, uuidOf(id, "version id")!);
  }
  if (section === "maintenance" && !id && m === "POST") {
    // Run as the caller: SQL's grants make it the service role's alone (403 for anyone else).
    const caller = await authenticate(req, { allowService: true });
    const grace = url.searchParams.get("grace_ms");
    return json(await runFilesMaintenance(caller, req, { graceMs: grace !== null && /^\d+$/.test(grace) ? Number(grace) : undefined }));
  }
  if (section === "uploads" && id && action === "bytes" && m === "PUT" && parts.length === 4) {
    return await putBytes(req, uuidOf(id, "upload id")!);
  }
  if (section === "uploads" && id && action === "complete" && m === "POST" && parts.length === 4) {
    const caller = await authenticate(req);
    return json(await completeUpload(caller, req, uuidOf(id, "upload id")!));
  }
  if (section === "uploads" && id && !action && m === "DELETE") {
    const caller = await authenticate(req);
    await cancelUpload(caller, req, uuidOf(id, "upload id")!);
    return new Response(null, { status: 204 });
  }
  if (section === "download-url" && !id && m === "POST") return await createDownloadUrl(req);
  if (section === "zip" && !id && m === "POST") return await (await import("./zip.ts")).createZipUrl(req);
  if (section === "zip" && !id && (m === "GET" || m === "HEAD")) {
    const res = await (await import("./zip.ts")).serveZip(req);
    ownCors.add(res);
    return res;
  }
  // Signed downloads and public links decide their own CORS: no wildcard for a type that is not inline-safe.
  if (section === "download" && id && !action && (m === "GET" || m === "HEAD")) {
    const res = await handleDownload(req, uuidOf(id, "version id")!);
    ownCors.add(res);
    return res;
  }
  if (section === "public" && id && !action && (m === "GET" || m === "HEAD")) {
    const res = await handlePublic(req, id);
    ownCors.add(res);
    return res;
  }
  if (section === "rpc" && id === "store_file" && !action && m === "POST") return await storeFile(req);
  if (section === "rpc" && id === "retrieve_file" && !action && (m === "GET" || m === "HEAD" || m === "POST")) {
    return await retrieveFile(req);
  }
  throw new HttpError(404, "PGRST404", `No route ${m} ${url.pathname}.`);
}

/** The function: CORS, routing, and errors in PostgREST's shape. */
export async function handler(req: Request): Promise<Response> {
  if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
  try {
    await loadStorage();
    const res = await route(req);
    return ownCors.has(res) ? res : withCors(res);
  } catch (err) {
    // Drain nothing: an unread request body is simply dropped by the server.
    return errorResponse(err, CORS);
  }
}

