// One user as administrators see them, and the roles that can be granted.
import { adminUser, roleNames } from '$lib/api/admin';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, params, depends }) => {
  depends('admin:user');
  await requirePermission(parent, 'users.read');
  const [detail, roles] = await pageData(Promise.all([adminUser(params.id), roleNames()]));
  return { detail, roles };
};
