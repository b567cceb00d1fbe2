// Users: the first page for the filters in the address, and the options of the role and plan filters.
import { adminUsers, planOptions, roleNames } from '$lib/api/admin';
import { readFilters, USER_FILTER_KEYS } from '$lib/utils/admin-filters';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, depends }) => {
  depends('admin:users');
  await requirePermission(parent, 'users.read');
  const filters = readFilters(url.searchParams, USER_FILTER_KEYS);
  const [first, roles, plans] = await pageData(Promise.all([adminUsers(filters), roleNames(), planOptions()]));
  return { filters, first, roles, plans };
};
