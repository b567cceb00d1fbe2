/**
 * The `share` edge function: share links, to anyone holding one, no account
 * needed. SQL decides everything (see the share link migrations); this
 * routes, moves bytes and answers errors in PostgREST's shape.
 *
 *   GET    /share/<token>[?folder=<id>]              metadata; a folder link's listing
 *   POST   /share/<token>/unlock                     {"password"} -> a short-lived access token
 *   GET    /share/<token>/download                   a file link's bytes (counted)
 *   GET    /share/<token>/download/<file_id>         a file under a folder link (counted)
 *   GET    /share/<token>/zip[?folder=][&files=]     a folder or chosen files as a streamed zip (counted once)
 *   GET    /share/<token>/preview[/<file_id>]        an image at screen size or text as text (not counted)
 *   POST   /share/<token>/uploads                    start an upload (edit, file_drop)
 *   PUT    /share/<token>/uploads/<id>/bytes         its bytes
 *   POST   /share/<token>/uploads/<id>/complete      finish it: a receipt
 *   DELETE /share/<token>/uploads/<id>               cancel it
 *   *      /share/<token>/tus[/<id>]                 the same upload, resumable (tus 1.0; see tus.ts)
 *   POST   /share/<token>/folders                    a new folder (edit)
 *   PATCH  /share/<token>/(files|folders)/<id>       rename and/or move (edit)
 *   DELETE /share/<token>/(files|folders)/<id>       to the owner's trash (edit)
 *
 * A link with a password takes its access token as `Authorization: Bearer`
 * or `?access=`.
 */
import { errorResponse, HttpError, json, readJsonObject, withCorsHeaders } from "../_shared/http.ts";
import { loadStorage } from "../_shared/storage/index.ts";
import { download, preview, zip } from "./bytes.ts";
import { idOf, linkMetadata, linkRequest, unlock } from "./link.ts";
import { changeItem, createFolder, trashItem } from "./edits.ts";
import { beginUpload, cancelUpload, completeUpload, receiveBytes } from "./uploads.ts";

const CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, apikey, content-type, x-client-info, range, if-none-match, if-range, " +
    "tus-resumable, upload-length, upload-offset, upload-metadata, upload-defer-length, upload-concat, x-http-method-override",
  "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-expose-headers": "content-length, content-range, content-disposition, etag, retry-after, location, " +
    "upload-offset, upload-length, tus-resumable, tus-version, tus-extension, tus-max-size, upload-expires, upload-file-id, upload-receipt",
  "access-control-max-age": "86400",
};

/** Byte responses set their own CORS (serveObject): only inline-safe types are readable by other sites. */
const ownCors = new WeakSet<Response>();

/** Adds our CORS headers; tus names its own exposed headers, and ours (the receipt) are added to them. */
const withCors = (res: Response) => withCorsHeaders(res, CORS);

const noStore = (res: Response) => {
  // Metadata and listings change with the link: never cached, never indexed.
  res.headers.set("cache-control", "no-store");
  res.headers.set("x-robots-tag", "noindex, nofollow");
  return res;
};

async function route(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const parts = url.pathname.split("/").filter(Boolean);
  if (parts[0] !== "share" || !parts[1]) throw new HttpError(404, "PGRST404", "Not found.");
  const link = linkRequest(req, parts[1]);
  const [section, id, action] = parts.slice(2);
  const m = req.method;
  const read = m === "GET" || m === "HEAD";
  if (!section && read) return noStore(json(await linkMetadata(req, link)));
  if (section === "unlock" && !id && m === "POST") return noStore(json(await unlock(req, link, (await readJsonObject(req)).password)));
  if (section === "download" && parts.length <= 4 && read) {
    const res = await download(req, link, idOf(id, "File"));
    ownCors.add(res);
    return res;
  }
  if (section === "preview" && parts.length <= 4 && read) return await preview(req, link, idOf(id, "File"));
  if (section === "zip" && !id && read) return await zip(req, link);
  if (section === "uploads" && !id && m === "POST") return noStore(json(await beginUpload(req, link), 201));
  if (section === "uploads" && id && parts.length <= 5) {
    const uploadId = idOf(id, "Upload")!;
    if (action === "bytes" && m === "PUT") return json(await receiveBytes(req, link, uploadId));
    if (action === "complete" && m === "POST") return json(await completeUpload(req, link, uploadId));
    if (!action && m === "DELETE") {
      await cancelUpload(req, link, uploadId);
      return new Response(null, { status: 204 });
    }
  }
  if (section === "tus") {
    // Loaded on first use.
    return await (await import("./tus.ts")).handleLinkTus(req);
  }
  if (section === "folders" && !id && m === "POST") return noStore(json(await createFolder(req, link), 201));
  if ((section === "files" || section === "folders") && id && !action) {
    const itemId = idOf(id, section === "files" ? "File" : "Folder")!;
    if (m === "PATCH") return noStore(json(await changeItem(req, link, section, itemId)));
    if (m === "DELETE") {
      await trashItem(req, link, section, itemId);
      return new Response(null, { status: 204 });
    }
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
    return errorResponse(err, CORS);
  }
}
