// Two tabs refreshing at the same moment would present the same refresh token
// twice, and the second would look like token theft (the API revokes the whole
// family on reuse). This short-lived memo hands the second caller the result
// of the first instead of asking the API again, but only for as long as
// Supabase Auth's own reuse interval (10 s) and only to the same client (its
// address and user agent): an old cookie replayed from anywhere else, or
// later, goes to the API, which treats it as the reuse it is.
import { createHash } from 'node:crypto';

/** Supabase Auth's default refresh-token reuse interval. */
export const GRACE_MS = 10_000;

interface Entry<T> {
  at: number;
  result: Promise<T>;
}

/** Deduplicates concurrent or near-simultaneous refreshes of the same token by the same client. */
export class RefreshGrace<T> {
  #entries = new Map<string, Entry<T>>();
  constructor(private now: () => number = Date.now) {}

  /**
   * Runs `fn` once per token and client within the grace window; later
   * callers with the same token and client share its result.
   */
  run(token: string, client: string, fn: () => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(token).update('\0').update(client).digest('hex');
    const t = this.now();
    for (const [k, e] of this.#entries) if (t - e.at >= GRACE_MS) this.#entries.delete(k);
    const hit = this.#entries.get(key);
    if (hit) return hit.result;
    const result = fn();
    this.#entries.set(key, { at: t, result });
    result.catch(() => this.#entries.delete(key));
    return result;
  }
}
