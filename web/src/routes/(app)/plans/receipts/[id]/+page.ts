// A payment's receipt, at a URL the history and the payment email link to.
import { error } from '@sveltejs/kit';
import { myReceipt } from '$lib/api/payments';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageLoad = async ({ params }) => {
  // Not an id at all: the same page as someone else's payment, without asking.
  if (!UUID.test(params.id)) error(404, 'There is no such payment among yours.');
  const receipt = await pageData(myReceipt(params.id));
  if (!receipt) error(404, 'There is no such payment among yours.');
  return { receipt };
};
