// The front door: a signed-in visitor goes to the drive; anyone else sees
// what pgdrive is, with sign-in and sign-up.
import { redirect } from '@sveltejs/kit';
import { session } from '$lib/stores/session.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  // Without a refresh cookie this asks nothing that fails (the route answers 204).
  await session.init().catch(() => undefined);
  if (session.status === 'signed-in') redirect(307, '/drive');
  return {};
};
