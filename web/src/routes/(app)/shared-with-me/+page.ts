// What others share with me (view shared_with_me), newest first.
import { sharedWithMe } from '$lib/api/sharing';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends }) => {
  depends('drive:shared-with-me');
  return { rows: await pageData(sharedWithMe()) };
};
