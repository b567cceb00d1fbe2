// POST /session/signup {email, password, name}: creates the account. With
// email confirmation off the API signs it in (the refresh token goes into the
// cookie); on, it answers "check your email" and no session, which is
// relayed as it is.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { callRpc, checkOrigin, fail, grantResponse, readJson, relayError, tokenRowOf } from '$lib/server/session-cookie';

export const POST: RequestHandler = async (event) => {
  const refused = checkOrigin(event);
  if (refused) return refused;
  const body = await readJson(event.request);
  if (!body || typeof body.email !== 'string' || typeof body.password !== 'string') {
    return fail(400, 'Email and password are required', 'PT400');
  }
  const name = typeof body.name === 'string' ? body.name : '';
  const res = await callRpc(event, 'signup', { email: body.email, password: body.password, name });
  if (!res.ok) return relayError(res);
  const answer = await res.json().catch(() => null);
  const row = tokenRowOf(answer);
  if (row) return grantResponse(event, row);
  if (answer && typeof answer === 'object' && answer.confirmation_sent === true) {
    return json({ message: String(answer.message ?? ''), confirmation_sent: true }, { headers: { 'cache-control': 'no-store' } });
  }
  return fail(502, 'The API answered signup without a token');
};
