// Files: listing, versions, download URLs and the file RPCs.
import { functionUrl, supabase, authHeaders } from './client';
import { errorFromResponse, unwrap } from './errors';
import { counted, everyRow } from './every-row';
import { toNumber, type FileRow, type VersionRow } from './types';

const fix = (r: FileRow): FileRow => ({ ...r, size: toNumber(r.size) });

/** Live files directly inside `folderId` (null = root), every one of them. */
export async function listFiles(folderId: string | null): Promise<FileRow[]> {
  const rows = await everyRow<FileRow>((from, to, first) => {
    const q = supabase.from('files').select('*', counted(first)).is('trashed_at', null);
    return (folderId ? q.eq('folder_id', folderId) : q.is('folder_id', null)).order('name').order('id').range(from, to);
  });
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

async function one<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const data = unwrap(await supabase.rpc(name, args)) as T | T[];
  return Array.isArray(data) ? (data[0] as T) : data;
}

export const renameFile = (id: string, name: string) => one<FileRow>('rename_file', { file_id: id, name });
export const moveFile = (id: string, folderId: string | null) => one<FileRow>('move_file', { file_id: id, folder_id: folderId });
export const copyFile = (id: string, folderId: string | null, name?: string) =>
  one<FileRow>('copy_file', { file_id: id, folder_id: folderId, ...(name ? { name } : {}) });
export const trashFile = (id: string) => one<unknown>('trash_file', { file_id: id });
export const restoreFile = (id: string) => one<unknown>('restore_file', { file_id: id });
export const purgeFile = (id: string) => one<unknown>('purge_file', { file_id: id });
export const emptyTrash = () => one<unknown>('empty_trash', {});
export const restoreVersion = (versionId: string) => one<FileRow>('restore_version', { version_id: versionId });
export const updateFile = (id: string, fields: { description?: string | null; visibility?: 'private' | 'public' }) =>
  one<FileRow>('update_file', { file_id: id, ...fields });

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

/** Starts a browser download of a file (the response's Content-Disposition names it). */
export async function downloadFile(fileId: string, versionId?: string): Promise<void> {
  const url = await downloadUrl(fileId, { versionId, disposition: 'attachment' });
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}
