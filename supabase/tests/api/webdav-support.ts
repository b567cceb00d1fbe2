// What the WebDAV API tests share: the mount's URL, a personal access token
// for a user, HTTP Basic with it, and one request against the mount.
import { clientWithToken, stack } from './support';
import type { TestUser } from './files-support';

export const davUrl = () => `${stack.apiUrl}/functions/v1/webdav/`;

export async function token(user: TestUser, scopes: string[], folder_id?: string): Promise<{ id: string; token: string }> {
  const { data, error } = await clientWithToken(user.token).rpc('create_access_token', { name: 'dav', scopes, folder_id });
  if (error) throw new Error(JSON.stringify(error));
  return data;
}

export const basic = (user: TestUser, secret: string) =>
  'Basic ' + Buffer.from(`${user.email}:${secret}`).toString('base64');

export function dav(
  method: string, p: string, auth: string, init: { headers?: Record<string, string>; body?: string | Uint8Array } = {},
) {
  return fetch(new URL(p, davUrl()), {
    method, headers: { authorization: auth, ...init.headers }, body: init.body, signal: AbortSignal.timeout(10_000),
  });
}

/** The status of a request, its body read and dropped. */
export async function statusOf(res: Promise<Response>): Promise<number> {
  const r = await res;
  await r.arrayBuffer();
  return r.status;
}
