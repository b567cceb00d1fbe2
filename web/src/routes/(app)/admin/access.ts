// The guard every admin page's load runs first: without the tab's permission
// the page is "You don't have access" inside the shell, and nothing is asked
// of the API (which would answer 403 anyway).
import { error } from '@sveltejs/kit';
import { adminAccess } from '$lib/stores/admin-access.svelte';

/** Waits for the admin layout's permissions, then stops with a 403 unless `permission` is held. */
export async function requirePermission(parent: () => Promise<unknown>, permission: string): Promise<void> {
  await parent();
  if (!adminAccess.has(permission)) error(403, `You need the ${permission} permission to open this page.`);
}
