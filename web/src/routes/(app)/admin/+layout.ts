// The admin console reads the caller's permissions afresh on every visit, so a
// role granted or taken away shows without signing in again.
import { adminAccess } from '$lib/stores/admin-access.svelte';
import { pageData } from '$lib/utils/page-load';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async () => {
  await pageData(adminAccess.refresh());
  return {};
};
