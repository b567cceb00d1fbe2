// The admin lists' filters as they live in the address bar (shareable; a
// reload restores them), and what they mean as RPC arguments. Dates are days
// in the address ("2026-12-02") and a range of instants in the call, the
// "until" day included.

/** Reads `keys` from the query; absent or blank values are left out. */
export function readFilters<K extends string>(params: URLSearchParams, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const v = params.get(key)?.trim();
    if (v) out[key] = v;
  }
  return out;
}

/** `base?key=value…` for the filters that are set, in `keys` order (so equal filters give equal addresses). */
export function filtersHref<K extends string>(base: string, filters: Partial<Record<K, string>>, keys: readonly K[]): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const v = filters[key]?.trim();
    if (v) params.set(key, v);
  }
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

export const LOG_FILTER_KEYS = ['actor_id', 'action', 'target_type', 'target_id', 'since', 'until', 'ip', 'q'] as const;
export type LogFilterKey = (typeof LOG_FILTER_KEYS)[number];

export const USER_FILTER_KEYS = ['q', 'role', 'status', 'plan'] as const;
export const PAYMENT_FILTER_KEYS = ['state', 'plan', 'since', 'until'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a local day as an instant, or undefined for anything that is not a day. */
export function dayStart(day: string | undefined): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The end of a local day (the next day's start), so "until 2 Dec" includes the 2nd. */
export function dayEnd(day: string | undefined): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** The address's filters as the call's arguments: days become instants, the rest goes as typed. */
export function withDayRange<T extends { since?: string; until?: string }>(filters: T): T {
  return { ...filters, since: dayStart(filters.since), until: dayEnd(filters.until) };
}

/** Where a log row's target is looked at in the console: a user's page, a tab, or the log of that item. */
export function targetHref(row: { target_type: string | null; target_id: string | null }): string | null {
  if (!row.target_type || !row.target_id) return null;
  switch (row.target_type) {
    case 'user':
      return `/admin/users/${encodeURIComponent(row.target_id)}`;
    case 'role':
    case 'permission':
      return '/admin/roles';
    case 'share_link':
      return '/admin/links';
    case 'transaction':
      return `/admin/payments`;
    default:
      // A file's bytes are not the admin's to open: the trail of that item is.
      return filtersHref('/admin/activity', { target_type: row.target_type, target_id: row.target_id }, LOG_FILTER_KEYS);
  }
}
