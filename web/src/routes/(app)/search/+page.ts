// Search results for the filters in the address (?q=&type=&modified=&size=&tags=).
import { modifiedSince, searchFiles, sizeRange, type SearchPage } from '$lib/api/search';
import { ApiError } from '$lib/api/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const p = url.searchParams;
  const filters = {
    q: p.get('q') ?? '',
    type: p.get('type') ?? '',
    modified: p.get('modified') ?? '',
    size: p.get('size') ?? '',
    tags: p.get('tags') ?? '',
  };
  const active = Object.values(filters).some(Boolean);
  let results: SearchPage | null = null;
  let error: string | null = null;
  if (active) {
    const [size_min, size_max] = sizeRange(filters.size);
    try {
      results = await searchFiles({
        q: filters.q,
        type_group: filters.type || null,
        modified_from: modifiedSince(filters.modified),
        size_min,
        size_max,
        tags: filters.tags ? filters.tags.split(',').map((t) => t.trim()).filter(Boolean) : null,
      });
    } catch (err) {
      error = err instanceof ApiError ? err.message : 'Search failed';
    }
  }
  return { filters, results, error };
};
