import { me } from '$lib/api/accounts';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ user: await pageData(me()) });
