/**
 * WebDAV sign-in: HTTP Basic with a personal access token as the password
 * (any user name), exchanged once by SQL (api.token_from_access_token, which
 * counts failures per address) for a short-lived JWT whose claims are the
 * caller. The exchange is cached until shortly before the JWT expires; a
 * revoked token's session fails the pre-request at once, and the handler
 * then forgets the cache entry and asks again.
 */
import { ANON, asCaller, type Caller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";

export const CHALLENGE = { "www-authenticate": 'Basic realm="pgdrive", charset="UTF-8"' };

const unauthorized = (message: string) => new HttpError(401, "PT401", message, null, null, CHALLENGE);

interface Cached {
  caller: Caller;
  until: number;
}
const cache = new Map<string, Cached>();
const MAX_CACHED = 1000;

async function keyOf(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The password of a Basic Authorization header, or null. */
export function basicPassword(req: Request): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : decoded.slice(colon + 1);
}

function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const padded = part + "=".repeat((4 - (part.length % 4)) % 4);
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0))));
}

/** The caller behind a request's access token: 401 (with the Basic challenge) or 429 otherwise. */
export async function davCaller(req: Request): Promise<Caller> {
  const secret = basicPassword(req);
  // Only an access token: an account password is never tried here.
  if (!secret || !/^pgd_[A-Za-z0-9_-]{20,100}$/.test(secret)) {
    throw unauthorized("Sign in with your email and a personal access token as the password.");
  }
  const key = await keyOf(secret);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.caller;
  const answer = await asCaller(ANON, req, async (tx) => {
    const [row] = await tx`select api.token_from_access_token(${secret}) as a`;
    return row.a as Record<string, unknown> | Record<string, unknown>[];
  });
  if (!Array.isArray(answer)) {
    if (answer.code === "PT429") {
      const wait = /(\d+)/.exec(String(answer.hint ?? ""))?.[1] ?? "60";
      throw new HttpError(429, "PT429", String(answer.message), null, String(answer.hint ?? ""), { "retry-after": wait });
    }
    throw unauthorized("Invalid, expired or revoked access token.");
  }
  const jwt = String(answer[0].token);
  const claims = claimsOf(jwt);
  const caller: Caller = { userId: String(claims.sub), role: "authenticated", claims };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  // A minute before the JWT expires, exchange again.
  cache.set(key, { caller, until: (Number(claims.exp) - 60) * 1000 });
  return caller;
}

/** Forgets a request's cached exchange (its session ended). */
export async function forgetCaller(req: Request): Promise<void> {
  const secret = basicPassword(req);
  if (secret) cache.delete(await keyOf(secret));
}
