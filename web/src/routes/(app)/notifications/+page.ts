// The notifications page: the first page of the list; more as asked.
import { notifications } from '$lib/stores/notifications.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  await notifications.load(50);
  return {};
};
