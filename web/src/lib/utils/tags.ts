// Tag input helpers: the API's normalisation (for matching what the user
// types against their vocabulary) and autocomplete suggestions.

/** A tag name as the API stores it: trimmed, blanks collapsed, lower-case. */
export function normalizeTag(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Splits typed or pasted text into tag names at commas (blanks dropped). */
export function splitTags(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}

/**
 * Tags of the vocabulary matching what is typed, best first: names that
 * start with it, then names with a word that starts with it, then names that
 * contain it; the most used first within each. Tags in `exclude` (already on
 * the file) are left out. Nothing typed: the most used tags.
 */
export function suggestTags<T extends { name: string; file_count?: number }>(
  vocabulary: T[],
  typed: string,
  exclude: Iterable<string> = [],
  limit = 8,
): T[] {
  const q = normalizeTag(typed);
  const skip = new Set(exclude);
  const rank = (name: string) => {
    if (!q) return 0;
    if (name.startsWith(q)) return 0;
    if (name.split(/[\s\-_./]+/).some((w) => w.startsWith(q))) return 1;
    if (name.includes(q)) return 2;
    return -1;
  };
  return vocabulary
    .filter((t) => !skip.has(t.name))
    .map((t) => ({ t, r: rank(t.name) }))
    .filter(({ r }) => r >= 0)
    .sort((a, b) => a.r - b.r || (b.t.file_count ?? 0) - (a.t.file_count ?? 0) || a.t.name.localeCompare(b.t.name))
    .slice(0, limit)
    .map(({ t }) => t);
}
