/**
 * WebDAV (RFC 4918 class 1 and 2, RFC 4331 quota) over the drive, at
 * /functions/v1/webdav/. Signed in with HTTP Basic and a personal access
 * token; every method is the drive's own SQL as the caller (create_folder,
 * move_file, copy_file, trash_*, begin_upload ... and the dav_* functions
 * of the webdav migration), so a mounted drive sees and changes exactly
 * what the token may: this module adds no rule of its own.
 */
import { asCaller, type Caller, type Tx } from "../_shared/db.ts";
import { errorResponse, fromPgError, HttpError } from "../_shared/http.ts";
import { asBytes, serveObject, startDownload } from "../files/downloads.ts";
import { typeFromName } from "../files/sniff.ts";
import { beginUpload, completeUpload, discardUpload, receiveBytes } from "../files/store.ts";
import { CHALLENGE, davCaller, forgetCaller } from "./auth.ts";
import { assertIfHolds, assertUnlocked, lock, unlock } from "./locks.ts";
import { destinationSegments, type FolderItem, href, type Item, pathKey, requestSegments, resolve, resolveParent } from "./paths.ts";
import { propfind } from "./propfind.ts";
import { filePage, folderPage } from "./listing.ts";
import { assertChangeable, isSharedCollection, notChangeable } from "./shared.ts";
import { children, DAV, esc, hasBody, innerXml, propName, propXml, readXml } from "./xml.ts";

const ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";

const notFound = () => new HttpError(404, "PT404", "Not found.");

/** The WebDAV function: every request, answered (errors in PostgREST's JSON shape). */
export async function handler(req: Request): Promise<Response> {
  try {
    return await route(req);
  } catch (err) {
    const http = err instanceof HttpError ? err : fromPgError(err);
    if (http?.status === 401) {
      await forgetCaller(req);
      return errorResponse(new HttpError(401, http.code, http.message, null, null, CHALLENGE));
    }
    // A PostgREST-shaped 423 from SQL is a WebDAV 423 Locked as it is.
    return errorResponse(err);
  }
}

async function route(req: Request): Promise<Response> {
  const segs = requestSegments(req);
  if (req.method === "OPTIONS") {
    return new Response(null, { status: 200, headers: { dav: "1, 2", allow: ALLOW, "ms-author-via": "DAV" } });
  }
  const caller = await davCaller(req);
  switch (req.method) {
    case "PROPFIND":
      return await propfind(req, caller, segs);
    case "GET":
    case "HEAD":
      return await get(req, caller, segs);
    case "PUT":
      return await put(req, caller, segs);
    case "MKCOL":
      return await mkcol(req, caller, segs);
    case "DELETE":
      return await remove(req, caller, segs);
    case "COPY":
    case "MOVE":
      return await copyOrMove(req, caller, segs, req.method === "MOVE");
    case "PROPPATCH":
      return await proppatch(req, caller, segs);
    case "LOCK":
      return await lock(req, caller, segs, () => createIfMissing(req, caller, segs));
    case "UNLOCK":
      return await unlock(req, caller);
    default:
      throw new HttpError(405, "PGRST405", `${req.method} is not a WebDAV method here.`, null, null, { allow: ALLOW });
  }
}

async function get(req: Request, caller: Caller, segs: string[]): Promise<Response> {
  const item = await asCaller(caller, req, (tx) => resolve(tx, caller, segs));
  if (!item) throw notFound();
  if (item.kind === "folder") {
    throw new HttpError(405, "PGRST405", "A collection has no content: PROPFIND lists it.", null, null, { allow: ALLOW });
  }
  // SQL logs the download, as for every other way of reading bytes.
  const row = await startDownload(caller, req, item.id, null);
  return await serveObject(req, asBytes(row), { otherSites: "any" });
}

