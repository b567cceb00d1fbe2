// System: versions, migrations, drivers, queues, job failures and settings, from the edge's admin/system.
import { systemReport } from '$lib/api/admin';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('admin:system');
  await requirePermission(parent, 'system.read');
  return { report: await pageData(systemReport()) };
};
