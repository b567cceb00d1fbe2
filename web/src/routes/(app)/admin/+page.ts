// /admin opens the first tab the caller may use.
import { error, redirect } from '@sveltejs/kit';
import { adminAccess } from '$lib/stores/admin-access.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await parent();
  const first = adminAccess.tabs[0];
  if (!first) error(403, 'Your account holds no administrative permission.');
  redirect(307, first.href);
};
