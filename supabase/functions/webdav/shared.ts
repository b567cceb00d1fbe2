/**
 * /Shared with me/: what others share with the caller, as a collection at
 * the top of the drive (for a token limited to a folder there is none: its
 * root is that folder). Its entries are the shared folders and files of
 * api.shared_with_me, in the order they were shared; two of the same name
 * (from different owners) are told apart as Finder and Nextcloud do,
 * "Team" and "Team (2)". Inside a shared folder everything is the drive's
 * own SQL as the caller: a viewer reads, an editor also writes, and ending
 * the share ends the path at once. The collection and its entries are not
 * anyone's drive: nothing is created, deleted, moved or renamed there
 * (assertChangeable), only inside a shared folder.
 */
import type { Caller, Tx } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
import { FILE_COLUMNS, type FileItem, type FolderItem, type Item, rootId, sameName } from "./paths.ts";

/** The collection's name at the top of the drive; an own item of the same name there is shadowed in WebDAV. */
export const SHARED = "Shared with me";

/** The Shared with me collection itself. */
export function sharedCollection(): FolderItem {
  return { kind: "folder", id: null, name: SHARED, created_at: null, updated_at: null, place: "shared" };
}

export const isSharedCollection = (item: Item | null) => item?.kind === "folder" && item.place === "shared" && item.id === null;

/** "memo.txt" → "memo (2).txt", "Team" → "Team (2)". */
function numbered(name: string, n: number, folder: boolean): string {
  const dot = folder ? -1 : name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** Everything shared with the caller, each under a name unique in the collection. */
export async function sharedEntries(tx: Tx): Promise<Item[]> {
  const rows = await tx.unsafe(
    `select w.folder_id as shared_folder_id, w.name as shared_name, w.created_at as shared_at, w.updated_at as shared_updated, ${FILE_COLUMNS}
     from api.shared_with_me w
     left join api.files_shared_with_me() f on f.id = w.file_id
     left join api.file_mtimes m on m.file_id = f.id
     where w.folder_id is not null or f.id is not null
     order by w.created_at, w.id`,
  );
  const taken = new Set<string>();
  const out: Item[] = [];
  for (const r of rows) {
    const folder = r.shared_folder_id !== null;
    let name = r.shared_name as string;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = numbered(r.shared_name, n, folder);
    taken.add(name.toLowerCase());
    out.push(folder
      ? { kind: "folder", id: r.shared_folder_id, name, created_at: r.shared_at, updated_at: r.shared_updated, place: "shared" }
      : {
        kind: "file", id: r.id, folder_id: r.folder_id, name, size: Number(r.size), mime_type: r.mime_type,
        sha256: r.sha256, created_at: r.created_at, updated_at: r.updated_at, modified_at: r.modified_at,
      } as FileItem);
  }
  return out;
}

/** The entry of that name in the collection, or null. */
export const findShared = (entries: Item[], name: string) => entries.find((e) => sameName(e.name, name)) ?? null;

/** Whether a path is the collection or one of its entries (rather than something inside a shared folder). */
function sharedTop(caller: Caller, segs: string[]): boolean {
  return rootId(caller) === null && segs.length >= 1 && segs.length <= 2 && sameName(segs[0], SHARED);
}

export const notChangeable = () =>
  new HttpError(403, "42501", `"${SHARED}" lists what others share with you: change things inside a shared folder, or ask its owner.`);

/** Refuses to create, delete, move, rename or overwrite the collection or its entries. */
export function assertChangeable(caller: Caller, segs: string[]): void {
  if (sharedTop(caller, segs)) throw notChangeable();
}
