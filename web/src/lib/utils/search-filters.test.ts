import { describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';
import { highlightRuns } from './highlight';
import { EMPTY_SEARCH, filterChips, hasSearch, parseSearch, searchArgs, searchHref, withoutFilters } from './search-filters';

describe('search state in the address', () => {
  it('round-trips every filter, with repeated tags', () => {
    const href = searchHref({ q: ' tax return ', type: 'pdf', modified: '30d', size: 'small', tags: ['work', 'a,b'], place: 'anywhere' });
    expect(href).toBe('/search?q=tax+return&type=pdf&modified=30d&size=small&tag=work&tag=a%2Cb&in=anywhere');
    expect(parseSearch(new URL(href, 'http://x').searchParams)).toEqual({
      q: 'tax return', type: 'pdf', modified: '30d', size: 'small', tags: ['work', 'a,b'], folder: '', place: 'anywhere',
    });
    expect(searchHref({})).toBe('/search');
  });

  it('drops values it does not know and reads the older tags=a,b form', () => {
    const s = parseSearch(new URLSearchParams('type=nonsense&modified=1y&folder=../etc&tags=work, taxes&tag=work&in=x'));
    expect(s).toEqual({ ...EMPTY_SEARCH, tags: ['work', 'taxes'] });
    expect(hasSearch(s)).toBe(true);
    expect(hasSearch(EMPTY_SEARCH)).toBe(false);
    expect(hasSearch({ ...EMPTY_SEARCH, q: '   ' })).toBe(false);
  });

  it('turns the state into search_files arguments', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    expect(searchArgs({ ...EMPTY_SEARCH, q: ' notes ', type: 'image', modified: '7d', size: 'medium', tags: ['work'] }, now)).toEqual({
      q: 'notes', type_group: 'image', modified_from: '2026-03-24T12:00:00.000Z', size_min: 1048576, size_max: 104857600,
      tags: ['work'], folder_id: null, trashed: false,
    });
    expect(searchArgs({ ...EMPTY_SEARCH, place: 'trash' }).trashed).toBe(true);
    expect(searchArgs({ ...EMPTY_SEARCH, place: 'anywhere' }).trashed).toBeNull();
    expect(searchArgs({ ...EMPTY_SEARCH, size: 'large' })).toMatchObject({ size_min: 104857601, size_max: null });
  });

  it('shows one removable chip per active filter, each removing only itself', () => {
    const folder = '0f000000-0000-4000-8000-000000000001';
    const s = { q: 'x', type: 'pdf', modified: 'today', size: '', tags: ['work', 'taxes'], folder, place: 'trash' as const };
    const chips = filterChips(s, { folder: 'Projects' });
    expect(chips.map((c) => c.label)).toEqual(['Type: PDF', 'Modified: Today', 'Tag: work', 'Tag: taxes', 'In: Projects', 'In the trash']);
    expect(chips.find((c) => c.key === 'tag:work')!.without).toEqual({ ...s, tags: ['taxes'] });
    expect(chips.find((c) => c.key === 'type')!.without.type).toBe('');
    expect(chips.every((c) => c.without.q === 'x')).toBe(true);
    expect(withoutFilters(s)).toEqual({ ...EMPTY_SEARCH, q: 'x' });
    expect(filterChips({ ...EMPTY_SEARCH, q: 'only words' })).toEqual([]);
  });
});

describe('highlightRuns', () => {
  it('splits a name into plain and highlighted runs', () => {
    expect(highlightRuns('Quarterly report.pdf', [{ start: 10, length: 6 }])).toEqual([
      { text: 'Quarterly ', hit: false }, { text: 'report', hit: true }, { text: '.pdf', hit: false },
    ]);
  });
  it('counts characters, not UTF-16 units, so an emoji before the hit does not shift it', () => {
    expect(highlightRuns('🎉 party.txt', [{ start: 2, length: 5 }])).toEqual([
      { text: '🎉 ', hit: false }, { text: 'party', hit: true }, { text: '.txt', hit: false },
    ]);
  });
  it('merges overlaps, ignores hits past the end, and keeps a name without hits whole', () => {
    expect(highlightRuns('abcdef', [{ start: 3, length: 2 }, { start: 0, length: 2 }, { start: 1, length: 3 }, { start: 9, length: 2 }])).toEqual([
      { text: 'abcde', hit: true }, { text: 'f', hit: false },
    ]);
    expect(highlightRuns('plain.txt')).toEqual([{ text: 'plain.txt', hit: false }]);
  });
});

describe('debounce', () => {
  it('runs once after the pause with the last arguments; flush and cancel', () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const d = debounce(fn, 200);
      d('a');
      vi.advanceTimersByTime(150);
      d('ab');
      vi.advanceTimersByTime(150);
      expect(fn).not.toHaveBeenCalled();
      expect(d.pending).toBe(true);
      vi.advanceTimersByTime(50);
      expect(fn).toHaveBeenCalledExactlyOnceWith('ab');
      d('abc');
      d.flush();
      expect(fn).toHaveBeenLastCalledWith('abc');
      d('abcd');
      d.cancel();
      vi.advanceTimersByTime(500);
      expect(fn).toHaveBeenCalledTimes(2);
      expect(d.pending).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
