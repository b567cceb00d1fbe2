// Every signed-in page first restores the session from the refresh cookie;
// without one the visitor goes to the sign-in page and comes back after.
import { redirect } from '@sveltejs/kit';
import { session } from '$lib/stores/session.svelte';
import type { LayoutLoad } from './$types';

export const ssr = false;

export const load: LayoutLoad = async ({ url }) => {
  await session.init().catch(() => undefined);
  if (session.status !== 'signed-in') {
    const next = url.pathname + url.search;
    redirect(307, next === '/drive' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  }
  return {};
};
