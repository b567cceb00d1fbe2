// Every signed-in page first restores the session from the refresh cookie;
// without one the visitor goes to the sign-in page and comes back after.
import { error, redirect } from '@sveltejs/kit';
import { ApiError, messageOf } from '$lib/api/errors';
import { session } from '$lib/stores/session.svelte';
import { isUnavailable, withDeadline } from '$lib/utils/deadline';
import type { LayoutLoad } from './$types';

export const ssr = false;

export const load: LayoutLoad = async ({ url }) => {
  try {
    await withDeadline(session.init());
  } catch (err) {
    // Down or slow is not signed out: say so (Try again reloads) rather than send to the sign-in page.
    if (isUnavailable(err)) error(err instanceof ApiError && err.status === 504 ? 504 : 503, messageOf(err));
  }
  if (session.status !== 'signed-in') {
    const next = url.pathname + url.search;
    redirect(307, next === '/drive' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  }
  return {};
};
