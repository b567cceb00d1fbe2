// Row types of the API's views (see briefs' files contract and api.* views).

export interface FileRow {
  id: string;
  owner_id: string;
  folder_id: string | null;
  name: string;
  mime_type: string;
  size: number;
  sha256: string | null;
  visibility: 'private' | 'public';
  description: string | null;
  current_version_id: string | null;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
}

export interface FolderRow {
  id: string;
  owner_id: string;
  parent_id: string | null;
  name: string;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
}

export interface VersionRow {
  id: string;
  file_id: string;
  version: number;
  size: number;
  sha256: string;
  mime_type: string;
  created_by: string | null;
  created_at: string;
}

export interface StorageUsage {
  used: number;
  reserved: number;
  quota: number;
}

/** A folder or a file as the drive lists it. */
export type DriveItem = (FolderRow & { kind: 'folder'; size?: null; mime_type?: null }) | (FileRow & { kind: 'file' });

/** bigint columns may arrive as strings; make them numbers. */
export function toNumber(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) ? n : 0;
}

export function asFile(row: FileRow): DriveItem {
  return { ...row, size: toNumber(row.size), kind: 'file' };
}

export function asFolder(row: FolderRow): DriveItem {
  return { ...row, kind: 'folder' };
}
