// The refresh-token cookie and the gateway calls behind the /session/* routes.
// The refresh token lives only here, server-side, and in an HttpOnly,
// SameSite=Strict cookie scoped to /session; JavaScript never sees it.
import { json, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/public';

export const REFRESH_COOKIE = 'pgdrive_refresh';
const COOKIE_PATH = '/session';
const THIRTY_DAYS = 30 * 24 * 60 * 60;

/** The gateway's answer to rpc/login, rpc/signup and rpc/refresh (one row). */
export interface TokenRow {
  token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  user: Record<string, unknown>;
}

/** Loopback hosts may use plain http during development; everywhere else the cookie is Secure. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

/** A PostgREST-shaped JSON error response. */
export function fail(status: number, message: string, code = String(status)): Response {
  return json({ code, message, details: null, hint: null }, { status });
}

/**
 * Refuses state-changing calls from other sites: the Origin header must be
 * this app's own origin (SameSite=Strict already keeps the cookie away from
 * cross-site requests; this also stops login CSRF on the login route).
 */
export function checkOrigin(event: RequestEvent): Response | null {
  const origin = event.request.headers.get('origin');
  if (!origin || origin !== event.url.origin) return fail(403, 'Cross-site request refused', '42501');
  return null;
}

/** Stores the refresh token in the cookie. */
export function setRefreshCookie(event: RequestEvent, refreshToken: string): void {
  event.cookies.set(REFRESH_COOKIE, refreshToken, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: event.url.protocol === 'https:' || !isLoopback(event.url.hostname),
    maxAge: THIRTY_DAYS,
  });
}

export function clearRefreshCookie(cookies: Cookies, url: URL): void {
  cookies.delete(REFRESH_COOKIE, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: url.protocol === 'https:' || !isLoopback(url.hostname),
  });
}

/**
 * The visitor's address as adapter-node sees it: the socket's, or, when the
 * web server itself sits behind a proxy, the one its ADDRESS_HEADER and
 * XFF_DEPTH settings name. Null when it cannot tell (a misconfigured header).
 */
export function visitorAddress(event: RequestEvent): string | null {
  try {
    return event.getClientAddress();
  } catch {
    return null;
  }
}

/** Who is calling, as far as the server can tell: the visitor's address and user agent. */
export function clientOf(event: RequestEvent): string {
  return `${visitorAddress(event) ?? ''}\n${event.request.headers.get('user-agent') ?? ''}`;
}

/**
 * Calls an RPC on the gateway from the server. The visitor's address goes in
 * X-Forwarded-For, the only hop this server vouches for, so per-IP login
 * limits count the person, not this server (the gateway honours it when
 * GATEWAY_TRUST_PROXY lists this server's address, as `npm start` sets it).
 */
export async function callRpc(
  event: RequestEvent,
  name: string,
  args: Record<string, unknown>,
  token?: string | null,
): Promise<Response> {
  const base = (env.PUBLIC_SUPABASE_URL || 'http://127.0.0.1:54321').replace(/\/+$/, '');
  const key = env.PUBLIC_SUPABASE_ANON_KEY || '';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    apikey: key,
    authorization: `Bearer ${token || key}`,
    'user-agent': event.request.headers.get('user-agent') ?? 'pgdrive-web',
  };
  const visitor = visitorAddress(event);
  if (visitor) headers['x-forwarded-for'] = visitor;
  return fetch(`${base}/rest/v1/rpc/${name}`, { method: 'POST', headers, body: JSON.stringify(args) });
}

/** The token row in an RPC's answer (a one-element array, or the object itself), or null. */
export function tokenRowOf(body: unknown): TokenRow | null {
  const row = Array.isArray(body) ? body[0] : body;
  return row && typeof row.token === 'string' && typeof row.refresh_token === 'string' ? (row as TokenRow) : null;
}

/** Reads a token row from a response. */
export async function readTokenRow(res: Response): Promise<TokenRow | null> {
  return tokenRowOf(await res.json().catch(() => null));
}

/** Relays a gateway error (its status and PostgREST body) to the browser. */
export async function relayError(res: Response): Promise<Response> {
  const text = await res.text();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const retry = res.headers.get('retry-after');
  if (retry) headers['retry-after'] = retry;
  let body = text;
  try {
    JSON.parse(text);
  } catch {
    body = JSON.stringify({ code: String(res.status), message: text || res.statusText, details: null, hint: null });
  }
  // A gateway failure is not the browser's 5xx to see as ours; keep 4xx as they are.
  return new Response(body, { status: res.status >= 500 ? 502 : res.status, headers });
}

/** Answers the browser with the access token and user, keeping the refresh token in the cookie. */
export function grantResponse(event: RequestEvent, row: TokenRow): Response {
  setRefreshCookie(event, row.refresh_token);
  return json(
    { token: row.token, expires_in: row.expires_in, token_type: row.token_type, user: row.user },
    { headers: { 'cache-control': 'no-store' } },
  );
}

/** Reads a JSON object body, or null. */
export async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body = await request.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? body : null;
  } catch {
    return null;
  }
}
