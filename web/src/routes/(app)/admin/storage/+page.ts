// Storage: totals, the heaviest users and files, uploads per day, orphans.
import { adminStorage } from '$lib/api/admin';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  await requirePermission(parent, 'files.read_all_metadata');
  return { report: await pageData(adminStorage()) };
};
