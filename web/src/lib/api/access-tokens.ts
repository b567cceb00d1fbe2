// Personal access tokens: the policy the server applies, the list, making
// one (its secret is in the answer once) and revoking one.
import { functionUrl, supabase } from './client';
import { unwrap } from './errors';
import { supabaseAnonKey, supabaseUrl } from '$lib/config';

export type Scope = 'files:read' | 'files:write';

/** What rpc/access_token_policy publishes (the same settings create_access_token enforces). */
export interface AccessTokenPolicy {
  default_ttl_seconds: number;
  max_ttl_seconds: number;
  allow_never: boolean;
  max_per_user: number;
}

/** One token as my_access_tokens lists it (never the secret), with its folder's name when limited. */
export interface AccessToken {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  folder_id: string | null;
  folder_name: string | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  state: 'active' | 'expired' | 'revoked';
}

/** A token just made: the list row plus its secret, shown once. */
export interface NewAccessToken {
  id: string;
  name: string;
  token: string;
  scopes: Scope[];
  folder_id: string | null;
  expires_at: string | null;
}

export async function accessTokenPolicy(): Promise<AccessTokenPolicy> {
  return unwrap(await supabase.rpc('access_token_policy')) as unknown as AccessTokenPolicy;
}

/** The caller's tokens, newest first, each with its folder's name. */
export async function listAccessTokens(): Promise<AccessToken[]> {
  const rows = unwrap(await supabase.from('my_access_tokens').select('*')) as unknown as Omit<AccessToken, 'folder_name'>[];
  const ids = [...new Set(rows.map((r) => r.folder_id).filter((id): id is string => id !== null))];
  const names = new Map<string, string>();
  if (ids.length) {
    for (const f of unwrap(await supabase.from('folders').select('id, name').in('id', ids)) ?? []) names.set(f.id!, f.name!);
  }
  return rows.map((r) => ({ ...r, folder_name: r.folder_id ? (names.get(r.folder_id) ?? null) : null }));
}

/** Makes a token; expiresIn in seconds, 0 for never (only when the policy allows it). */
export async function createAccessToken(args: { name: string; scopes: Scope[]; folderId: string | null; expiresIn: number }): Promise<NewAccessToken> {
  return unwrap(
    await supabase.rpc('create_access_token', {
      name: args.name,
      scopes: args.scopes,
      folder_id: args.folderId ?? undefined,
      expires_in: args.expiresIn,
    }),
  ) as unknown as NewAccessToken;
}

export async function revokeAccessToken(id: string): Promise<void> {
  unwrap(await supabase.rpc('revoke_access_token', { token_id: id }));
}

/** The WebDAV address to mount (rclone, Finder, davfs). */
export function webdavUrl(): string {
  return functionUrl('webdav/');
}

/** A shell example that exchanges the token for a JWT and lists files with it. */
export function curlExample(token: string): string {
  return [
    `JWT=$(curl -s -X POST '${supabaseUrl}/rest/v1/rpc/token_from_access_token' \\`,
    `  -H 'apikey: ${supabaseAnonKey}' -H 'content-type: application/json' \\`,
    `  -d '{"access_token": "${token}"}' | sed -E 's/.*"token" *: *"([^"]+)".*/\\1/')`,
    `curl -s '${supabaseUrl}/rest/v1/files?select=name,size' \\`,
    `  -H 'apikey: ${supabaseAnonKey}' -H "authorization: Bearer $JWT"`,
  ].join('\n');
}
