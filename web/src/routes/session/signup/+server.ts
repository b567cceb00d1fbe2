// POST /session/signup {email, password, name}: creates the account and signs in.
import type { RequestHandler } from './$types';
import { callRpc, checkOrigin, fail, grantResponse, readJson, readTokenRow, relayError } from '$lib/server/session-cookie';

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
  const row = await readTokenRow(res);
  return row ? grantResponse(event, row) : fail(502, 'The API answered signup without a token');
};
