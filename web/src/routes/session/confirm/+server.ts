// POST /session/confirm {token}: opens an email-confirmation link through the
// API's rpc/confirm_email. A signup's link signs in, so its refresh token
// goes into the same HttpOnly cookie login sets; an email change's link
// answers its message and the new address.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { callRpc, checkOrigin, fail, grantResponse, readJson, relayError, tokenRowOf } from '$lib/server/session-cookie';

export const POST: RequestHandler = async (event) => {
  const refused = checkOrigin(event);
  if (refused) return refused;
  const body = await readJson(event.request);
  if (!body || typeof body.token !== 'string') {
    return fail(400, 'This confirmation link is invalid or has expired', 'PT400');
  }
  const res = await callRpc(event, 'confirm_email', { token: body.token });
  if (!res.ok) return relayError(res);
  const answer = await res.json().catch(() => null);
  const row = tokenRowOf(answer);
  if (row) return grantResponse(event, row);
  if (answer && typeof answer === 'object' && typeof answer.message === 'string') {
    return json({ message: answer.message, email: typeof answer.email === 'string' ? answer.email : null });
  }
  return fail(502, 'The API answered the confirmation without a result');
};
