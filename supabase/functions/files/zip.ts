/**
 * Zips of the drive: `POST /files/zip` with `{file_ids, folder_ids}` checks
 * the selection as the caller and answers a short-lived signed URL, minted
 * for the caller's session and good for that selection only; `GET
 * /files/zip?token=` streams the zip as it is built (_shared/zip.ts), so a
 * browser downloads it natively, with progress, without buffering it.
 * Which bytes go in is app.zip_entries' decision, made again at the GET as
 * the session the URL was minted for: a file trashed or a session ended in
 * between is not served.
 */
import { authenticate } from "../_shared/auth.ts";
import { asCaller, type Caller, type Tx } from "../_shared/db.ts";
import { HttpError, json, readJsonObject } from "../_shared/http.ts";
import { type ZipEntry, zipFileName, zipStream } from "../_shared/zip.ts";
import { publicBase, uuidOf } from "./context.ts";
import { safetyHeaders } from "./downloads.ts";
import { grantCaller, sessionOf, signZip, verifyZip } from "./tokens.ts";

const URL_SECONDS = 600;

/** A list of uuids from the request body (absent: none), or 400 naming the field. */
function idsOf(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new HttpError(400, "PGRST102", `${field} must be a list of uuids.`);
  return value.map((v) => uuidOf(v, `each of ${field}`)!);
}

/** The zip's entries, as app.zip_entries answers them for the caller in this transaction. */
async function entriesOf(tx: Tx, fileIds: string[], folderIds: string[]): Promise<ZipEntry[]> {
  const rows = await tx`select path, object_key, size, updated_at from app.zip_entries(${fileIds}::uuid[], ${folderIds}::uuid[])`;
  return rows.map((r) => ({
    path: String(r.path),
    objectKey: r.object_key === null ? null : String(r.object_key),
    size: r.size === null ? null : Number(r.size),
    modified: new Date(r.updated_at),
  }));
}

/** What the zip is called: the one folder's or file's name, else the day's drive download. */
async function nameOf(tx: Tx, fileIds: string[], folderIds: string[]): Promise<string> {
  if (folderIds.length === 1 && fileIds.length === 0) {
    const [d] = await tx`select name from app.folders where id = ${folderIds[0]}`;
    return String(d.name);
  }
  if (fileIds.length === 1 && folderIds.length === 0) {
    const [f] = await tx`select name from app.files where id = ${fileIds[0]}`;
    return String(f.name).replace(/\.[^.]+$/, "") || String(f.name);
  }
  return `Drive download ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * POST /files/zip: `{file_ids, folder_ids}` (the caller's own, live) ->
 * `{url, expires_at, name, entries, size}`; 404 when any of them is not the
 * caller's or is in the trash, 400 for an empty or oversized selection.
 */
export async function createZipUrl(req: Request): Promise<Response> {
  const caller: Caller = await authenticate(req);
  const body = await readJsonObject(req);
  const fileIds = idsOf(body.file_ids, "file_ids");
  const folderIds = idsOf(body.folder_ids, "folder_ids");
  const { entries, name } = await asCaller(caller, req, async (tx) => ({
    entries: await entriesOf(tx, fileIds, folderIds),
    name: await nameOf(tx, fileIds, folderIds),
  }));
  const { length } = zipStream(entries);
  const { token, expiresAt } = await signZip({ fileIds, folderIds, name, session: sessionOf(caller) }, URL_SECONDS);
  return json({
    url: `${publicBase()}/zip?token=${encodeURIComponent(token)}`,
    expires_at: expiresAt.toISOString(),
    name: zipFileName(name),
    entries: entries.length,
    size: length,
  });
}

/** GET or HEAD /files/zip?token=: the zip, streamed as it is built, with its exact length. */
export async function serveZip(req: Request): Promise<Response> {
  const grant = await verifyZip(new URL(req.url).searchParams.get("token"));
  const entries = await asCaller(grantCaller(grant.session), req, (tx) => entriesOf(tx, grant.fileIds, grant.folderIds));
  const zip = zipStream(entries);
  // No other site reads it: the browser saves it, as a navigation.
  const headers = safetyHeaders({ name: zipFileName(grant.name), mime: "application/zip", disposition: "attachment" }, null);
  headers.set("content-length", String(zip.length));
  headers.set("cache-control", "no-store");
  if (req.method === "HEAD") {
    await zip.body.cancel();
    return new Response(null, { status: 200, headers });
  }
  return new Response(zip.body, { status: 200, headers });
}
