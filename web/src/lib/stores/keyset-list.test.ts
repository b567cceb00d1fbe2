import { describe, expect, it } from 'vitest';
import { KeysetList } from './keyset-list.svelte';

const pages: Record<string, { items: number[]; next: string | null }> = {
  a: { items: [3, 4], next: 'b' },
  b: { items: [5], next: null },
};

describe('a keyset-paged list', () => {
  it('appends pages by their cursor until there is no next one', async () => {
    const asked: (string | null)[] = [];
    const list = new KeysetList<number>(async (before) => {
      asked.push(before);
      return pages[before!];
    });
    list.reset({ items: [1, 2], next: 'a' });
    await list.loadMore();
    await list.loadMore();
    await list.loadMore();
    expect(list.items).toEqual([1, 2, 3, 4, 5]);
    expect(list.next).toBeNull();
    expect(asked).toEqual(['a', 'b']);
  });

  it('drops a page that arrives after the filter changed', async () => {
    let release!: () => void;
    const list = new KeysetList<number>(
      (before) => new Promise((resolve) => (release = () => resolve(pages[before!]))),
    );
    list.reset({ items: [1, 2], next: 'a' });
    const pending = list.loadMore();
    list.reset({ items: [9], next: null });
    release();
    await pending;
    expect(list.items).toEqual([9]);
    expect(list.loading).toBe(false);
  });

  it('keeps the rows and says why when a page fails', async () => {
    const list = new KeysetList<number>(async () => {
      throw new Error('The last superadmin cannot be disabled');
    });
    list.reset({ items: [1], next: 'a' });
    await list.loadMore();
    expect(list.items).toEqual([1]);
    expect(list.next).toBe('a');
    expect(list.error).toBe('The last superadmin cannot be disabled');
  });
});
