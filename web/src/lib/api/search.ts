// Search over the caller's files (rpc/search_files): words, type, date, size, tags.
import { supabase } from './client';
import { unwrap } from './errors';
import { toNumber } from './types';

export interface SearchFilters {
  q?: string;
  type_group?: string | null;
  modified_from?: string | null;
  modified_to?: string | null;
  size_min?: number | null;
  size_max?: number | null;
  tags?: string[] | null;
  after?: string | null;
}

export interface SearchItem {
  id: string;
  name: string;
  folder_id: string | null;
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

export const TYPE_GROUPS = ['image', 'video', 'audio', 'document', 'spreadsheet', 'presentation', 'pdf', 'archive', 'code', 'other'];

/** One page of results; unset filters are left out so the API's defaults apply. */
export async function searchFiles(filters: SearchFilters): Promise<SearchPage> {
  const args: Record<string, unknown> = { q: filters.q ?? '' };
  for (const [k, v] of Object.entries(filters)) {
    if (k !== 'q' && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) args[k] = v;
  }
  const page = unwrap(await supabase.rpc('search_files', args)) as SearchPage;
  return { ...page, items: (page.items ?? []).map((i) => ({ ...i, size: toNumber(i.size) })) };
}

/** Splits a name into plain and highlighted runs for rendering. */
export function highlightRuns(name: string, highlight: { start: number; length: number }[] = []): { text: string; hit: boolean }[] {
  const runs: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const h of [...highlight].sort((a, b) => a.start - b.start)) {
    if (h.start < at) continue;
    if (h.start > at) runs.push({ text: name.slice(at, h.start), hit: false });
    runs.push({ text: name.slice(h.start, h.start + h.length), hit: true });
    at = h.start + h.length;
  }
  if (at < name.length) runs.push({ text: name.slice(at), hit: false });
  return runs;
}

/** Date filter presets -> modified_from (ISO), relative to `now`. */
export function modifiedSince(preset: string, now = new Date()): string | null {
  const day = 86_400_000;
  switch (preset) {
    case 'today': {
      const d = new Date(now);
      d.setHours(0, 0, 0, 0);
      return d.toISOString();
    }
    case '7d': return new Date(now.getTime() - 7 * day).toISOString();
    case '30d': return new Date(now.getTime() - 30 * day).toISOString();
    case '365d': return new Date(now.getTime() - 365 * day).toISOString();
    default: return null;
  }
}

/** Size filter presets -> [min, max] bytes. */
export function sizeRange(preset: string): [number | null, number | null] {
  const MB = 1024 * 1024;
  switch (preset) {
    case 'small': return [null, MB - 1];
    case 'medium': return [MB, 100 * MB];
    case 'large': return [100 * MB + 1, null];
    default: return [null, null];
  }
}
