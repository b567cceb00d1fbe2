// Shared helpers for the API tests: clients for the running test stack.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { inject } from 'vitest';

export const stack = inject('stack');

/**
 * supabase-js always builds a realtime client, which looks for a native
 * WebSocket that Node 20 lacks; these tests never open one, so a stand-in
 * transport that is never constructed is enough.
 */
class NoWebSocket {
  constructor() {
    throw new Error('realtime is not used in these tests');
  }
}

/** Options every test client shares: no stored session, no realtime, the `api` schema (as the web client). */
export const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: NoWebSocket as unknown as typeof WebSocket },
  db: { schema: 'api' },
};

/** A supabase-js client with the anon key and no user. */
export function anonClient(): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, clientOptions);
}

/** A supabase-js client with the service-role key (bypasses RLS: setup only). */
export function serviceClient(): SupabaseClient {
  return createClient(stack.apiUrl, stack.serviceRoleKey, clientOptions);
}

/** A supabase-js client that sends this access token, as the web client does. */
export function clientWithToken(token: string): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, { ...clientOptions, accessToken: async () => token });
}

/** A superuser connection to the stack's database, for setup and inspection. Close it with `.end()`. */
export function adminSql() {
  return postgres(stack.dbUrl, { max: 2, onnotice: () => {} });
}

/** A raw request to the gateway with the anon apikey (Authorization may be set in `init`). */
export function rest(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('apikey')) headers.set('apikey', stack.anonKey);
  return fetch(`${stack.apiUrl}${path}`, { ...init, headers });
}
