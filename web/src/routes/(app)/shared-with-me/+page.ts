// What others share with me (view shared_with_me), newest first, and which
// of them I placed in My Drive as shortcuts (view shortcuts).
import { sharedWithMe } from '$lib/api/sharing';
import { listAllShortcuts } from '$lib/api/shortcuts';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends }) => {
  depends('drive:shared-with-me');
  const [rows, shortcuts] = await pageData(Promise.all([sharedWithMe(), listAllShortcuts()]));
  return { rows, shortcuts };
};
