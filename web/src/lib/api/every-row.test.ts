import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { everyRow, type PageResult } from './every-row';

/**
 * A listing as PostgREST answers it: the rows of `from..to`, at most `cap`
 * of them (a server's max rows), and the exact count when asked.
 */
function server(rows: number[], cap: number) {
  const asked: [number, number, boolean][] = [];
  const page = async (from: number, to: number, first: boolean): Promise<PageResult<number>> => {
    asked.push([from, to, first]);
    return { data: rows.slice(from, Math.min(to + 1, from + cap)), error: null, count: first ? rows.length : null, status: 200 };
  };
  return { page, asked };
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('everyRow', () => {
  it('reads a listing in one request when the server has no cap', async () => {
    const { page, asked } = server(numbers(20000), Infinity);
    expect(await everyRow(page)).toEqual(numbers(20000));
    expect(asked).toHaveLength(1);
  });

  it('reads a small listing in one request', async () => {
    const { page, asked } = server(numbers(12), 1000);
    expect(await everyRow(page)).toEqual(numbers(12));
    expect(asked).toEqual([[0, 999_999_999, true]]);
  });

  it('reads past hosted Supabase\'s default cap of 1000 rows', async () => {
    const { page, asked } = server(numbers(2500), 1000);
    expect(await everyRow(page)).toEqual(numbers(2500));
    expect(asked).toEqual([[0, 999_999_999, true], [1000, 1999, false], [2000, 2999, false]]);
  });

  it('asks for the ranges after the first a few at a time', async () => {
    let open = 0;
    let most = 0;
    const rows = numbers(9500);
    const page = async (from: number, to: number, first: boolean): Promise<PageResult<number>> => {
      most = Math.max(most, ++open);
      await new Promise((r) => setTimeout(r, 5));
      open--;
      return { data: rows.slice(from, Math.min(to + 1, from + 1000)), error: null, count: first ? rows.length : null };
    };
    expect(await everyRow(page)).toEqual(rows);
    expect(most).toBe(4);
  });

  it('reads everything under a cap lower than the pages it asks for', async () => {
    const { page, asked } = server(numbers(130), 50);
    expect(await everyRow(page)).toEqual(numbers(130));
    expect(asked.map(([from, to]) => [from, to])).toEqual([[0, 999_999_999], [50, 99], [100, 149]]);
  });

  it('gives what is left when rows vanish between pages', async () => {
    const rows = numbers(1500);
    const page = async (from: number, to: number, first: boolean): Promise<PageResult<number>> => {
      if (!first) rows.length = 1000; // 500 deleted after the first page
      return { data: rows.slice(from, Math.min(to + 1, from + 1000)), error: null, count: first ? 1500 : null };
    };
    expect(await everyRow(page)).toEqual(numbers(1000));
  });

  it('throws the API\'s error for a page it refuses', async () => {
    const page = async (from: number): Promise<PageResult<number>> =>
      from === 0
        ? { data: numbers(1000), error: null, count: 2000 }
        : { data: null, error: { code: '57014', message: 'canceling statement due to statement timeout' }, status: 500 };
    await expect(everyRow(page)).rejects.toBeInstanceOf(ApiError);
  });
});
