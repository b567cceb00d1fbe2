/**
 * DAV paths: a request's path as the drive's names (percent-decoded, NFC as
 * the drive stores them, no `.` or `..` or slashes hidden in a segment), and
 * the drive's items as hrefs. A folder-limited token's root is its folder.
 * Lookups read the api views as the caller, so RLS decides what exists.
 * What others share with the caller sits under /Shared with me/ (shared.ts).
 */
import type { Caller, Tx } from "../_shared/db.ts";
import { config } from "../_shared/config.ts";
import { HttpError } from "../_shared/http.ts";
import { findShared, isSharedCollection, SHARED, sharedCollection, sharedEntries } from "./shared.ts";

let mounted: { url: string; prefix: string } | null = null;

/** Where the function is mounted, as clients see it (hosted Supabase and the gateway strip it); kept per URL, as every href asks. */
export function mountPrefix(): string {
  const url = config().supabaseUrl;
  if (mounted?.url !== url) mounted = { url, prefix: new URL(url).pathname.replace(/\/$/, "") + "/functions/v1/webdav" };
  return mounted.prefix;
}

/** The drive names of a path below /webdav (from the function's own URL, or a Destination's). */
export function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, "PT400", "The path is not valid percent-encoding.");
    }
    if (seg === "." || seg === ".." || /[\/\\\0]/.test(seg)) {
      throw new HttpError(403, "42501", "A path may not climb out of your drive.");
    }
    out.push(seg.normalize("NFC"));
  }
  return out;
}

/** The segments a request names (its URL below /webdav/). */
export function requestSegments(req: Request): string[] {
  const path = new URL(req.url).pathname;
  const m = /^\/webdav(\/.*)?$/.exec(path);
  if (!m) throw new HttpError(404, "PGRST404", "Not found.");
  return segmentsOf(m[1] ?? "/");
}

/**
 * The segments a Destination header names, only inside this mount: another
 * host, another mount or any other path is refused (502, as RFC 4918 says
 * for a destination on another server; 403 for anything else).
 */
export function destinationSegments(req: Request): string[] {
  const raw = req.headers.get("destination");
  if (!raw) throw new HttpError(400, "PT400", "A Destination header is required.");
  let url: URL;
  try {
    url = new URL(raw, req.url);
  } catch {
    throw new HttpError(400, "PT400", "The Destination header is not a URL.");
  }
  const host = req.headers.get("host");
  if (host && url.host !== host && url.host !== new URL(req.url).host) {
    throw new HttpError(502, "PT502", "The destination is on another server.");
  }
  for (const prefix of [mountPrefix(), "/webdav"]) {
    if (url.pathname === prefix || url.pathname.startsWith(prefix + "/")) {
      return segmentsOf(url.pathname.slice(prefix.length));
    }
  }
  throw new HttpError(403, "42501", "The destination is outside your drive.");
}

/** A path as SQL's lock functions take it ('/a/b'); SQL folds it into a lock key (app.dav_path_key). */
export function pathKey(segs: string[]): string {
  return "/" + segs.join("/");
}

/** The href of a path: collections end in '/'. */
export function href(segs: string[], collection: boolean): string {
  const tail = segs.map((s) => encodeURIComponent(s)).join("/");
  return mountPrefix() + "/" + tail + (collection && tail ? "/" : "");
}

export interface FolderItem {
  kind: "folder";
  /** null: the root of the drive ("own"), or the Shared with me collection ("shared"). */
  id: string | null;
  name: string;
  created_at: Date | null;
  updated_at: Date | null;
  /** "own": in the caller's drive; "shared": Shared with me and what others share in it. */
  place: "own" | "shared";
}

export interface FileItem {
  kind: "file";
  id: string;
  folder_id: string | null;
  name: string;
  size: number;
  mime_type: string;
  sha256: string | null;
  created_at: Date;
  updated_at: Date;
  modified_at: Date | null;
}

export type Item = FolderItem | FileItem;

