// Short names for the row types `supabase gen types` writes from the `api`
// schema (./database.types.ts; regenerate with `node scripts/gen-types.mjs`).
import type { Database } from './database.types';

type Api = Database['api'];
type Views = Api['Views'];
type Functions = Api['Functions'];

/** A file as api.files shows it. */
export type FileRow = Views['files']['Row'];
/** A folder as api.folders shows it. */
export type FolderRow = Views['folders']['Row'];
/** One version of a file (api.file_versions). */
export type VersionRow = Views['file_versions']['Row'];
/** A tag on a file, with the folder the file is in (api.file_tags). */
export type FileTagRow = Views['file_tags']['Row'];
/** A tag of the vocabulary with the number of files (outside the trash) carrying it (rpc/list_tags). */
export type TagRow = Functions['list_tags']['Returns'][number];
/** The arguments of an RPC of the `api` schema. */
export type RpcArgs<Name extends keyof Functions> = Functions[Name]['Args'];

/** The caller's storage account, in bytes (api.storage_usage, with its nulls made 0). */
export type StorageUsage = { [Column in keyof Views['storage_usage']['Row']]: number };

/** A folder or a file as the drive lists it. */
export type DriveItem = (FolderRow & { kind: 'folder'; size?: null; mime_type?: null }) | (FileRow & { kind: 'file' });

/**
 * A folder argument where null means the root. SQL takes null; the generated
 * `Args` cannot say so (they type every argument without a default as set).
 */
export const folderArg = (id: string | null): string => id as string;

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
