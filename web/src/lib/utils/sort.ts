// Sorting of drive items: folders first, then by the chosen key.

export type SortKey = 'name' | 'updated_at' | 'size' | 'type';
export type SortDir = 'asc' | 'desc';

export interface Sortable {
  kind: 'folder' | 'file';
  name: string;
  updated_at: string;
  size?: number | null;
  mime_type?: string | null;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A sorted copy: folders before files, each group by `key` in `dir`, ties by name. */
export function sortItems<T extends Sortable>(items: T[], key: SortKey, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const by = (a: T, b: T): number => {
    switch (key) {
      case 'updated_at': return Date.parse(a.updated_at) - Date.parse(b.updated_at);
      case 'size': return (a.size ?? 0) - (b.size ?? 0);
      case 'type': return collator.compare(a.mime_type ?? '', b.mime_type ?? '');
      default: return collator.compare(a.name, b.name);
    }
  };
  return [...items].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    return sign * by(a, b) || collator.compare(a.name, b.name);
  });
}
