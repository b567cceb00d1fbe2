/**
 * Request authentication as PostgREST does it: an HS256 JWT from
 * `Authorization: Bearer` (or Supabase's `apikey` header) names the role the
 * request runs as; no token means the anonymous role.
 */
import { errors as joseErrors, jwtVerify } from "jose";
import { HttpError } from "./errors.ts";

export type Claims = Record<string, unknown>;

export interface Identity {
  role: string;
  claims: Claims;
  /** The claims as JSON text, made once per token (for `request.jwt.claims`). */
  claimsJson: string;
  /** True when no token was given: permission errors are then 401, not 403. */
  anonymous: boolean;
}

export interface AuthOptions {
  secret: string;
  anonRole: string;
  audience: string | null;
}

/** PostgREST accepts tokens up to 30 seconds past expiry or before nbf/iat. */
const CLOCK_SKEW_SECONDS = 30;
const CACHE_LIMIT = 1000;

function unauthorized(code: string, message: string): HttpError {
  const description = message.replaceAll('"', "'");
  return new HttpError(401, code, message, null, null, {
    "www-authenticate": `Bearer error="invalid_token", error_description="${description}"`,
  });
}

/** The bearer token of a request: Authorization first, then the apikey header. */
export function bearerToken(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth !== null) {
    const m = /^bearer\s+(.*)$/i.exec(auth.trim());
    if (!m) return null;
    return m[1].trim() || null;
  }
  // Supabase's API gateway accepts the key alone; PostgREST would see no token.
  return headers.get("apikey")?.trim() || null;
}

/** Creates an authenticator that verifies tokens and caches verified claims until they expire. */
export function createAuthenticator(options: AuthOptions): (headers: Headers) => Promise<Identity> {
  const key = new TextEncoder().encode(options.secret);
  const cache = new Map<string, { claims: Claims; claimsJson: string; exp: number | null }>();

  async function verify(token: string): Promise<{ claims: Claims; claimsJson: string }> {
    const hit = cache.get(token);
    const now = Date.now() / 1000;
    if (hit && (hit.exp === null || hit.exp + CLOCK_SKEW_SECONDS > now)) return hit;
    const parts = token.split(".");
    if (parts.length !== 3) throw unauthorized("PGRST301", `Expected 3 parts in JWT; got ${parts.length}`);
    let claims: Claims;
    try {
      const result = await jwtVerify(token, key, {
        algorithms: ["HS256"],
        clockTolerance: CLOCK_SKEW_SECONDS,
        audience: options.audience ?? undefined,
      });
      claims = result.payload as Claims;
    } catch (err) {
      throw joseError(err);
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    const entry = { claims, claimsJson: JSON.stringify(claims), exp: typeof claims.exp === "number" ? claims.exp : null };
    cache.set(token, entry);
    return entry;
  }

  return async (headers: Headers): Promise<Identity> => {
    const token = bearerToken(headers);
    if (token === null) {
      if (headers.has("authorization")) throw unauthorized("PGRST301", "Invalid Authorization header");
      return { role: options.anonRole, claims: {}, claimsJson: "{}", anonymous: true };
    }
    const { claims, claimsJson } = await verify(token);
    const role = claims.role;
    if (role !== undefined && (typeof role !== "string" || role === "")) {
      throw unauthorized("PGRST301", "JWT role claim must be a non-empty string");
    }
    const name = (role as string | undefined) ?? options.anonRole;
    return { role: name, claims, claimsJson, anonymous: name === options.anonRole };
  };
}

function joseError(err: unknown): HttpError {
  if (err instanceof joseErrors.JWTExpired) return unauthorized("PGRST303", "JWT expired");
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === "aud") return unauthorized("PGRST303", "JWT not in audience");
    return unauthorized("PGRST303", `JWT claim "${err.claim}" is not valid`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return unauthorized("PGRST301", "Wrong or unsupported encoding algorithm");
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return unauthorized("PGRST301", "JWSError JWSInvalidSignature");
  return unauthorized("PGRST301", "JWSError: the token is malformed");
}
