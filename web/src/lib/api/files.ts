// Files: listing, versions, download URLs and the file RPCs.
import { functionUrl, supabase, authHeaders } from './client';
import { errorFromResponse, unwrap } from './errors';
import { counted, everyRow } from './every-row';
import { folderArg, toNumber, type FileRow, type RpcArgs, type VersionRow } from './types';

const fix = (r: FileRow): FileRow => ({ ...r, size: toNumber(r.size) });

/** Live files directly inside `folderId` (null = root), every one of them. */
export async function listFiles(folderId: string | null): Promise<FileRow[]> {
  const rows = await everyRow<FileRow>((from, to, first) => {
    const q = supabase.from('files').select('*', counted(first)).is('trashed_at', null);
    return (folderId ? q.eq('folder_id', folderId) : q.is('folder_id', null)).order('name').order('id').range(from, to);
  });
  return rows.map(fix);
}

/**
 * Live files directly inside a folder shared with me, every one of them
 * (rpc/shared_folder_files: rows of `files`, ordered and ranged the same way;
 * a function of its own so the owner's `files` keeps its index-ordered plan).
 */
export async function listSharedFiles(folderId: string): Promise<FileRow[]> {
  const rows = await everyRow<FileRow>((from, to, first) =>
    supabase.rpc('shared_folder_files', { folder_id: folderId }, counted(first)).select('*').order('name').order('id').range(from, to));
  return rows.map(fix);
}

export async function getFile(id: string): Promise<FileRow | null> {
  const rows = unwrap(await supabase.from('files').select('*').eq('id', id).limit(1)) ?? [];
  return rows[0] ? fix(rows[0]) : null;
}

/** The live file called `name` in a folder (names are unique there, case-insensitively). */
export async function findLiveFile(folderId: string | null, name: string): Promise<FileRow | null> {
  const wanted = name.toLowerCase();
  return (await listFiles(folderId)).find((f) => f.name.toLowerCase() === wanted) ?? null;
}

export async function listTrashedFiles(): Promise<FileRow[]> {
  const rows = await everyRow<FileRow>((from, to, first) =>
    supabase.from('files').select('*', counted(first)).not('trashed_at', 'is', null)
      .order('trashed_at', { ascending: false }).order('id').range(from, to));
  return rows.map(fix);
}

/** Versions of a file, newest first. */
export async function listVersions(fileId: string): Promise<VersionRow[]> {
  const rows = await everyRow<VersionRow>((from, to, first) =>
    supabase.from('file_versions').select('*', counted(first)).eq('file_id', fileId)
      .order('version', { ascending: false }).range(from, to));
  return rows.map((v) => ({ ...v, size: toNumber(v.size) }));
}

/** PostgREST answers a one-row function with the row; take it from an array all the same. */
const first = <T>(data: T | T[]): T => (Array.isArray(data) ? (data[0] as T) : data);

export async function renameFile(id: string, name: string): Promise<FileRow> {
  return fix(first(unwrap(await supabase.rpc('rename_file', { file_id: id, name }))));
}
/** Moves a file into `folderId` (null = the root). */
export async function moveFile(id: string, folderId: string | null): Promise<FileRow> {
  return fix(first(unwrap(await supabase.rpc('move_file', { file_id: id, folder_id: folderArg(folderId) }))));
}
/** Copies a file into `folderId` (null = the root), as `name` or the API's "name (copy)". */
export async function copyFile(id: string, folderId: string | null, name?: string): Promise<FileRow> {
  const args = { file_id: id, folder_id: folderArg(folderId), ...(name ? { name } : {}) };
  return fix(first(unwrap(await supabase.rpc('copy_file', args))));
}
export async function trashFile(id: string): Promise<void> {
  unwrap(await supabase.rpc('trash_file', { file_id: id }));
}
export async function restoreFile(id: string): Promise<void> {
  unwrap(await supabase.rpc('restore_file', { file_id: id }));
}
export async function purgeFile(id: string): Promise<void> {
  unwrap(await supabase.rpc('purge_file', { file_id: id }));
}
/** Deletes everything in the trash for good; answers how many files went. */
export async function emptyTrash(): Promise<number> {
  return unwrap(await supabase.rpc('empty_trash'));
}
export async function restoreVersion(versionId: string): Promise<FileRow> {
  return fix(first(unwrap(await supabase.rpc('restore_version', { version_id: versionId }))));
}
/** Sets a file's description (null clears it) or visibility. */
export async function updateFile(id: string, fields: { description?: string | null; visibility?: 'private' | 'public' }): Promise<FileRow> {
  // A null description clears it; the generated Args type it as a string.
  const args = { file_id: id, ...fields } as RpcArgs<'update_file'>;
  return fix(first(unwrap(await supabase.rpc('update_file', args))));
}

/** A short-lived URL that streams the file's bytes (a version's, when given). */
export async function downloadUrl(
  fileId: string,
  opts: { versionId?: string; disposition?: 'attachment' | 'inline' } = {},
): Promise<string> {
  const res = await fetch(functionUrl('files/download-url'), {
    method: 'POST',
    headers: { ...(await authHeaders()), 'content-type': 'application/json' },
    body: JSON.stringify({ file_id: fileId, version_id: opts.versionId, disposition: opts.disposition ?? 'attachment' }),
  });
  if (!res.ok) throw await errorFromResponse(res);
  const { url } = (await res.json()) as { url: string };
  return new URL(url, functionUrl('files/')).toString();
}

/** Lets the browser download a URL itself (the response's Content-Disposition names the file). */
function saveUrl(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Starts a browser download of a file. */
export async function downloadFile(fileId: string, versionId?: string): Promise<void> {
  saveUrl(await downloadUrl(fileId, { versionId, disposition: 'attachment' }));
}

/** What a zip download holds: its file name, how many entries and its exact size in bytes. */
export interface ZipDownload {
  name: string;
  entries: number;
  size: number;
}

/**
 * Starts a browser download of files and folders (folders with everything in
 * them) as one zip: the function answers a short-lived signed URL, which the
 * browser fetches natively, streaming to disk with its own progress.
 */
export async function downloadZip(fileIds: string[], folderIds: string[]): Promise<ZipDownload> {
  const res = await fetch(functionUrl('files/zip'), {
    method: 'POST',
    headers: { ...(await authHeaders()), 'content-type': 'application/json' },
    body: JSON.stringify({ file_ids: fileIds, folder_ids: folderIds }),
  });
  if (!res.ok) throw await errorFromResponse(res);
  const zip = (await res.json()) as ZipDownload & { url: string };
  saveUrl(new URL(zip.url, functionUrl('files/')).toString());
  return { name: zip.name, entries: zip.entries, size: zip.size };
}

/** A name about to be uploaded that a live file of the folder already has, and the name "keep both" uses. */
export interface NameConflict {
  name: string;
  free_name: string;
}

/** Which of `names` are taken in `folderId` (null: the root), each with its free name (the API's rule). */
export async function uploadNameConflicts(folderId: string | null, names: string[]): Promise<NameConflict[]> {
  if (!names.length) return [];
  return (unwrap(await supabase.rpc('upload_name_conflicts', { folder_id: folderArg(folderId), names })) ?? []) as NameConflict[];
}
