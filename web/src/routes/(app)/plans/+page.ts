// The plan page: the price list, the caller's plan and their payments.
import { listPlans, myPayments, mySubscription } from '$lib/api/payments';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends }) => {
  depends('app:plans');
  const [plans, subscription, payments] = await pageData(Promise.all([listPlans(), mySubscription(), myPayments()]));
  return { plans, subscription, payments };
};
