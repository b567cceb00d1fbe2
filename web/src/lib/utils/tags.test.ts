import { describe, expect, it } from 'vitest';
import { normalizeTag, splitTags, suggestTags } from './tags';

describe('tag input', () => {
  const vocab = [
    { name: 'work', file_count: 3 },
    { name: 'taxes 2024', file_count: 1 },
    { name: 'homework', file_count: 9 },
    { name: 'workshop', file_count: 5 },
    { name: 'travel', file_count: 2 },
  ];
  it('normalises like the API and splits at commas', () => {
    expect(normalizeTag('  Tax\t  2024 ')).toBe('tax 2024');
    expect(splitTags('work, Taxes ,, ')).toEqual(['work', 'Taxes']);
  });
  it('suggests prefixes first, then word starts, then substrings, most used first, minus the file\'s own', () => {
    expect(suggestTags(vocab, 'WOR').map((t) => t.name)).toEqual(['workshop', 'work', 'homework']);
    expect(suggestTags(vocab, '20').map((t) => t.name)).toEqual(['taxes 2024']);
    expect(suggestTags(vocab, 'work', ['work']).map((t) => t.name)).toEqual(['workshop', 'homework']);
    expect(suggestTags(vocab, '', [], 2).map((t) => t.name)).toEqual(['homework', 'workshop']);
    expect(suggestTags(vocab, 'zzz')).toEqual([]);
  });
});
