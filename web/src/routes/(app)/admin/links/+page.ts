// Links: the first page of every live share link.
import { adminLinks } from '$lib/api/admin';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('admin:links');
  await requirePermission(parent, 'shares.read_all');
  return { first: await pageData(adminLinks(1)) };
};
