// POST /session/refresh: rotates the refresh cookie and returns a new access token.
import type { RequestHandler } from './$types';
import {
  REFRESH_COOKIE,
  callRpc,
  checkOrigin,
  clientOf,
  clearRefreshCookie,
  fail,
  grantResponse,
  readTokenRow,
  relayError,
  type TokenRow,
} from '$lib/server/session-cookie';
import { RefreshGrace } from '$lib/server/refresh-grace';

type Outcome = { row: TokenRow } | { error: Response };
const grace = new RefreshGrace<Outcome>();

export const POST: RequestHandler = async (event) => {
  const refused = checkOrigin(event);
  if (refused) return refused;
  const refreshToken = event.cookies.get(REFRESH_COOKIE);
  // No cookie is no session, not a failure: a first visit makes no failing request.
  if (!refreshToken) return new Response(null, { status: 204 });
  const outcome = await grace.run(refreshToken, clientOf(event), async (): Promise<Outcome> => {
    const res = await callRpc(event, 'refresh', { refresh_token: refreshToken });
    if (!res.ok) return { error: await relayError(res) };
    const row = await readTokenRow(res);
    return row ? { row } : { error: fail(502, 'The API answered refresh without a token') };
  });
  if ('row' in outcome) return grantResponse(event, outcome.row);
  const { error } = outcome;
  // 4xx from the API: the session is over (expired, revoked, reused).
  if (error.status < 500) {
    clearRefreshCookie(event.cookies, event.url);
    return fail(401, 'Your session has ended. Please sign in again.', 'PGRST301');
  }
  return error.clone();
};
