// Runs a reload at most once at a time: calls made while it runs share one
// more run after it (forty uploads finishing into a big folder reload its
// listing twice, not forty times over each other).

/**
 * `task` wrapped so that a call while it runs waits for one more run, shared
 * by every such call; a call when idle runs it at once. Each caller's promise
 * settles with the run that started after its call, so what it changed is in.
 */
export function coalesced(task: () => Promise<unknown>): () => Promise<void> {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const run = (async () => {
      await task();
    })();
    current = run;
    const done = () => {
      if (current === run) current = null;
    };
    run.then(done, done);
    return run;
  };
  return () => {
    if (!current) return start();
    next ??= current
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
