/**
 * A folder's children a page at a time, keyset-ordered by name and id:
 * folders from api.folders (which holds the folders under shared ones too),
 * files from api.files for the caller's own folders and from
 * api.shared_folder_files for others'. At the top of an unlimited drive an
 * own item named "Shared with me" is left out: that name is the collection
 * of shares there (shared.ts).
 */
import type { Caller, Tx } from "../_shared/db.ts";
import { FILE_COLUMNS, type FileItem, type FolderItem, rootId } from "./paths.ts";
import { SHARED } from "./shared.ts";

export type After = [name: string, id: string] | null;

const START = ["", "00000000-0000-0000-0000-000000000000"];

/** Whether the folder is the top of a drive where the Shared with me collection sits. */
const holdsShared = (caller: Caller, folder: FolderItem) => folder.place === "own" && folder.id === null && rootId(caller) === null;

export async function folderPage(tx: Tx, caller: Caller, folder: FolderItem, after: After, limit: number): Promise<FolderItem[]> {
  const [an, ai] = after ?? START;
  const rows = await tx.unsafe(
    `select id, name, created_at, updated_at from api.folders
     where ${folder.id === null ? "parent_id is null" : "parent_id = $5"} and trashed_at is null and (name, id) > ($1, $2::uuid)
       and ($4::text is null or lower(name) <> lower($4))
     order by name, id limit $3`,
    [an, ai, limit, holdsShared(caller, folder) ? SHARED : null, ...(folder.id === null ? [] : [folder.id])],
  );
  return rows.map((r) => ({ kind: "folder", place: folder.place, ...(r as unknown as Omit<FolderItem, "kind" | "place">) }));
}

export async function filePage(tx: Tx, caller: Caller, folder: FolderItem, after: After, limit: number): Promise<FileItem[]> {
  const [an, ai] = after ?? START;
  const source = folder.place === "shared" ? "api.shared_folder_files($5) f" : "api.files f";
  const rows = await tx.unsafe(
    `select ${FILE_COLUMNS}
     from ${source} left join api.file_mtimes m on m.file_id = f.id
     where ${folder.id === null ? "f.folder_id is null" : "f.folder_id = $5"} and f.trashed_at is null and (f.name, f.id) > ($1, $2::uuid)
       and ($4::text is null or lower(f.name) <> lower($4))
     order by f.name, f.id limit $3`,
    [an, ai, limit, holdsShared(caller, folder) ? SHARED : null, ...(folder.id === null ? [] : [folder.id])],
  );
  return rows.map((r) => ({ kind: "file", ...(r as unknown as Omit<FileItem, "kind">) }));
}
