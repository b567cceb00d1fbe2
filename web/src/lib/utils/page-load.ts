// What a page's load does with the API's answer: the data, or an error page
// that says why (not found, refused, or the API down or slow: "Try again").
import { error } from '@sveltejs/kit';
import { ApiError, messageOf } from '$lib/api/errors';
import { isUnavailable, withDeadline } from './deadline';

/** Waits for `work` (at most SLOW_MS); a failure becomes the error page for it. */
export async function pageData<T>(work: Promise<T>): Promise<T> {
  try {
    return await withDeadline(work);
  } catch (err) {
    if (isUnavailable(err)) error(err instanceof ApiError && err.status === 504 ? 504 : 503, messageOf(err));
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) error(err.status, err.message);
    throw err;
  }
}
