import { me } from '$lib/api/accounts';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ user: await me() });
