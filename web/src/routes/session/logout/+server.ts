// POST /session/logout (Authorization: Bearer <access token>): ends the
// session server-side and clears the refresh cookie.
import type { RequestHandler } from './$types';
import { REFRESH_COOKIE, callRpc, checkOrigin, clearRefreshCookie, readTokenRow } from '$lib/server/session-cookie';

export const POST: RequestHandler = async (event) => {
  const refused = checkOrigin(event);
  if (refused) return refused;
  const token = event.request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') || null;
  const refreshToken = event.cookies.get(REFRESH_COOKIE);
  clearRefreshCookie(event.cookies, event.url);
  let access = token;
  if (!access && refreshToken) {
    // No access token in memory: trade the cookie for one, only to end its session.
    const res = await callRpc(event, 'refresh', { refresh_token: refreshToken }).catch(() => null);
    access = res?.ok ? ((await readTokenRow(res))?.token ?? null) : null;
  }
  if (access) await callRpc(event, 'logout', {}, access).catch(() => null);
  return new Response(null, { status: 204 });
};
