// Search as you type: waits for a pause in typing, cancels the request a
// newer one replaces, and never lets an older answer overwrite a newer one
// (answers can arrive out of order; each run has a number and only the
// latest may write). Also pages on with the API's cursor.
import type { SearchFilters, SearchItem, SearchPage } from '$lib/api/search';
import { isAbort, messageOf } from '$lib/api/errors';

/** A search call that stops when `signal` aborts. */
export type SearchFn = (filters: SearchFilters, signal: AbortSignal) => Promise<SearchPage>;

export const SEARCH_DELAY_MS = 200;

export class LiveSearch {
  items = $state<SearchItem[]>([]);
  total = $state(0);
  totalIsExact = $state(true);
  nextCursor = $state<string | null>(null);
  /** idle: nothing asked; loading: the first page is on its way; done; error. */
  status = $state<'idle' | 'loading' | 'done' | 'error'>('idle');
  loadingMore = $state(false);
  error = $state<string | null>(null);
  /** The filters of the results shown (null when idle). */
  shown = $state<SearchFilters | null>(null);

  // Not reactive on purpose: effects that call run() must not depend on them.
  #run = 0;
  #controller: AbortController | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #search: SearchFn;
  #delay: number;

  constructor(search: SearchFn, opts: { delay?: number } = {}) {
    this.#search = search;
    this.#delay = opts.delay ?? SEARCH_DELAY_MS;
  }

  /** Searches once typing pauses; null clears. A newer call replaces this one. */
  schedule(filters: SearchFilters | null): void {
    this.#clearTimer();
    if (filters === null) {
      this.clear();
      return;
    }
    // Whatever is in flight is already stale: stop it now, not after the pause.
    this.#abort();
    this.#run++;
    this.status = 'loading';
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run(filters);
    }, this.#delay);
  }

  /** Searches now, cancelling any pending or in-flight search; null clears. */
  async run(filters: SearchFilters | null): Promise<void> {
    this.#clearTimer();
    this.#abort();
    const run = ++this.#run;
    if (filters === null) {
      this.clear();
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'loading';
    this.error = null;
    try {
      const page = await this.#search({ ...filters, after: null }, controller.signal);
      if (run !== this.#run) return;
      this.items = page.items;
      this.total = page.total;
      this.totalIsExact = page.total_is_exact;
      this.nextCursor = page.next_cursor;
      this.shown = filters;
      this.status = 'done';
    } catch (err) {
      if (run !== this.#run || isAbort(err)) return;
      this.error = messageOf(err);
      this.status = 'error';
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Appends the next page of the results shown; a new search cancels it. */
  async loadMore(): Promise<void> {
    const filters = this.shown;
    const after = this.nextCursor;
    if (!filters || !after || this.loadingMore || this.status !== 'done') return;
    const run = this.#run;
    const controller = new AbortController();
    this.#controller = controller;
    this.loadingMore = true;
    try {
      const page = await this.#search({ ...filters, after }, controller.signal);
      if (run !== this.#run) return;
      const seen = new Set(this.items.map((i) => i.id));
      this.items = [...this.items, ...page.items.filter((i) => !seen.has(i.id))];
      this.nextCursor = page.next_cursor;
    } catch (err) {
      if (run !== this.#run || isAbort(err)) return;
      this.error = messageOf(err);
    } finally {
      if (run === this.#run) this.loadingMore = false;
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Forgets the results and cancels anything pending. */
  clear(): void {
    this.#clearTimer();
    this.#abort();
    this.#run++;
    this.items = [];
    this.total = 0;
    this.totalIsExact = true;
    this.nextCursor = null;
    this.status = 'idle';
    this.loadingMore = false;
    this.error = null;
    this.shown = null;
  }

  #abort(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.loadingMore = false;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
