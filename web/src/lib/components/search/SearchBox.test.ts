// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import SearchBox from './SearchBox.svelte';
import FilterChips from './FilterChips.svelte';
import type { SearchFilters, SearchItem, SearchPage } from '$lib/api/search';
import { filterChips, EMPTY_SEARCH } from '$lib/utils/search-filters';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

const item = (
  id: string,
  name: string,
  highlight: { start: number; length: number }[],
  folder_path: { id: string; name: string }[] = [],
): SearchItem => ({
  id, name, folder_id: folder_path.at(-1)?.id ?? null, folder_path, mime_type: 'application/pdf', type_group: 'pdf', size: 10, description: null,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', trashed_at: null,
  tags: [{ id: 't1', name: 'work' }], highlight,
});

function controllable() {
  const calls: { filters: SearchFilters; signal: AbortSignal; resolve: (p: SearchPage) => void }[] = [];
  const search = vi.fn(
    (filters: SearchFilters, signal: AbortSignal) =>
      new Promise<SearchPage>((resolve, reject) => {
        calls.push({ filters, signal, resolve });
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  );
  return { search, calls };
}

function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

const key = (el: Element, k: string) => {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  flushSync();
  return e;
};

describe('SearchBox', () => {
  beforeEach(() => vi.useFakeTimers());

  it('suggests as you type after a pause, cancels the stale request, highlights and opens with the keyboard', async () => {
    const { search, calls } = controllable();
    const onopen = vi.fn();
    const onsubmit = vi.fn();
    app = mount(SearchBox, { target: document.body, props: { search, onopen, onsubmit } });
    const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    expect(input.getAttribute('aria-expanded')).toBe('false');

    type(input, 'rep');
    vi.advanceTimersByTime(100);
    type(input, 'repo');
    vi.advanceTimersByTime(199);
    expect(search).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(search).toHaveBeenCalledOnce();
    expect(calls[0].filters).toMatchObject({ q: 'repo', page_size: 8 });
    expect(input.getAttribute('aria-expanded')).toBe('true');

    // More typing: the request in flight is cancelled at once.
    type(input, 'report');
    expect(calls[0].signal.aborted).toBe(true);
    vi.advanceTimersByTime(200);
    calls[1].resolve({ items: [item('a', 'Report 2024.pdf', [{ start: 0, length: 6 }])], total: 1, total_is_exact: true, next_cursor: null });
    await vi.runAllTimersAsync();
    flushSync();

    const options = [...document.querySelectorAll('[role="listbox"] [role="option"]')];
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringContaining('Report 2024.pdf'),
      'All results for “report”',
    ]);
    expect(options[0].querySelector('mark')!.textContent).toBe('Report');

    key(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0].id);
    expect(options[0].getAttribute('aria-selected')).toBe('true');
    key(input, 'ArrowUp');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1].id);
    key(input, 'ArrowDown');
    key(input, 'Enter');
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ id: 'a' }));
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows each suggestion\'s folder, so two files of one name are told apart', async () => {
    const { search, calls } = controllable();
    app = mount(SearchBox, { target: document.body, props: { search, onopen: vi.fn(), onsubmit: vi.fn() } });
    const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    type(input, 'sunset');
    vi.advanceTimersByTime(200);
    const deep = ['Photos', '2024', 'Summer', 'Beach'].map((name, i) => ({ id: `d${i}`, name }));
    calls[0].resolve({
      items: [item('a', 'sunset.png', [], []), item('b', 'sunset.png', [], [{ id: 'p', name: 'Photos' }]), item('c', 'sunset.png', [], deep)],
      total: 3, total_is_exact: true, next_cursor: null,
    });
    await vi.runAllTimersAsync();
    flushSync();
    const folders = [...document.querySelectorAll<HTMLElement>('[role="option"] [data-testid="suggestion-folder"]')];
    expect(folders.map((f) => f.textContent)).toEqual(['in My Drive', 'in My Drive › Photos', 'in My Drive › … › Summer › Beach']);
    expect(folders[2].title).toBe('My Drive › Photos › 2024 › Summer › Beach');
  });

  it('inside a folder shared with me, suggests from that folder, located under "Shared with me"', async () => {
    const { search, calls } = controllable();
    const scope = { id: 'team', name: 'Team', shared: true };
    app = mount(SearchBox, { target: document.body, props: { search, onopen: vi.fn(), onsubmit: vi.fn(), scope } });
    const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    type(input, 'budget');
    vi.advanceTimersByTime(200);
    expect(calls[0].filters).toEqual({ q: 'budget', page_size: 8, folder_id: 'team', after: null });
    calls[0].resolve({
      items: [item('a', 'budget.txt', [], [{ id: 'team', name: 'Team' }, { id: 'r', name: 'Reports' }])],
      total: 1, total_is_exact: true, next_cursor: null,
    });
    await vi.runAllTimersAsync();
    flushSync();
    const folders = [...document.querySelectorAll<HTMLElement>('[role="option"] [data-testid="suggestion-folder"]')];
    expect(folders.map((f) => f.textContent)).toEqual(['in Shared with me › Team › Reports']);
  });

  it('in a folder of my own, suggests from my whole drive', async () => {
    const { search, calls } = controllable();
    const scope = { id: 'mine', name: 'Mine', shared: false };
    app = mount(SearchBox, { target: document.body, props: { search, onopen: vi.fn(), onsubmit: vi.fn(), scope } });
    type(document.querySelector<HTMLInputElement>('input[role="combobox"]')!, 'budget');
    vi.advanceTimersByTime(200);
    expect(calls[0].filters).toEqual({ q: 'budget', page_size: 8, after: null });
  });

  it('Enter with nothing chosen opens the full results; Escape closes, then clears', async () => {
    const { search, calls } = controllable();
    const onsubmit = vi.fn();
    app = mount(SearchBox, { target: document.body, props: { search, onopen: vi.fn(), onsubmit, scope: { id: 'f1', name: 'Projects' } } });
    const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    type(input, 'notes');
    vi.advanceTimersByTime(200);
    calls[0].resolve({ items: [], total: 0, total_is_exact: true, next_cursor: null });
    await vi.runAllTimersAsync();
    flushSync();
    expect(document.querySelector('[role="status"]')!.textContent).toContain('No files match “notes”');
    expect(document.querySelectorAll('[role="option"]')).toHaveLength(2);
    expect(document.querySelectorAll('[role="option"]')[1].textContent).toContain('Search in “Projects”');

    key(input, 'ArrowUp');
    key(input, 'Enter');
    expect(onsubmit).toHaveBeenLastCalledWith('notes', 'f1');

    type(input, 'notes ');
    key(input, 'Enter');
    expect(onsubmit).toHaveBeenLastCalledWith('notes');

    type(input, 'notes');
    expect(key(input, 'Escape').defaultPrevented).toBe(true);
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.value).toBe('notes');
    key(input, 'Escape');
    expect(input.value).toBe('');
  });

  it('on the search page only reports the words after a pause, at once on Enter, and never searches itself', () => {
    const { search } = controllable();
    const onquery = vi.fn();
    app = mount(SearchBox, { target: document.body, props: { search, mode: 'page', onquery, onopen: vi.fn(), onsubmit: vi.fn() } });
    const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    type(input, 'inv');
    type(input, 'invoice');
    vi.advanceTimersByTime(200);
    expect(onquery).toHaveBeenCalledExactlyOnceWith('invoice');
    type(input, 'invoices');
    key(input, 'Enter');
    expect(onquery).toHaveBeenLastCalledWith('invoices');
    vi.advanceTimersByTime(500);
    expect(onquery).toHaveBeenCalledTimes(2);
    expect(search).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('FilterChips', () => {
  it('shows a chip per filter whose button removes it, and a clear-all', () => {
    const state = { ...EMPTY_SEARCH, q: 'x', type: 'image', tags: ['work'] };
    const onremove = vi.fn();
    const onclear = vi.fn();
    app = mount(FilterChips, { target: document.body, props: { chips: filterChips(state), onremove, onclear } });
    const list = document.querySelector('[aria-label="Active filters"]')!;
    const buttons = [...list.querySelectorAll<HTMLButtonElement>('button[data-key]')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Remove filter Type: Image', 'Remove filter Tag: work']);
    buttons[1].click();
    expect(onremove.mock.calls[0][0].without).toEqual({ ...state, tags: [] });
    [...list.querySelectorAll('button')].find((b) => b.textContent === 'Clear filters')!.click();
    expect(onclear).toHaveBeenCalledOnce();
  });

  it('renders nothing without active filters', () => {
    app = mount(FilterChips, { target: document.body, props: { chips: [], onremove: vi.fn() } });
    expect(document.querySelector('[aria-label="Active filters"]')).toBeNull();
  });
});
