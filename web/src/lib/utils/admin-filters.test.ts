import { describe, expect, it } from 'vitest';
import { dayEnd, dayStart, filtersHref, LOG_FILTER_KEYS, readFilters, targetHref, withDayRange } from './admin-filters';

describe('admin filters in the address', () => {
  it('reads the set filters and drops blank and unknown ones', () => {
    const params = new URLSearchParams('action=admin.*&q=%20&ip=127.0.0.1&other=x');
    expect(readFilters(params, LOG_FILTER_KEYS)).toEqual({ action: 'admin.*', ip: '127.0.0.1' });
  });

  it('writes the same address for the same filters, whatever order they were set in', () => {
    const a = filtersHref('/admin/activity', { q: 'role', action: 'admin.*' }, LOG_FILTER_KEYS);
    const b = filtersHref('/admin/activity', { action: 'admin.*', q: 'role', ip: '' }, LOG_FILTER_KEYS);
    expect(a).toBe('/admin/activity?action=admin.*&q=role');
    expect(b).toBe(a);
    expect(filtersHref('/admin/activity', {}, LOG_FILTER_KEYS)).toBe('/admin/activity');
  });

  it('round-trips through the address, escaped', () => {
    const filters = { q: 'a&b=c #x', target_id: 'é/1' };
    const href = filtersHref('/x', filters, LOG_FILTER_KEYS);
    expect(readFilters(new URL(href, 'http://h').searchParams, LOG_FILTER_KEYS)).toEqual(filters);
  });
});

describe('day ranges', () => {
  it('makes "until" include its whole day', () => {
    const start = new Date(dayStart('2026-12-02')!);
    const end = new Date(dayEnd('2026-12-02')!);
    expect(start.getHours()).toBe(0);
    expect(start.getDate()).toBe(2);
    expect(end.getDate()).toBe(3);
    expect(end.getTime() - start.getTime()).toBeGreaterThanOrEqual(23 * 3600_000);
  });

  it('ignores what is not a day', () => {
    expect(dayStart('yesterday')).toBeUndefined();
    expect(dayEnd('2026-13-45')).toBeUndefined();
    expect(withDayRange({ since: '', until: undefined, q: 'x' })).toEqual({ q: 'x', since: undefined, until: undefined });
  });
});

describe('where a log row leads', () => {
  it('leads a user target to the user page and a file to its own trail, never to its bytes', () => {
    expect(targetHref({ target_type: 'user', target_id: 'u-1' })).toBe('/admin/users/u-1');
    expect(targetHref({ target_type: 'role', target_id: 'r' })).toBe('/admin/roles');
    expect(targetHref({ target_type: 'file', target_id: 'f 1' })).toBe('/admin/activity?target_type=file&target_id=f+1');
    expect(targetHref({ target_type: null, target_id: null })).toBeNull();
  });
});
