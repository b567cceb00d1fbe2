// Every row of a listing, however many. Hosted Supabase answers a request
// with at most its "Max rows" setting (1000 by default) and leaves the rest
// out without an error; the gateway does the same with PGRST_DB_MAX_ROWS. So
// a listing asks for the exact count with its first page, then for the next
// ranges until it has them all, whatever the cap.
import { unwrap } from './errors';

/** Rows asked for at once; a server with a lower cap answers fewer, and the next range starts after them. */
const ASK = 1000;

/** The select options of a page: the exact count with the first one. */
export const counted = (first: boolean) => (first ? { count: 'exact' as const } : undefined);

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
 * when `first`.
 */
export async function everyRow<T>(page: (from: number, to: number, first: boolean) => PromiseLike<PageResult<T>>): Promise<T[]> {
  const first = await page(0, ASK - 1, true);
  const rows = [...(unwrap(first) ?? [])];
  const total = first.count ?? rows.length;
  while (rows.length < total) {
    const next = unwrap(await page(rows.length, rows.length + ASK - 1, false)) ?? [];
    // Fewer rows than counted (some deleted meanwhile): what is there is all there is.
    if (next.length === 0) break;
    rows.push(...next);
  }
  return rows;
}
