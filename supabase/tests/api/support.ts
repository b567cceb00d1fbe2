// Shared helpers for the API tests: clients for the running test stack.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { inject } from 'vitest';

export const stack = inject('stack');

const noSession = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } };

/** A supabase-js client with the anon key and no user. */
export function anonClient(): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, noSession);
}

/** A supabase-js client with the service-role key (bypasses RLS: setup only). */
export function serviceClient(): SupabaseClient {
  return createClient(stack.apiUrl, stack.serviceRoleKey, noSession);
}

/** A supabase-js client that sends this access token, as the web client does. */
export function clientWithToken(token: string): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, { accessToken: async () => token });
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
