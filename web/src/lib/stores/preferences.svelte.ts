// Small per-browser preferences kept in localStorage: theme, drive view and sort.
import type { SortDir, SortKey } from '$lib/utils/sort';

/** A value persisted in localStorage under `key`. */
class Persisted<T> {
  value = $state() as T;
  constructor(private key: string, fallback: T) {
    let initial = fallback;
    try {
      const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(key) : null;
      if (raw !== null) initial = JSON.parse(raw) as T;
    } catch {
      // unreadable: keep the fallback
    }
    this.value = initial;
  }
  set(v: T): void {
    this.value = v;
    try {
      localStorage.setItem(this.key, JSON.stringify(v));
    } catch {
      // private mode or full: keep it in memory only
    }
  }
}

export const theme = new Persisted<'system' | 'light' | 'dark'>('pgdrive.theme', 'system');
export const viewMode = new Persisted<'list' | 'grid'>('pgdrive.view', 'list');
export const sortPref = new Persisted<{ key: SortKey; dir: SortDir }>('pgdrive.sort', { key: 'name', dir: 'asc' });
