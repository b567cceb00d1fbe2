// The search page's state as it lives in the address bar (so results can be
// shared, bookmarked and walked with Back), the RPC arguments it means, and
// the removable chips that show each active filter.
import type { SearchFilters } from '$lib/api/search';

export const TYPE_GROUPS = ['image', 'video', 'audio', 'document', 'spreadsheet', 'presentation', 'pdf', 'archive', 'code', 'other'];

/** Where to look: outside the trash (the default), only the trash, or both. */
export type Place = '' | 'trash' | 'anywhere';

export interface SearchState {
  q: string;
  type: string;
  modified: string;
  size: string;
  tags: string[];
  folder: string;
  place: Place;
}

export const EMPTY_SEARCH: SearchState = { q: '', type: '', modified: '', size: '', tags: [], folder: '', place: '' };

export const MODIFIED_PRESETS: Record<string, string> = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '365d': 'Last year',
};

export const SIZE_PRESETS: Record<string, string> = {
  small: 'Under 1 MB',
  medium: '1 MB to 100 MB',
  large: 'Over 100 MB',
};

export const PLACES: Record<Exclude<Place, ''>, string> = { trash: 'In the trash', anywhere: 'Anywhere, trash included' };

const TYPE_LABELS: Record<string, string> = { pdf: 'PDF' };

/** "image" -> "Image", "pdf" -> "PDF". */
export function typeGroupLabel(group: string): string {
  return TYPE_LABELS[group] ?? group.charAt(0).toUpperCase() + group.slice(1);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the state from `?q=&type=&modified=&size=&tag=…&folder=&in=`; unknown values are dropped. */
export function parseSearch(params: URLSearchParams): SearchState {
  const pick = (key: string, allowed: readonly string[]) => {
    const v = params.get(key) ?? '';
    return allowed.includes(v) ? v : '';
  };
  // `tag` may repeat; `tags=a,b` is the older comma form.
  const tags = [...params.getAll('tag'), ...(params.get('tags') ?? '').split(',')].map((t) => t.trim()).filter(Boolean);
  const folder = params.get('folder') ?? '';
  return {
    q: params.get('q') ?? '',
    type: pick('type', TYPE_GROUPS),
    modified: pick('modified', Object.keys(MODIFIED_PRESETS)),
    size: pick('size', Object.keys(SIZE_PRESETS)),
    tags: [...new Set(tags)],
    folder: UUID.test(folder) ? folder : '',
    place: pick('in', Object.keys(PLACES)) as Place,
  };
}

/** The address of the search page for a state (`/search` alone when nothing is set). */
export function searchHref(state: Partial<SearchState>): string {
  const s = { ...EMPTY_SEARCH, ...state };
  const params = new URLSearchParams();
  if (s.q.trim()) params.set('q', s.q.trim());
  if (s.type) params.set('type', s.type);
  if (s.modified) params.set('modified', s.modified);
  if (s.size) params.set('size', s.size);
  for (const t of s.tags) params.append('tag', t);
  if (s.folder) params.set('folder', s.folder);
  if (s.place) params.set('in', s.place);
  const qs = params.toString();
  return qs ? `/search?${qs}` : '/search';
}

/** Is there anything to search for (words or any filter)? */
export function hasSearch(s: SearchState): boolean {
  return Boolean(s.q.trim() || s.type || s.modified || s.size || s.tags.length || s.folder || s.place);
}

/** The arguments of rpc/search_files for a state, dates relative to `now`. */
export function searchArgs(s: SearchState, now = new Date()): SearchFilters {
  const [size_min, size_max] = sizeRange(s.size);
  return {
    q: s.q.trim(),
    type_group: s.type || null,
    modified_from: modifiedSince(s.modified, now),
    size_min,
    size_max,
    tags: s.tags.length ? s.tags : null,
    folder_id: s.folder || null,
    trashed: s.place === 'trash' ? true : s.place === 'anywhere' ? null : false,
  };
}

/** An active filter as a chip: what it says and the state without it. */
export interface FilterChip {
  key: string;
  label: string;
  without: SearchState;
}

/** One chip per active filter (the words are the search box's, not a chip). */
export function filterChips(s: SearchState, names: { folder?: string } = {}): FilterChip[] {
  const chips: FilterChip[] = [];
  if (s.type) chips.push({ key: 'type', label: `Type: ${typeGroupLabel(s.type)}`, without: { ...s, type: '' } });
  if (s.modified) chips.push({ key: 'modified', label: `Modified: ${MODIFIED_PRESETS[s.modified]}`, without: { ...s, modified: '' } });
  if (s.size) chips.push({ key: 'size', label: `Size: ${SIZE_PRESETS[s.size]}`, without: { ...s, size: '' } });
  for (const t of s.tags) chips.push({ key: `tag:${t}`, label: `Tag: ${t}`, without: { ...s, tags: s.tags.filter((x) => x !== t) } });
  if (s.folder) chips.push({ key: 'folder', label: `In: ${names.folder ?? 'a folder'}`, without: { ...s, folder: '' } });
  if (s.place) chips.push({ key: 'place', label: PLACES[s.place], without: { ...s, place: '' } });
  return chips;
}

/** The state with every filter cleared but the words kept. */
export function withoutFilters(s: SearchState): SearchState {
  return { ...EMPTY_SEARCH, q: s.q };
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