/** PUT: a new file, or a new version of the file at that path; the body streams to the driver. */
async function put(req: Request, caller: Caller, segs: string[], emptyBody = false): Promise<Response> {
  if (segs.length === 0) throw new HttpError(405, "PGRST405", "The root is a collection.");
  assertChangeable(caller, segs);
  const name = segs[segs.length - 1];
  const { parent, existing, reserve } = await asCaller(caller, req, async (tx) => {
    const parent = await resolveParent(tx, caller, segs);
    if (!parent) throw new HttpError(409, "PT409", "The folder to put this in does not exist.");
    const existing = await resolve(tx, caller, segs);
    if (existing?.kind === "folder") throw new HttpError(405, "PGRST405", "A collection cannot be overwritten with PUT.");
    await assertIfHolds(tx, req, segs, existing?.sha256 ? `"${existing.sha256}"` : null);
    await assertUnlocked(tx, req, [segs, segs.slice(0, -1)]);
    const length = emptyBody ? 0 : req.headers.get("content-length");
    let reserve: number;
    if (length !== null && /^\d+$/.test(String(length))) {
      reserve = Number(length);
    } else {
      // A chunked body (macOS Finder): reserve what the quota leaves, settle to what arrived.
      const [r] = await tx`select api.unknown_length_reservation()::float8 as n`;
      reserve = Number(r.n);
    }
    return { parent, existing, reserve };
  });
  const known = emptyBody || /^\d+$/.test(req.headers.get("content-length") ?? "");
  const upload = await beginUpload(caller, req, {
    name,
    size: reserve,
    mime: typeFromName(name),
    folderId: parent.id,
    kind: "direct",
  });
  const body = emptyBody || !req.body ? new ReadableStream<Uint8Array>({ start: (c) => c.close() }) : req.body;
  let file: Record<string, unknown>;
  try {
    await receiveBytes(caller, req, upload.id, "direct", known ? reserve : 0, body);
    if (!known) await asCaller(caller, req, (tx) => tx`select app.settle_upload(${upload.id})`);
    file = await completeUpload(caller, req, upload.id);
  } catch (err) {
    await discardUpload(caller, req, upload.id);
    throw err;
  }
  const headers: Record<string, string> = {};
  if (file.sha256) headers.etag = `"${file.sha256}"`;
  const mtime = req.headers.get("x-oc-mtime");
  if (mtime && /^\d{1,12}$/.test(mtime)) {
    await asCaller(caller, req, (tx) => tx`select api.set_file_mtime(${file.id as string}, to_timestamp(${Number(mtime)}))`);
    headers["x-oc-mtime"] = "accepted";
  }
  return new Response(null, { status: existing ? 204 : 201, headers });
}

/** LOCK on an unmapped path makes an empty file there (RFC 4918 7.3). */
async function createIfMissing(req: Request, caller: Caller, segs: string[]): Promise<boolean> {
  const item = await asCaller(caller, req, (tx) => resolve(tx, caller, segs));
  if (item) return false;
  await put(req, caller, segs, true);
  return true;
}

async function mkcol(req: Request, caller: Caller, segs: string[]): Promise<Response> {
  if (req.body && hasBody(req)) {
    const reader = req.body.getReader();
    const first = await reader.read();
    await reader.cancel();
    if (!first.done && first.value.byteLength > 0) {
      throw new HttpError(415, "PT415", "MKCOL takes no body.");
    }
  }
  if (segs.length === 0) throw new HttpError(405, "PGRST405", "The root exists.");
  assertChangeable(caller, segs);
  await asCaller(caller, req, async (tx) => {
    if (await resolve(tx, caller, segs)) throw new HttpError(405, "PGRST405", "That name is taken.");
    const parent = await resolveParent(tx, caller, segs);
    if (!parent) throw new HttpError(409, "PT409", "The folder to create this in does not exist.");
    await assertUnlocked(tx, req, [segs.slice(0, -1)]);
    await tx`select api.create_folder(${segs[segs.length - 1]}, ${parent.id})`;
  });
  return new Response(null, { status: 201 });
}

/** Puts an item in the trash (restorable from the web), as the web's delete does. */
async function trash(tx: Tx, item: Item): Promise<void> {
  if (item.kind === "file") await tx`select api.trash_file(${item.id})`;
  else if (item.id === null) throw new HttpError(403, "42501", "The root cannot be deleted.");
  else await tx`select api.trash_folder(${item.id})`;
}

