// Helpers for the accounts API tests: RPC calls over raw HTTP (to see status
// codes and headers exactly) and unique emails per test.
import { randomBytes } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { adminSql, clientOptions, stack } from './support';

/** A supabase-js client with the anon key and, when given, a user's access token. */
export function userClient(token?: string): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, {
    ...clientOptions,
    global: { headers: token ? { Authorization: `Bearer ${token}` } : {} },
  });
}

/** A fresh, unique email address. */
export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomBytes(6).toString('hex')}@example.com`;

export interface RpcResult {
  status: number;
  headers: Headers;
  body: any;
}

/** POSTs /rest/v1/rpc/<fn> with a JSON body (a string is sent as-is) and an optional access token. */
export function rpc(fn: string, body: unknown = {}, token?: string): Promise<RpcResult> {
  return rpcAt({ apiUrl: stack.apiUrl, anonKey: stack.anonKey }, fn, body, token);
}

/** The same against another stack (one a test started itself). */
export async function rpcAt(
  target: { apiUrl: string; anonKey: string },
  fn: string,
  body: unknown = {},
  token?: string,
): Promise<RpcResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', apikey: target.anonKey };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${target.apiUrl}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export interface Session {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** Signs up a new account and returns its tokens. */
export async function signup(prefix = 'user', password = 'correct horse battery'): Promise<Session> {
  const email = uniqueEmail(prefix);
  const res = await rpc('signup', { email, password, name: prefix });
  if (res.status !== 200) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const [answer] = res.body;
  return { id: answer.user.id, email, password, token: answer.token, refreshToken: answer.refresh_token };
}

/** Makes an existing account a holder of `role`, directly in SQL. */
export async function grantRole(userId: string, role: string): Promise<void> {
  const sql = adminSql();
  try {
    await sql`insert into app.user_roles (user_id, role_id) select ${userId}, id from app.roles where name = ${role}
              on conflict do nothing`;
  } finally {
    await sql.end();
  }
}
