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

/** The role's own settings as JSON, made once per schema cache (the arrays are the cache's). */
const roleSettingsJson = new WeakMap<object, string>();
const readSettingsJson = new WeakMap<object, string>();
const NO_SETTINGS: [string, string][] = [];

/**
 * Reads of tables and views run on Postgres's generic plan. Their statement binds LIMIT and
 * OFFSET, and for a bound LIMIT the planner prices the generic plan as if it read a tenth of
 * the rows, so in its default mode it re-plans every request: measured, a quarter of
 * Postgres's CPU for a page of 50 (bench/gateway.md). A role's own plan_cache_mode wins.
 */
function settingsJson(settings: [string, string][], relationRead: boolean): string {
  const cache = relationRead ? readSettingsJson : roleSettingsJson;
  let json = cache.get(settings);
  if (json === undefined) {
    const values = Object.fromEntries(settings);
    if (relationRead) values.plan_cache_mode ??= "force_generic_plan";
    json = JSON.stringify(values);
    cache.set(settings, json);
  }
  return json;
}

/**
 * `request.headers` as PostgREST sets it: a JSON object of lower-cased names
 * (Headers already yields them lower-cased). `clientIp`, when given, replaces
 * any client-supplied `x-client-ip`: only the gateway may set it.
 */
export function headersJson(headers: Headers, clientIp?: string): string {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => (out[k] = v));
  if (clientIp !== undefined) out["x-client-ip"] = clientIp;
  return JSON.stringify(out);
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
  const settings = cache.roleSettings.get(identity.role) ?? NO_SETTINGS;
  const searchPath = [schema, ...extraSearchPath].map(ident).join(", ");
  const cookie = req.headers.get("cookie");
  return {
    sql: SETUP,
    params: [
      identity.role,
      identity.claimsJson,
      req.method,
      path,
      headersJson(req.headers, clientIp),
      cookie === null ? "{}" : JSON.stringify(parseCookies(cookie)),
      searchPath,
      settingsJson(settings, relationRead),
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