async function remove(req: Request, caller: Caller, segs: string[]): Promise<Response> {
  if (segs.length === 0) throw new HttpError(403, "42501", "The root cannot be deleted.");
  assertChangeable(caller, segs);
  await asCaller(caller, req, async (tx) => {
    const item = await resolve(tx, caller, segs);
    if (!item) throw notFound();
    await assertIfHolds(tx, req, segs, item.kind === "file" && item.sha256 ? `"${item.sha256}"` : null);
    await assertUnlocked(tx, req, [segs, segs.slice(0, -1)], [segs]);
    await trash(tx, item);
    await tx`select api.dav_drop_locks(${pathKey(segs)})`;
  });
  return new Response(null, { status: 204 });
}

const COPY_PAGE = 500;

/** COPY a folder: the folder, then (depth infinity) what is in it, through the drive's own functions. */
async function copyFolder(
  tx: Tx, caller: Caller, source: FolderItem, parent: string | null, name: string, deep: boolean,
): Promise<void> {
  const [made] = await tx`select (api.create_folder(${name}, ${parent})).id as id`;
  await tx`select api.dav_copy_properties(from_folder => ${source.id}, to_folder => ${made.id})`;
  if (!deep) return;
  for (let page = await filePage(tx, caller, source, null, COPY_PAGE); page.length; ) {
    for (const f of page) {
      const [c] = await tx`select (api.copy_file(${f.id}, ${made.id}, ${f.name})).id as id`;
      await tx`select api.dav_copy_properties(from_file => ${f.id}, to_file => ${c.id})`;
    }
    const last = page[page.length - 1];
    page = page.length < COPY_PAGE ? [] : await filePage(tx, caller, source, [last.name, last.id], COPY_PAGE);
  }
  for (let page = await folderPage(tx, caller, source, null, COPY_PAGE); page.length; ) {
    for (const sub of page) await copyFolder(tx, caller, sub, made.id, sub.name, true);
    const last = page[page.length - 1];
    page = page.length < COPY_PAGE ? [] : await folderPage(tx, caller, source, [last.name, last.id!], COPY_PAGE);
  }
}

async function copyOrMove(req: Request, caller: Caller, segs: string[], move: boolean): Promise<Response> {
  const dest = destinationSegments(req);
  const overwrite = (req.headers.get("overwrite") ?? "T").toUpperCase() !== "F";
  const depth = req.headers.get("depth") ?? "infinity";
  if (segs.length === 0 || dest.length === 0) throw new HttpError(403, "42501", "The root cannot be copied or moved.");
  if (dest.join("/") === segs.join("/")) {
    throw new HttpError(403, "42501", "The source and the destination are the same.");
  }
  assertChangeable(caller, dest);
  if (move) assertChangeable(caller, segs);
  const created = await asCaller(caller, req, async (tx) => {
    const source = await resolve(tx, caller, segs);
    if (!source) throw notFound();
    if (isSharedCollection(source)) throw notChangeable();
    const parent = await resolveParent(tx, caller, dest);
    if (!parent) throw new HttpError(409, "PT409", "The destination's folder does not exist.");
    const existing = await resolve(tx, caller, dest);
    const sameItem = existing !== null && existing.kind === source.kind && existing.id === source.id;
    await assertUnlocked(tx, req, move ? [segs, segs.slice(0, -1), dest, dest.slice(0, -1)] : [dest, dest.slice(0, -1)],
      move ? [segs, dest] : [dest]);
    if (existing && !sameItem) {
      if (!overwrite) throw new HttpError(412, "PT412", "The destination exists and Overwrite is F.");
      await trash(tx, existing);
      await tx`select api.dav_drop_locks(${pathKey(dest)})`;
    }
    const name = dest[dest.length - 1];
    if (move) {
      if (source.kind === "file") {
        if (source.folder_id !== parent.id) await tx`select api.move_file(${source.id}, ${parent.id})`;
        if (source.name !== name) await tx`select api.rename_file(${source.id}, ${name})`;
      } else {
        await tx`select api.move_folder(${source.id}, ${parent.id})`;
        if (source.name !== name) await tx`select api.rename_folder(${source.id}, ${name})`;
      }
      await tx`select api.dav_drop_locks(${pathKey(segs)})`;
    } else if (source.kind === "file") {
      const [c] = await tx`select (api.copy_file(${source.id}, ${parent.id}, ${name})).id as id`;
      await tx`select api.dav_copy_properties(from_file => ${source.id}, to_file => ${c.id})`;
    } else {
      await copyFolder(tx, caller, source, parent.id, name, depth !== "0");
    }
    return existing === null || sameItem;
  });
  return new Response(null, { status: created ? 201 : 204 });
}

