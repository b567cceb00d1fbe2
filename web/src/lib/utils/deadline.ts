// A page's load gives up after a while, so a slow API shows "Try again"
// instead of a page that stays blank.
import { ApiError } from '$lib/api/errors';

/** How long a page waits for the API before saying it is slow. */
export const SLOW_MS = 10_000;

/** Resolves as `work` does, or rejects with a 504 ApiError when it takes longer than `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number = SLOW_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError(504, { message: 'pgdrive is taking too long to answer.' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Did the API not answer at all, or fail on its side (down, slow, unreachable), rather than refuse? */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof ApiError) return err.status === 0 || err.status >= 500;
  // fetch rejects with a TypeError when nothing answers.
  return err instanceof TypeError;
}
