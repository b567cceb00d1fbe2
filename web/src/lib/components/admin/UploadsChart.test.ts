// @vitest-environment happy-dom
// The uploads chart: one bar per day, heights in proportion to the bytes, a
// description in words for screen readers, and the figures as a table.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import UploadsChart from './UploadsChart.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

const days = [
  { day: '2026-11-30', files: 0, bytes: 0 },
  { day: '2026-12-01', files: 2, bytes: 2048 },
  { day: '2026-12-02', files: 1, bytes: 1024 },
];

describe('UploadsChart', () => {
  it('draws a bar per day in proportion, describes it, and repeats it as a table', () => {
    app = mount(UploadsChart, { target: document.body, props: { days } });
    flushSync();
    const bars = [...document.querySelectorAll('rect.bar')];
    expect(bars).toHaveLength(3);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights[0]).toBe(0);
    expect(heights[1]).toBeCloseTo(heights[2] * 2, 5);
    expect(bars[1].querySelector('title')!.textContent).toBe('2026-12-01: 2 files, 2 KB');
    const label = document.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('from 2026-11-30 to 2026-12-02: 3 files, 3 KB');
    expect(label).toContain('busiest day was 2026-12-01');
    // The table lists the days with uploads.
    const rows = [...document.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent!.trim()).join(' '));
    expect(rows).toEqual(['2026-12-01 2 2 KB', '2026-12-02 1 1 KB']);
  });

  it('says so when there were no uploads', () => {
    app = mount(UploadsChart, { target: document.body, props: { days: days.map((d) => ({ ...d, files: 0, bytes: 0 })) } });
    flushSync();
    expect(document.querySelector('svg')!.getAttribute('aria-label')).toMatch(/0 files, 0 B in all\.$/);
    expect(document.querySelector('tbody')!.textContent).toContain('No uploads in these days.');
  });
});
