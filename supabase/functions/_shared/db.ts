/**
 * The database for edge functions: one pooled connection (SUPABASE_DB_URL,
 * as hosted Supabase gives functions), and `asCaller`, which runs SQL in
 * one transaction *as the caller* the one way the gateway's REST API does
 * too (`caller.ts`): the role, claims, request, the role's own settings
 * and the pre-request check, so row-level security, the grants and the SQL
 * functions decide what is allowed.
 */
import postgres from "postgres";
import { type CallerSettings, loadPgrstSettings, loadRoles, preRequestStatement, quoteName, setupStatement } from "./caller.ts";
import { config } from "./config.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Who is calling: the verified claims of their access token (or of a grant minted for their session). */
export interface Caller {
  userId: string;
  role: string;
  claims: Record<string, unknown>;
}

/** The service role, as maintenance and internal bookkeeping act: SQL grants decide what it may do. */
export const SERVICE: Caller = { userId: "", role: "service_role", claims: { role: "service_role" } };

/** Whoever holds no token (a public link, an avatar image): the anonymous role. */
export const ANON: Caller = { userId: "", role: "anon", claims: { role: "anon" } };

let pool: Sql | null = null;

/** The shared pool (a superuser on both stacks). Use `asCaller` for anything done on a caller's behalf. */
export function sql(): Sql {
  pool ??= postgres(config().dbUrl, {
    max: 10,
    idle_timeout: 30,
    onnotice: () => {},
    connection: { application_name: "pgdrive-functions" },
  });
  return pool;
}

/** Closes the pool (tests, shutdown). */
export async function closeSql(): Promise<void> {
  const p = pool;
  pool = null;
  settings = null;
  await p?.end({ timeout: 2 });
}

interface FunctionCallerSettings extends CallerSettings {
  searchPath: string;
}

/** How long the roles' settings and the pre-request are trusted before they are read again. */
const SETTINGS_TTL_MS = 60_000;
let settings: { value: Promise<FunctionCallerSettings>; at: number } | null = null;

const list = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);

/**
 * What PostgREST would apply, read as PostgREST reads it: every role's own
 * settings, and the authenticator's in-database configuration for the
 * pre-request (PGRST_DB_PRE_REQUEST wins) and the search path.
 */
function callerSettings(): Promise<FunctionCallerSettings> {
  if (settings && Date.now() - settings.at < SETTINGS_TTL_MS) return settings.value;
  const value = (async () => {
    const db = sql();
    const [roles, pgrst] = await Promise.all([loadRoles(db), loadPgrstSettings(db, "authenticator")]);
    const schemas = list(pgrst.get("db_schemas") ?? "api");
    const extra = list(pgrst.get("db_extra_search_path") ?? "public");
    const name = config().preRequest ?? (pgrst.get("db_pre_request") || null);
    return {
      roleSettings: roles.settings,
      preRequest: preRequestStatement(name, schemas[0] ?? "api"),
      searchPath: [schemas[0] ?? "api", ...extra].map(quoteName).join(", "),
    };
  })();
  const entry = { value, at: Date.now() };
  settings = entry;
  value.catch(() => {
    if (settings === entry) settings = null;
  });
  return value;
}

/** Reads the roles' settings and the pre-request again on the next call (tests; `NOTIFY pgrst` locally). */
export function reloadCallerSettings(): void {
  settings = null;
}

/**
 * Runs `fn` in one transaction as the caller: the setup statement the
 * gateway's REST API sends (role, claims, method, path, headers, cookies,
 * search path, the role's own settings such as its statement_timeout), then
 * the pre-request function when one is configured (it refuses ended sessions).
 */
export async function asCaller<T>(caller: Caller, req: Request | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const s = await callerSettings();
  const setup = setupStatement(s.roleSettings, {
    role: caller.role,
    claimsJson: JSON.stringify(caller.claims),
    method: req?.method ?? "POST",
    path: req ? new URL(req.url).pathname : "",
    headers: req?.headers ?? null,
    searchPath: s.searchPath,
  });
  const result = await sql().begin(async (tx) => {
    // Sent together: one round trip before the caller's own statements.
    const ready: Promise<unknown>[] = [tx.unsafe(setup.sql, setup.params, { prepare: true }).execute()];
    if (s.preRequest) ready.push(tx.unsafe(s.preRequest, [], { prepare: true }).execute());
    await Promise.all(ready);
    return await fn(tx);
  });
  return result as T;
}
