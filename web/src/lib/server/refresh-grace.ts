// Two tabs refreshing at the same moment would present the same refresh token
// twice, and the second would look like token theft (the API revokes the whole
// family on reuse). This short-lived memo hands the second caller the result
// of the first instead of asking the API again.
import { createHash } from 'node:crypto';

const GRACE_MS = 20_000;

interface Entry<T> {
  at: number;
  result: Promise<T>;
}

/** Deduplicates concurrent or near-simultaneous refreshes of the same token. */
export class RefreshGrace<T> {
  #entries = new Map<string, Entry<T>>();
  constructor(private now: () => number = Date.now) {}

  /** Runs `fn` once per token within the grace window; later callers share its result. */
  run(token: string, fn: () => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(token).digest('hex');
    const t = this.now();
    for (const [k, e] of this.#entries) if (t - e.at > GRACE_MS) this.#entries.delete(k);
    const hit = this.#entries.get(key);
    if (hit) return hit.result;
    const result = fn();
    this.#entries.set(key, { at: t, result });
    result.catch(() => this.#entries.delete(key));
    return result;
  }
}
