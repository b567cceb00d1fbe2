/**
 * Verifies the caller's access token (HS256, the project's JWT secret) the
 * way PostgREST does, and turns it into a `Caller` for `asCaller`.
 */
import { jwtVerify } from "jose";
import { config } from "./config.ts";
import { type Caller, sql } from "./db.ts";
import { HttpError } from "./http.ts";

let secretKey: Uint8Array | null = null;

/** The JWT secret as a key: from the environment, else from `private.settings` (hosted projects). */
export async function jwtKey(): Promise<Uint8Array> {
  if (secretKey) return secretKey;
  let secret = config().jwtSecret;
  if (!secret) {
    const rows = await sql()`select private.setting('jwt_secret') as secret`;
    secret = (rows[0]?.secret as string | null) ?? null;
    if (!secret) throw new Error("no JWT secret: set SUPABASE_JWT_SECRET or private.settings jwt_secret");
  }
  secretKey = new TextEncoder().encode(secret);
  return secretKey;
}

/** The bearer token of a request, or null. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

const unauthorized = (message: string) =>
  new HttpError(401, "PGRST301", message, null, null, { "www-authenticate": 'Bearer error="invalid_token"' });

/**
 * The signed-in user behind a request: 401 without a valid, unexpired access
 * token that names a user (`sub`) and the `authenticated` (or service) role.
 */
export async function authenticate(req: Request, options: { allowService?: boolean } = {}): Promise<Caller> {
  const token = bearerToken(req);
  if (!token) throw unauthorized("Sign in first: this needs an access token.");
  let claims: Record<string, unknown>;
  try {
    const result = await jwtVerify(token, await jwtKey(), { algorithms: ["HS256"] });
    claims = result.payload as Record<string, unknown>;
  } catch {
    throw unauthorized("The access token is invalid or expired.");
  }
  const aud = claims.aud;
  const wanted = config().jwtAud;
  if (aud !== undefined && aud !== wanted && !(Array.isArray(aud) && aud.includes(wanted))) {
    throw unauthorized("The access token is not for this API.");
  }
  const role = typeof claims.role === "string" ? claims.role : "";
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  // The service-role key names no user: only routes that allow it (maintenance) accept it.
  if (options.allowService && role === "service_role") return { userId: sub, role, claims };
  if (!["authenticated", "service_role"].includes(role) || !/^[0-9a-f-]{36}$/i.test(sub)) {
    throw unauthorized("Sign in first: this needs a user's access token.");
  }
  return { userId: sub, role, claims };
}
