// Activity: the first page of the log for the filters in the address, and the actions for the filter's options.
import { adminLogs, logActions } from '$lib/api/admin';
import { LOG_FILTER_KEYS, readFilters, withDayRange } from '$lib/utils/admin-filters';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, depends }) => {
  depends('admin:activity');
  await requirePermission(parent, 'logs.read');
  const filters = readFilters(url.searchParams, LOG_FILTER_KEYS);
  const [first, actions] = await pageData(Promise.all([adminLogs(withDayRange(filters)), logActions()]));
  return { filters, first, actions };
};
