/**
 * Acting as the caller: the one way SQL runs on a caller's behalf, for the
 * gateway's REST API (gateway/rest/session.ts) and every edge function
 * (`asCaller` in db.ts), as PostgREST does it. Inside the caller's
 * transaction, one statement sets the role the JWT names, its claims
 * (`request.jwt.claims`), the request's method, path, headers and cookies,
 * the search path, and the role's own settings (`alter role authenticated
 * set statement_timeout = '8s'`: a login as that role would get them, a
 * role switch does not, so they are set here); then the pre-request
 * function runs (PostgREST's db-pre-request: it refuses the tokens and
 * grants of ended sessions). The statement has one fixed text, so it is
 * prepared once per connection (bench/gateway.md).
 */
import type postgres from "postgres";
import { currentRequestId } from "./request-id.ts";

type Sql = postgres.Sql;

/** One statement and its bound values. */
export interface SetupStatement {
  sql: string;
  params: string[];
}

const SETUP = `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
  set_config('request.method', $3, true), set_config('request.path', $4, true),
  set_config('request.headers', $5, true), set_config('request.cookies', $6, true),
  set_config('search_path', $7, true),
  (select count(set_config(key, value, true)) from json_each_text($8::text::json))`;

/** Each role's own settings that a transaction may set, by role name. */
export type RoleSettings = Map<string, [string, string][]>;

/** What acting as a caller needs to know of the database, read at start (and on reload). */
export interface CallerSettings {
  roleSettings: RoleSettings;
  /** `select "app"."pre_request"()`, or null when no db-pre-request is configured. */
  preRequest: string | null;
}

/** Who acts, on which request. */
export interface CallerRequest {
  /** The role the JWT names (the gateway has checked that the login may switch to it). */
  role: string;
  /** The verified claims as JSON text. */
  claimsJson: string;
  method: string;
  /** The path as PostgREST would see it (`/rpc/login`; a function's own path, `/files/uploads`). */
  path: string;
  headers: Headers | null;
  /** Replaces any client-supplied `x-client-ip`: only the gateway may set it. */
  clientIp?: string;
  /** The search path, already quoted (`"api", "public"`). */
  searchPath: string;
  /** A GET or HEAD on a table or view: see `settingsJson`. */
  relationRead?: boolean;
}

/** The role's own settings as JSON, made once per settings list (the lists are the cache's). */
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
 * any client-supplied `x-client-ip`; the id of the request being served (see
 * request-id.ts) is `x-request-id`.
 */
export function headersJson(headers: Headers | null, clientIp?: string): string {
  const out: Record<string, string> = {};
  headers?.forEach((v, k) => (out[k] = v));
  if (clientIp !== undefined) out["x-client-ip"] = clientIp;
  const requestId = currentRequestId();
  if (requestId !== null) out["x-request-id"] = requestId;
  return JSON.stringify(out);
}

/** Request cookies as an object, for `request.cookies`. */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The setup statement of one caller's transaction. */
export function setupStatement(roleSettings: RoleSettings, r: CallerRequest): SetupStatement {
  const cookie = r.headers?.get("cookie") ?? null;
  return {
    sql: SETUP,
    params: [
      r.role,
      r.claimsJson,
      r.method,
      r.path,
      headersJson(r.headers, r.clientIp),
      cookie === null ? "{}" : JSON.stringify(parseCookies(cookie)),
      r.searchPath,
      settingsJson(roleSettings.get(r.role) ?? NO_SETTINGS, r.relationRead ?? false),
    ],
  };
}

/** Quotes a schema name for the search path. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `select "app"."pre_request"()` for PostgREST's db-pre-request (`schema.name`, or a name in `defaultSchema`), or null. */
export function preRequestStatement(name: string | null, defaultSchema: string): string | null {
  if (!name) return null;
  const dot = name.indexOf(".");
  const [schema, fn] = dot < 0 ? [defaultSchema, name] : [name.slice(0, dot), name.slice(dot + 1)];
  return `select ${quoteName(schema.replace(/^"(.*)"$/, "$1"))}.${quoteName(fn.replace(/^"(.*)"$/, "$1"))}()`;
}

/** Every role's `alter role ... set` list (for any database and this one) and whether the login may become it. */
const ROLES = `
select r.rolname::text as name, pg_has_role(current_user, r.oid, 'member') as member,
  coalesce((select json_agg(s.setconfig order by s.setdatabase) from pg_db_role_setting s
    where s.setrole = r.oid and s.setdatabase in (0, (select oid from pg_database where datname = current_database()))),
    '[]')::text as settings
from pg_roles r`;

function parseSettings(raw: string): [string, string][] {
  const out = new Map<string, string>();
  for (const config of JSON.parse(raw) as (string[] | null)[]) {
    for (const item of config ?? []) {
      const i = item.indexOf("=");
      if (i > 0) out.set(item.slice(0, i), item.slice(i + 1));
    }
  }
  return [...out];
}

/**
 * The roles the login may switch to, and each one's own settings that a
 * transaction may set: those of context `user` (statement_timeout,
 * plan_cache_mode …) and custom ones (`app.x`), never PostgREST's `pgrst.*`.
 */
export async function loadRoles(sql: Sql): Promise<{ allowed: Set<string>; settings: RoleSettings }> {
  const [roleRows, gucRows] = await Promise.all([
    sql.unsafe(ROLES),
    sql.unsafe(`select name from pg_settings where context = 'user'`),
  ]);
  const settable = new Set(gucRows.map((r) => r.name as string));
  const allowed = new Set<string>();
  const settings: RoleSettings = new Map();
  for (const row of roleRows) {
    if (!row.member) continue;
    allowed.add(row.name);
    const own = parseSettings(row.settings).filter(([k]) => settable.has(k) || (k.includes(".") && !k.startsWith("pgrst.")));
    if (own.length) settings.set(row.name, own);
  }
  return { allowed, settings };
}

/**
 * PostgREST's in-database configuration: the `pgrst.*` settings (keys without
 * the prefix) of `role`, or of the role logged in (the gateway logs in as
 * the authenticator; functions, as a superuser, name it).
 */
export async function loadPgrstSettings(sql: Sql, role: string | null = null): Promise<Map<string, string>> {
  const rows = await sql.unsafe(`${ROLES} where r.rolname = coalesce($1::text, current_user)`, [role]);
  const out = new Map<string, string>();
  for (const [key, value] of parseSettings(rows[0]?.settings ?? "[]")) {
    if (key.startsWith("pgrst.")) out.set(key.slice("pgrst.".length), value);
  }
  return out;
}
