// Search over the caller's files (rpc/search_files): words, type, date, size, tags.
import { supabase } from './client';
import { unwrap } from './errors';
import { toNumber, type RpcArgs } from './types';

export interface SearchFilters {
  q?: string;
  type_group?: string | null;
  modified_from?: string | null;
  modified_to?: string | null;
  size_min?: number | null;
  size_max?: number | null;
  tags?: string[] | null;
  folder_id?: string | null;
  include_subfolders?: boolean | null;
  /** false (the default): outside the trash; true: only the trash; null: both. */
  trashed?: boolean | null;
  after?: string | null;
  page_size?: number | null;
}

/** One result (rpc/search_files answers a JSON document: the generated types say only `Json`). */
export interface SearchItem {
  id: string;
  name: string;
  folder_id: string | null;
  /** The folders from the top of the drive down to the file's folder ([] at the top). */
  folder_path: { id: string; name: string }[];
  mime_type: string;
  type_group: string;
  size: number;
  description: string | null;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
  tags: { id: string; name: string }[];
  highlight: { start: number; length: number }[];
}

export interface SearchPage {
  items: SearchItem[];
  total: number;
  total_is_exact: boolean;
  next_cursor: string | null;
}

/**
 * One page of results; unset filters are left out so the API's defaults
 * apply. An aborted `signal` cancels the request (it then rejects with an
 * AbortError: see `isAbort` in ./errors).
 */
export async function searchFiles(filters: SearchFilters, signal?: AbortSignal): Promise<SearchPage> {
  const args: Record<string, unknown> = { q: filters.q ?? '' };
  for (const [k, v] of Object.entries(filters)) {
    if (k !== 'q' && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0) && (v !== null || k === 'trashed')) args[k] = v;
  }
  let call = supabase.rpc('search_files', args as RpcArgs<'search_files'>);
  if (signal) call = call.abortSignal(signal);
  const result = await call;
  // supabase-js turns an abort into an error result rather than a rejection.
  if (signal?.aborted) throw new DOMException('The search was replaced by a newer one.', 'AbortError');
  const page = unwrap(result) as unknown as SearchPage;
  return { ...page, items: (page.items ?? []).map((i) => ({ ...i, folder_path: i.folder_path ?? [], size: toNumber(i.size) })) };
}