/** The root the caller sees: their token's folder, or the drive's root. */
export function rootId(caller: Caller): string | null {
  const f = caller.claims.folder_id;
  return typeof f === "string" && f !== "" ? f : null;
}

/** Names as the drive compares them in a folder: case-insensitively. */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const FILE_COLUMNS =
  `f.id, f.folder_id, f.name, f.size::float8 as size, f.mime_type, f.sha256, f.created_at, f.updated_at, m.modified_at`;

/** The live folder of that name in a folder, or null (api.folders holds the folders under shared ones too). */
async function childFolder(tx: Tx, parent: FolderItem, name: string): Promise<FolderItem | null> {
  const rows = parent.id === null
    ? await tx`select id, name, created_at, updated_at from api.folders
               where parent_id is null and lower(name) = lower(${name}) and trashed_at is null limit 1`
    : await tx`select id, name, created_at, updated_at from api.folders
               where parent_id = ${parent.id} and lower(name) = lower(${name}) and trashed_at is null limit 1`;
  return rows[0] ? { kind: "folder", place: parent.place, ...(rows[0] as Omit<FolderItem, "kind" | "place">) } : null;
}

/** The live file of that name in a folder, or null: the caller's own from files, others' from shared_folder_files. */
async function childFile(tx: Tx, parent: FolderItem, name: string): Promise<FileItem | null> {
  const from = "left join api.file_mtimes m on m.file_id = f.id where lower(f.name) = lower($1) and f.trashed_at is null";
  const rows = parent.place === "shared"
    ? await tx.unsafe(`select ${FILE_COLUMNS} from api.shared_folder_files($2) f ${from} limit 1`, [name, parent.id])
    : parent.id === null
    ? await tx.unsafe(`select ${FILE_COLUMNS} from api.files f ${from} and f.folder_id is null limit 1`, [name])
    : await tx.unsafe(`select ${FILE_COLUMNS} from api.files f ${from} and f.folder_id = $2 limit 1`, [name, parent.id]);
  return rows[0] ? { kind: "file", ...(rows[0] as unknown as Omit<FileItem, "kind">) } : null;
}

/** The root folder item. */
export async function rootItem(tx: Tx, caller: Caller): Promise<FolderItem> {
  const id = rootId(caller);
  if (id === null) return { kind: "folder", id: null, name: "", created_at: null, updated_at: null, place: "own" };
  const [row] = await tx`select id, name, created_at, updated_at from api.folders where id = ${id} and trashed_at is null`;
  if (!row) throw new HttpError(404, "PT404", "The folder of this access token is gone.");
  return { kind: "folder", place: "own", ...(row as Omit<FolderItem, "kind" | "place">) };
}

/** The item of that name in a folder (folders win over files of the same name), or null. */
async function child(tx: Tx, caller: Caller, parent: FolderItem, name: string): Promise<Item | null> {
  if (isSharedCollection(parent)) return findShared(await sharedEntries(tx), name);
  if (parent.place === "own" && parent.id === null && rootId(caller) === null && sameName(name, SHARED)) {
    return sharedCollection();
  }
  return (await childFolder(tx, parent, name)) ?? (await childFile(tx, parent, name));
}

/** The folder a path's parent names, or null when some folder on the way is missing. */
export async function resolveParent(tx: Tx, caller: Caller, segs: string[]): Promise<FolderItem | null> {
  let folder: FolderItem = await rootItem(tx, caller);
  for (const seg of segs.slice(0, -1)) {
    const next = await child(tx, caller, folder, seg);
    if (next?.kind !== "folder") return null;
    folder = next;
  }
  return folder;
}

/** The item a path names, or null. */
export async function resolve(tx: Tx, caller: Caller, segs: string[]): Promise<Item | null> {
  if (segs.length === 0) return await rootItem(tx, caller);
  const parent = await resolveParent(tx, caller, segs);
  if (!parent) return null;
  return await child(tx, caller, parent, segs[segs.length - 1]);
}
