// Roles: every role, every permission and which role holds which, in one call.
import { adminRoles } from '$lib/api/admin';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('admin:roles');
  await requirePermission(parent, 'roles.manage');
  return { matrix: await pageData(adminRoles()) };
};
