/**
 * The transaction-local settings PostgREST gives every request: the role,
 * the JWT claims, method, path, headers and cookies, the search path, and the
 * impersonated role's own settings (such as its statement_timeout).
 * One statement, one fixed text, so it is prepared once per connection.
 */
import type { Identity } from "../auth.ts";
import { HttpError } from "../errors.ts";
import type { SchemaCache } from "../schema-cache.ts";
import type { Statement } from "./execute.ts";
import { parseCookies } from "./request.ts";
import { ident, qualified } from "./sql.ts";

const SETUP = `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
  set_config('request.method', $3, true), set_config('request.path', $4, true),
  set_config('request.headers', $5, true), set_config('request.cookies', $6, true),
  set_config('search_path', $7, true),
  (select count(set_config(key, value, true)) from json_each_text($8::json))`;

/** Refuses a role the authenticator may not switch to, as PostgREST does (401). */
export function checkRole(cache: SchemaCache, identity: Identity): void {
  if (!cache.allowedRoles.has(identity.role)) {
    throw new HttpError(401, "PGRST301", `The JWT role "${identity.role}" cannot be used by this server`, null, null, {
      "www-authenticate": `Bearer error="invalid_token", error_description="role not allowed"`,
    });
  }
}

/** The setup statement for one request. */
export function setupStatement(
  cache: SchemaCache,
  identity: Identity,
  req: Request,
  path: string,
  schema: string,
  extraSearchPath: string[],
): Statement {
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
  const settings = cache.roleSettings.get(identity.role) ?? [];
  const searchPath = [schema, ...extraSearchPath].map(ident).join(", ");
  return {
    sql: SETUP,
    params: [
      identity.role,
      JSON.stringify(identity.claims),
      req.method,
      path,
      JSON.stringify(headers),
      JSON.stringify(parseCookies(req.headers.get("cookie"))),
      searchPath,
      JSON.stringify(Object.fromEntries(settings)),
    ],
  };
}

/** `select "api"."pre_request"()` for PostgREST's db-pre-request, or null. */
export function preRequestStatement(name: string | null, defaultSchema: string): string | null {
  if (!name) return null;
  const dot = name.indexOf(".");
  const [schema, fn] = dot < 0 ? [defaultSchema, name] : [name.slice(0, dot), name.slice(dot + 1)];
  return `select ${qualified(schema.replace(/^"(.*)"$/, "$1"), fn.replace(/^"(.*)"$/, "$1"))}()`;
}
