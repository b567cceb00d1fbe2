// Every row of a listing, however many. Hosted Supabase answers a request
// with at most its "Max rows" setting (1000 by default) and leaves the rest
// out without an error; the gateway does the same with PGRST_DB_MAX_ROWS. So
// a listing asks for all of its rows and their exact count at once, and when
// fewer come, for the other ranges, whatever the cap.
import { unwrap } from './errors';

/**
 * The end of the first range: every row. Without a cap, one request reads the
 * listing (a 20,000-file folder: 240 ms, where ranges of 1000 took 740 ms).
 */
const ALL = 999_999_999;
/** Ranges asked for at once after the first. */
const AT_ONCE = 4;

/** The select options of a page: the exact count with the first one. */
export const counted = (first: boolean): { count: 'exact' } | undefined => (first ? { count: 'exact' } : undefined);

/** What one page of a supabase-js query answers. */
export interface PageResult<T> {
  data: T[] | null;
  error: unknown;
  count?: number | null;
  status?: number;
}

/**
 * The rows `page(from, to, first)` answers, range after range. `page` builds
 * a fresh query each time, ordered by a unique key (so that ranges do not
 * overlap), with `.range(from, to)`, and `{ count: 'exact' }` in its select
 * when `first`. The first asks for every row; when the server's cap leaves
 * some out, the others are asked for a few at a time, each as long as the
 * first (the cap).
 * Rows deleted meanwhile leave a range short; rows added after the count wait
 * for the next listing.
 */
export async function everyRow<T>(page: (from: number, to: number, first: boolean) => PromiseLike<PageResult<T>>): Promise<T[]> {
  const first = await page(0, ALL, true);
  const rows = unwrap(first) ?? [];
  const total = first.count ?? rows.length;
  const size = rows.length;
  if (size === 0 || size >= total) return rows;
  const starts = Array.from({ length: Math.ceil((total - size) / size) }, (_, i) => size * (i + 1));
  const pages: T[][] = [];
  let next = 0;
  const reader = async () => {
    while (next < starts.length) {
      const i = next++;
      pages[i] = unwrap(await page(starts[i], starts[i] + size - 1, false)) ?? [];
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, starts.length) }, reader));
  return rows.concat(...pages);
}
