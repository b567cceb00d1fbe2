// POST /session/logout (Authorization: Bearer <access token>): ends the
// session server-side and clears the refresh cookie.
import type { RequestHandler } from './$types';
import { REFRESH_COOKIE, callRpc, checkOrigin, clearRefreshCookie } from '$lib/server/session-cookie';

export const POST: RequestHandler = async (event) => {
  const refused = checkOrigin(event);
  if (refused) return refused;
  const token = event.request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') || null;
  const refreshToken = event.cookies.get(REFRESH_COOKIE);
  clearRefreshCookie(event.cookies, event.url);
  if (token) {
    await callRpc(event, 'logout', {}, token).catch(() => null);
  } else if (refreshToken) {
    // No access token in memory (e.g. expired): end the session via its refresh token.
    await callRpc(event, 'logout', { refresh_token: refreshToken }).catch(() => null);
  }
  return new Response(null, { status: 204 });
};
