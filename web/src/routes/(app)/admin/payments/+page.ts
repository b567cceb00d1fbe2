// Payments: those waiting for review, the list for the filters in the address, and totals per day and per plan.
import { adminTransactions, paymentTotalsByDay, paymentTotalsByPlan, planOptions } from '$lib/api/admin';
import { PAYMENT_FILTER_KEYS, readFilters, withDayRange } from '$lib/utils/admin-filters';
import { pageData } from '$lib/utils/page-load';
import { requirePermission } from '../access';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url, depends }) => {
  depends('admin:payments');
  await requirePermission(parent, 'payments.read_all');
  const filters = readFilters(url.searchParams, PAYMENT_FILTER_KEYS);
  const range = withDayRange(filters);
  const [review, rows, byDay, byPlan, plans] = await pageData(
    Promise.all([
      adminTransactions({ ...range, state: 'needs_review' }, 200),
      adminTransactions(range),
      // The per-day view is keyed by day: compare days, not instants.
      paymentTotalsByDay(filters.since, filters.until ? nextDay(filters.until) : undefined),
      paymentTotalsByPlan(range.since, range.until),
      planOptions(),
    ]),
  );
  return { filters, review, rows, byDay, byPlan, plans };
};

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
