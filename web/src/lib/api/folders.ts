// Folders: listing, the path to the root, and the folder RPCs.
import { supabase } from './client';
import { unwrap } from './errors';
import { counted, everyRow } from './every-row';
import type { FolderRow } from './types';

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

/** One RPC returning a row (PostgREST may answer an object or a one-row array). */
async function one<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const data = unwrap(await supabase.rpc(name, args)) as T | T[];
  return Array.isArray(data) ? (data[0] as T) : data;
}

export const createFolder = (name: string, parentId: string | null) =>
  one<FolderRow>('create_folder', { name, parent_id: parentId });
export const renameFolder = (id: string, name: string) => one<FolderRow>('rename_folder', { folder_id: id, name });
export const moveFolder = (id: string, parentId: string | null) =>
  one<FolderRow>('move_folder', { folder_id: id, parent_id: parentId });
export const trashFolder = (id: string) => one<unknown>('trash_folder', { folder_id: id });
export const restoreFolder = (id: string) => one<unknown>('restore_folder', { folder_id: id });
export const purgeFolder = (id: string) => one<unknown>('purge_folder', { folder_id: id });

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
