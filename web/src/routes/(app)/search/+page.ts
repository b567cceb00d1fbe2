// The search page's filters, read from the address (the source of truth:
// results can be shared, bookmarked and walked with Back). The page runs the
// search itself, so a newer search can cancel an older one in flight.
import { parseSearch } from '$lib/utils/search-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => ({ filters: parseSearch(url.searchParams) });
