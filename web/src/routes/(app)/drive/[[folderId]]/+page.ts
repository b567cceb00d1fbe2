// The drive at a folder (the root when no id): its folders, files, the tags
// on those files, and the path. The page hands the listing to its drive
// store (stores/drive.svelte.ts), which reloads it from then on.
import { error } from '@sveltejs/kit';
import { loadListing } from '$lib/stores/drive.svelte';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageLoad = async ({ params }) => {
  const folderId = params.folderId ?? null;
  if (folderId && !UUID.test(folderId)) error(404, 'This folder does not exist.');
  const listing = await pageData(loadListing(folderId));
  if (folderId && listing.path.length === 0) error(404, 'This folder does not exist or is in the trash.');
  return { folderId, path: listing.path, listing };
};