/** PROPPATCH: dead properties in SQL, getlastmodified as the file's modification time; all or nothing. */
async function proppatch(req: Request, caller: Caller, segs: string[]): Promise<Response> {
  const root = await readXml(req);
  if (!root || !(root.namespaceURI === DAV && root.localName === "propertyupdate")) {
    throw new HttpError(400, "PT400", "A PROPPATCH body is a DAV:propertyupdate element.");
  }
  const changes: { ns: string; name: string; value: string | null }[] = [];
  for (const op of children(root)) {
    if (op.namespaceURI !== DAV || (op.localName !== "set" && op.localName !== "remove")) continue;
    for (const prop of children(op).filter((c) => c.namespaceURI === DAV && c.localName === "prop")) {
      for (const p of children(prop)) {
        changes.push({ ...propName(p), value: op.localName === "set" ? innerXml(p) : null });
      }
    }
  }
  const protectedLive = new Set(["resourcetype", "getcontentlength", "getcontenttype", "getetag", "creationdate", "lockdiscovery",
    "supportedlock", "quota-available-bytes", "quota-used-bytes", "displayname"]);
  const refused = changes.filter((c) => c.ns === DAV && protectedLive.has(c.name));
  assertChangeable(caller, segs);
  const item = await asCaller(caller, req, (tx) => resolve(tx, caller, segs));
  if (!item) throw notFound();
  let ok = refused.length === 0;
  if (ok) {
    await asCaller(caller, req, async (tx) => {
      await assertUnlocked(tx, req, [segs]);
      const dead = changes.filter((c) => !(c.ns === DAV && c.name === "getlastmodified"));
      const mtime = changes.find((c) => c.ns === DAV && c.name === "getlastmodified" && c.value !== null);
      if (mtime && item.kind === "file") {
        const at = new Date(mtime.value!.replace(/<[^>]*>/g, "").trim());
        if (Number.isNaN(at.getTime())) throw new HttpError(400, "PT400", "getlastmodified is not a date.");
        await tx`select api.set_file_mtime(${item.id}, ${at.toISOString()}::timestamptz)`;
      }
      await tx`select api.dav_set_properties(
        file_id => ${item.kind === "file" ? item.id : null}, folder_id => ${item.kind === "folder" ? item.id : null},
        changes => ${JSON.stringify(dead.map((c) => ({ namespace: c.ns, name: c.name, value: c.value })))}::text::jsonb)`;
    }).catch((err) => {
      ok = false;
      throw err;
    });
  }
  let xml = `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:"><D:response><D:href>${esc(href(segs, item.kind === "folder"))}</D:href>`;
  const group = (list: typeof changes, code: string) =>
    list.length ? `<D:propstat><D:prop>${list.map((c) => propXml({ ns: c.ns, name: c.name }, null)).join("")}</D:prop><D:status>HTTP/1.1 ${code}</D:status></D:propstat>` : "";
  if (ok) xml += group(changes, "200 OK");
  else xml += group(refused, "403 Forbidden") + group(changes.filter((c) => !refused.includes(c)), "424 Failed Dependency");
  xml += "</D:response></D:multistatus>";
  return new Response(xml, { status: 207, headers: { "content-type": "application/xml; charset=utf-8" } });
}
