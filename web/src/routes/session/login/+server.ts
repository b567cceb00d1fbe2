// POST /session/login {email, password}: signs in through the API's rpc/login.
import type { RequestHandler } from './$types';
import { callRpc, checkOrigin, fail, grantResponse, readJson, readTokenRow, relayError } from '$lib/server/session-cookie';

export const POST: RequestHandler = async (event) => {
  const refused = checkOrigin(event);
  if (refused) return refused;
  const body = await readJson(event.request);
  if (!body || typeof body.email !== 'string' || typeof body.password !== 'string') {
    return fail(400, 'Email and password are required', 'PT400');
  }
  const res = await callRpc(event, 'login', { email: body.email, password: body.password });
  if (!res.ok) return relayError(res);
  const row = await readTokenRow(res);
  return row ? grantResponse(event, row) : fail(502, 'The API answered login without a token');
};
