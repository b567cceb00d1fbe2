// Rows with a timestamp grouped under the local day they happened on, in the
// order given (the activity log comes newest first).

export interface DayGroup<T> {
  /** The local day, "2026-12-02". */
  day: string;
  rows: T[];
}

/** "2026-12-02" for an instant, in the viewer's time zone. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Consecutive rows of one day in one group; a day that comes back later (out of order) starts a new group. */
export function groupByDay<T extends { created_at: string }>(rows: readonly T[]): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  for (const row of rows) {
    const day = localDay(row.created_at);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.rows.push(row);
    else groups.push({ day, rows: [row] });
  }
  return groups;
}

/** A day heading: "Today", "Yesterday", or the date in words. */
export function dayLabel(day: string, now = new Date()): string {
  if (day === localDay(now.toISOString())) return 'Today';
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (day === localDay(y.toISOString())) return 'Yesterday';
  return new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}
