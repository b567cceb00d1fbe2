import { describe, expect, it } from 'vitest';
import { dayLabel, groupByDay, localDay } from './timeline';

const at = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).toISOString();

describe('the activity timeline', () => {
  it('groups consecutive rows by their local day, keeping the order', () => {
    const rows = [
      { id: 1, created_at: at(2026, 12, 2, 15) },
      { id: 2, created_at: at(2026, 12, 2, 1) },
      { id: 3, created_at: at(2026, 12, 1, 23) },
      { id: 4, created_at: at(2026, 11, 28, 9) },
    ];
    const groups = groupByDay(rows);
    expect(groups.map((g) => [g.day, g.rows.map((r) => r.id)])).toEqual([
      ['2026-12-02', [1, 2]],
      ['2026-12-01', [3]],
      ['2026-11-28', [4]],
    ]);
  });

  it('names today and yesterday', () => {
    const now = new Date(2026, 11, 2, 10);
    expect(dayLabel(localDay(at(2026, 12, 2, 0)), now)).toBe('Today');
    expect(dayLabel('2026-12-01', now)).toBe('Yesterday');
    expect(dayLabel('2026-11-20', now)).toMatch(/2026/);
  });

  it('has no groups for no rows', () => {
    expect(groupByDay([])).toEqual([]);
  });
});
