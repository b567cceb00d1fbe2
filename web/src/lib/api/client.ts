// The one supabase-js client of the app, typed by the generated `Database`
// (./database.types.ts, from `node scripts/gen-types.mjs`). There is no
// Supabase Auth server: the access token comes from whoever holds the session
// (stores/session.svelte.ts hands itself over with `useTokens`; this folder
// never imports stores), and a request the API refuses with 401 is retried
// once after a refresh.
import { createClient } from '@supabase/supabase-js';
import { supabaseAnonKey, supabaseUrl } from '$lib/config';
import type { Database } from './database.types';

/** Where the API's calls get the caller's access token. */
export interface TokenSource {
  /** A valid access token, or null when signed out (calls then go with the anon key). */
  accessToken(): Promise<string | null>;
  /** The API refused the token: a fresh one, or null when the session has ended. */
  rejected(): Promise<string | null>;
}

const signedOut: TokenSource = { accessToken: async () => null, rejected: async () => null };
let tokens: TokenSource = signedOut;

/** Makes `source` the one the API's calls take their token from. */
export function useTokens(source: TokenSource): void {
  tokens = source;
}

/** fetch that retries once with a refreshed token when the API answers 401. */
async function fetchWithRefresh(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.status !== 401) return res;
  const headers = new Headers(init?.headers);
  const sent = headers.get('authorization');
  if (!sent || sent === `Bearer ${supabaseAnonKey}`) return res;
  const token = await tokens.rejected();
  if (!token) return res;
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/** The supabase-js client for the `api` schema and the edge functions. */
export const supabase = createClient<Database>(supabaseUrl, supabaseAnonKey, {
  db: { schema: 'api' },
  accessToken: async () => tokens.accessToken(),
  global: { fetch: fetchWithRefresh },
});

/** Headers for the few raw calls supabase-js cannot make (uploads with progress, tus). */
export async function authHeaders(): Promise<Record<string, string>> {
  const token = await tokens.accessToken();
  return { apikey: supabaseAnonKey, authorization: `Bearer ${token ?? supabaseAnonKey}` };
}

/** The URL of an edge function path, e.g. `functionUrl('files/uploads')`. */
export function functionUrl(path: string): string {
  return `${supabaseUrl}/functions/v1/${path.replace(/^\/+/, '')}`;
}
