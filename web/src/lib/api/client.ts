// The one supabase-js client of the app. There is no Supabase Auth server:
// the access token comes from our session store through `accessToken`, and a
// request the API refuses with 401 is retried once after a refresh.
import { createClient } from '@supabase/supabase-js';
import { supabaseAnonKey, supabaseUrl } from '$lib/config';
import { Session, httpTransport } from '$lib/stores/session.svelte';

/** The app's session (access token in memory, refresh cookie on the server). */
export const session = new Session(httpTransport());

/** fetch that retries once with a refreshed token when the API answers 401. */
async function fetchWithRefresh(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.status !== 401) return res;
  const headers = new Headers(init?.headers);
  const sent = headers.get('authorization');
  if (!sent || sent === `Bearer ${supabaseAnonKey}`) return res;
  const token = await session.rejected();
  if (!token) return res;
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/** The supabase-js client for the `api` schema and the edge functions. */
export const supabase = createClient(supabaseUrl, supabaseAnonKey, {
  db: { schema: 'api' },
  accessToken: async () => session.accessToken(),
  global: { fetch: fetchWithRefresh },
});

/** Headers for the few raw calls supabase-js cannot make (uploads with progress, tus). */
export async function authHeaders(): Promise<Record<string, string>> {
  const token = await session.accessToken();
  return { apikey: supabaseAnonKey, authorization: `Bearer ${token ?? supabaseAnonKey}` };
}

/** The URL of an edge function path, e.g. `functionUrl('files/uploads')`. */
export function functionUrl(path: string): string {
  return `${supabaseUrl}/functions/v1/${path.replace(/^\/+/, '')}`;
}
