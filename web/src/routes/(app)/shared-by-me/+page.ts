// What I share: people shares and live links, newest first.
import { sharedByMe } from '$lib/api/sharing';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends }) => {
  depends('drive:shared-by-me');
  return await pageData(sharedByMe());
};
