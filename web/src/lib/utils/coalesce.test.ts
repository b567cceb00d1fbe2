import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce';

/** A task whose runs finish when the test says. */
function controlled() {
  const runs: (() => void)[] = [];
  const fail: ((e: Error) => void)[] = [];
  const task = () =>
    new Promise<void>((resolve, reject) => {
      runs.push(resolve);
      fail.push(reject);
    });
  return { task, runs, fail };
}

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('coalesced', () => {
  it('runs at once when idle, each time', async () => {
    const { task, runs } = controlled();
    const refresh = coalesced(task);
    const a = refresh();
    runs[0]();
    await a;
    const b = refresh();
    runs[1]();
    await b;
    expect(runs).toHaveLength(2);
  });

  it('makes the calls during a run share one more run, and settles them after it', async () => {
    const { task, runs } = controlled();
    const refresh = coalesced(task);
    const first = refresh();
    let laterDone = 0;
    const later = [refresh(), refresh(), refresh()].map((p) => p.then(() => laterDone++));
    await settled();
    expect(runs).toHaveLength(1);

    runs[0]();
    await first;
    await settled();
    expect(runs).toHaveLength(2);
    expect(laterDone).toBe(0);

    runs[1]();
    await Promise.all(later);
    expect(laterDone).toBe(3);
    expect(runs).toHaveLength(2);
  });

  it('still runs again after a failed run, and gives the failure to its own callers', async () => {
    const { task, runs, fail } = controlled();
    const refresh = coalesced(task);
    const first = refresh();
    const second = refresh();
    fail[0](new Error('offline'));
    await expect(first).rejects.toThrow('offline');
    await settled();
    expect(runs).toHaveLength(2);
    runs[1]();
    await expect(second).resolves.toBeUndefined();
  });
});
