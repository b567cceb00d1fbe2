import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveSearch, type SearchFn } from './live-search.svelte';
import { ApiError } from '$lib/api/errors';
import type { SearchFilters, SearchItem, SearchPage } from '$lib/api/search';

const item = (id: string, name = id): SearchItem => ({
  id, name, folder_id: null, folder_path: [], mime_type: 'text/plain', type_group: 'document', size: 1, description: null,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', trashed_at: null, tags: [], highlight: [],
});
const page = (ids: string[], next: string | null = null): SearchPage => ({
  items: ids.map((id) => item(id)), total: ids.length, total_is_exact: true, next_cursor: next,
});

/** A search whose every call waits until the test answers it. */
function controllable() {
  const calls: { filters: SearchFilters; signal: AbortSignal; resolve: (p: SearchPage) => void; reject: (e: unknown) => void }[] = [];
  const search: SearchFn = (filters, signal) =>
    new Promise<SearchPage>((resolve, reject) => {
      calls.push({ filters, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  return { search, calls };
}

const settle = () => new Promise<void>((r) => queueMicrotask(r)).then(() => Promise.resolve());

describe('LiveSearch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a pause in typing and asks once, with the last words', async () => {
    const { search, calls } = controllable();
    const live = new LiveSearch(search, { delay: 200 });
    for (const q of ['i', 'in', 'inv', 'invo']) {
      live.schedule({ q });
      vi.advanceTimersByTime(120);
    }
    expect(calls).toHaveLength(0);
    expect(live.status).toBe('loading');
    vi.advanceTimersByTime(199 - 120);
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(calls).toHaveLength(1);
    expect(calls[0].filters.q).toBe('invo');
    calls[0].resolve(page(['a', 'b']));
    await vi.runAllTimersAsync();
    expect(live.status).toBe('done');
    expect(live.items.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('aborts the request in flight as soon as the words change', async () => {
    const { search, calls } = controllable();
    const live = new LiveSearch(search, { delay: 200 });
    live.schedule({ q: 'rep' });
    vi.advanceTimersByTime(200);
    expect(calls).toHaveLength(1);
    live.schedule({ q: 'repo' });
    expect(calls[0].signal.aborted).toBe(true);
    vi.advanceTimersByTime(200);
    expect(calls).toHaveLength(2);
    expect(calls[1].signal.aborted).toBe(false);
    calls[1].resolve(page(['report']));
    await vi.runAllTimersAsync();
    expect(live.items.map((i) => i.id)).toEqual(['report']);
    expect(live.error).toBeNull();
  });

  it('never lets an older answer overwrite a newer one, even if the server ignores the abort', async () => {
    const calls: { resolve: (p: SearchPage) => void }[] = [];
    // A transport that cannot cancel: both answers arrive, the older one last.
    const search: SearchFn = () => new Promise<SearchPage>((resolve) => calls.push({ resolve }));
    const live = new LiveSearch(search, { delay: 0 });
    void live.run({ q: 'old' });
    void live.run({ q: 'new' });
    calls[1].resolve(page(['new']));
    await settle();
    calls[0].resolve(page(['old']));
    await settle();
    expect(live.items.map((i) => i.id)).toEqual(['new']);
    expect(live.shown?.q).toBe('new');
  });

  it('clears without asking when there is nothing to search, cancelling what was pending', async () => {
    const { search, calls } = controllable();
    const live = new LiveSearch(search, { delay: 200 });
    live.schedule({ q: 'x' });
    live.schedule(null);
    vi.advanceTimersByTime(500);
    expect(calls).toHaveLength(0);
    expect(live.status).toBe('idle');
    expect(live.items).toEqual([]);
  });

  it('shows the API error in its own words, but not a cancellation', async () => {
    const { search, calls } = controllable();
    const live = new LiveSearch(search, { delay: 0 });
    const first = live.run({ q: 'a' });
    void live.run({ q: 'b' });
    await first;
    expect(live.error).toBeNull();
    calls[1].reject(new ApiError(400, { message: 'page_size is 1 to 200.' }));
    await vi.runAllTimersAsync();
    expect(live.status).toBe('error');
    expect(live.error).toBe('page_size is 1 to 200.');
  });

  it('loads more with the cursor, and a new search cancels the loading', async () => {
    const { search, calls } = controllable();
    const live = new LiveSearch(search, { delay: 0 });
    const first = live.run({ q: 'notes', type_group: 'document' });
    calls[0].resolve(page(['a', 'b'], 'CURSOR1'));
    await first;
    expect(live.nextCursor).toBe('CURSOR1');

    const more = live.loadMore();
    expect(live.loadingMore).toBe(true);
    expect(calls[1].filters).toMatchObject({ q: 'notes', type_group: 'document', after: 'CURSOR1' });
    // An item already shown (a file added meanwhile shifts the page) is not repeated.
    calls[1].resolve(page(['b', 'c'], null));
    await more;
    expect(live.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(live.nextCursor).toBeNull();
    expect(live.loadingMore).toBe(false);

    const again = live.run({ q: 'notes' });
    calls[2].resolve(page(['a'], 'C2'));
    await again;
    const stale = live.loadMore();
    void live.run({ q: 'other' });
    expect(calls[3].signal.aborted).toBe(true);
    await stale;
    calls[4].resolve(page(['z']));
    await vi.runAllTimersAsync();
    expect(live.items.map((i) => i.id)).toEqual(['z']);
    expect(live.loadingMore).toBe(false);
  });
});
