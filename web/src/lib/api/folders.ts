// Folders: listing, the path to the root, and the folder RPCs.
import { supabase } from './client';
import { unwrap } from './errors';
import { counted, everyRow } from './every-row';
import { folderArg, type FolderRow } from './types';

/** Live (not trashed) folders directly inside `parentId` (null = root). */
export function listFolders(parentId: string | null): Promise<FolderRow[]> {
  return everyRow<FolderRow>((from, to, first) => {
    const q = supabase.from('folders').select('*', counted(first)).is('trashed_at', null);
    return (parentId ? q.eq('parent_id', parentId) : q.is('parent_id', null)).order('name').order('id').range(from, to);
  });
}

/** Every live folder of the user (for the move picker). */
export function listAllFolders(): Promise<FolderRow[]> {
  return everyRow<FolderRow>((from, to, first) =>
    supabase.from('folders').select('*', counted(first)).is('trashed_at', null).order('name').order('id').range(from, to));
}

export async function getFolder(id: string): Promise<FolderRow | null> {
  const rows = unwrap(await supabase.from('folders').select('*').eq('id', id).limit(1)) ?? [];
  return rows[0] ?? null;
}

/** Folders from the root down to `folderId` (for breadcrumbs). */
export async function folderPath(folderId: string): Promise<FolderRow[]> {
  return unwrap(await supabase.rpc('folder_path', { folder_id: folderId })) ?? [];
}

/** PostgREST answers a one-row function with the row; take it from an array all the same. */
const first = <T>(data: T | T[]): T => (Array.isArray(data) ? (data[0] as T) : data);

/** Creates a folder inside `parentId` (null = the root). */
export async function createFolder(name: string, parentId: string | null): Promise<FolderRow> {
  return first(unwrap(await supabase.rpc('create_folder', { name, parent_id: folderArg(parentId) })));
}
export async function renameFolder(id: string, name: string): Promise<FolderRow> {
  return first(unwrap(await supabase.rpc('rename_folder', { folder_id: id, name })));
}
/** Moves a folder into `parentId` (null = the root). */
export async function moveFolder(id: string, parentId: string | null): Promise<FolderRow> {
  return first(unwrap(await supabase.rpc('move_folder', { folder_id: id, parent_id: folderArg(parentId) })));
}
export async function trashFolder(id: string): Promise<void> {
  unwrap(await supabase.rpc('trash_folder', { folder_id: id }));
}
export async function restoreFolder(id: string): Promise<void> {
  unwrap(await supabase.rpc('restore_folder', { folder_id: id }));
}
export async function purgeFolder(id: string): Promise<void> {
  unwrap(await supabase.rpc('purge_folder', { folder_id: id }));
}

/** Folders in the trash (only the top of each trashed tree is worth showing, the API marks all). */
export function listTrashedFolders(): Promise<FolderRow[]> {
  return everyRow<FolderRow>((from, to, first) =>
    supabase.from('folders').select('*', counted(first)).not('trashed_at', 'is', null)
      .order('trashed_at', { ascending: false }).order('id').range(from, to));
}

/** Finds a live child folder by name (case-insensitive) or creates it. */
export async function ensureFolder(name: string, parentId: string | null): Promise<FolderRow> {
  const existing = (await listFolders(parentId)).find((f) => f.name.toLowerCase() === name.toLowerCase());
  return existing ?? createFolder(name, parentId);
}

/** The names of folders by id (those the caller may read), for showing where trashed items came from. */
export async function folderNames(ids: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(ids)];
  const names: Record<string, string> = {};
  // A few hundred ids per request keep the address short.
  for (let i = 0; i < unique.length; i += 200) {
    const rows = unwrap(await supabase.from('folders').select('id, name').in('id', unique.slice(i, i + 200))) ?? [];
    for (const r of rows as { id: string; name: string }[]) names[r.id] = r.name;
  }
  return names;
}
