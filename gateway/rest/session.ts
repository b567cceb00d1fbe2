/**
 * The gateway's side of acting as the caller: the one setup statement every
 * caller's transaction starts with (supabase/functions/_shared/caller.ts,
 * shared with every edge function) for a REST request, and the role check
 * PostgREST makes before it. The statement has one fixed text, so it is
 * prepared once per connection.
 */
import { preRequestStatement, quoteName, setupStatement as callerSetup } from "../../supabase/functions/_shared/caller.ts";
import type { Identity } from "../auth.ts";
import { HttpError } from "../errors.ts";
import type { SchemaCache } from "../schema-cache.ts";
import type { Statement } from "./execute.ts";

export { preRequestStatement };

/** Refuses a role the authenticator may not switch to, as PostgREST does (401). */
export function checkRole(cache: SchemaCache, identity: Identity): void {
  if (!cache.allowedRoles.has(identity.role)) {
    throw new HttpError(401, "PGRST301", `The JWT role "${identity.role}" cannot be used by this server`, null, null, {
      "www-authenticate": `Bearer error="invalid_token", error_description="role not allowed"`,
    });
  }
}

/** The setup statement for one request; `relationRead` for a GET or HEAD on a table or view. */
export function setupStatement(
  cache: SchemaCache,
  identity: Identity,
  req: Request,
  path: string,
  schema: string,
  extraSearchPath: string[],
  clientIp: string | undefined,
  relationRead: boolean,
): Statement {
  return callerSetup(cache.roleSettings, {
    role: identity.role,
    claimsJson: identity.claimsJson,
    method: req.method,
    path,
    headers: req.headers,
    clientIp,
    // A setting's value, bound as a parameter: quoted as set_config reads a search path.
    searchPath: [schema, ...extraSearchPath].map(quoteName).join(", "),
    relationRead,
  });
}
