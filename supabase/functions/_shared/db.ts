/**
 * The database for edge functions: one pooled superuser connection
 * (SUPABASE_DB_URL, as hosted Supabase gives functions), and `asCaller`,
 * which runs SQL inside a transaction *as the calling user* (role from the
 * JWT, `request.jwt.claims`, `request.headers`), exactly as PostgREST does,
 * so row-level security and the SQL functions decide what is allowed.
 */
import postgres from "postgres";
import { config } from "./config.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Who is calling: the verified claims of their access token. */
export interface Caller {
  userId: string;
  role: string;
  claims: Record<string, unknown>;
  /** True when a signed grant (an upload URL), not a session token, vouches for the caller: no pre-request check. */
  viaGrant?: boolean;
}

let pool: Sql | null = null;

/** The shared pool (superuser). Use `asCaller` for anything done on a user's behalf. */
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
  await p?.end({ timeout: 2 });
}

/** The request headers SQL may read (`current_setting('request.headers')`): client address and agent only. */
export function requestHeaders(req: Request | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!req) return out;
  for (const name of ["x-client-ip", "user-agent"]) {
    const value = req.headers.get(name);
    if (value) out[name] = value.slice(0, 512);
  }
  return out;
}

let preRequestName: Promise<string | null> | null = null;

/**
 * PostgREST's db-pre-request function: PGRST_DB_PRE_REQUEST, else the
 * `pgrst.db_pre_request` setting on the authenticator role (in-database
 * configuration, as the migrations set it), read once.
 */
function preRequestFunction(): Promise<string | null> {
  preRequestName ??= (async () => {
    const fromEnv = config().preRequest;
    if (fromEnv) return fromEnv;
    const rows = await sql()`
      select split_part(setting, '=', 2) as name
      from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
      where s.setrole = (select oid from pg_catalog.pg_roles where rolname = 'authenticator')
        and setting like 'pgrst.db_pre_request=%'
      limit 1`;
    const name = (rows[0]?.name as string | undefined) ?? null;
    return name && /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(name) ? name : null;
  })();
  return preRequestName;
}

/**
 * Runs `fn` in one transaction as the caller: `set local role` to the JWT's
 * role and the same settings PostgREST sets, then the pre-request function
 * when one is configured (it may refuse ended sessions).
 */
export async function asCaller<T>(caller: Caller, req: Request | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const preRequest = await preRequestFunction();
  const result = await sql().begin(async (tx) => {
    await tx`select set_config('role', ${caller.role}, true),
                    set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
                    set_config('request.jwt.claim.sub', ${caller.userId}, true),
                    set_config('request.method', ${req?.method ?? "POST"}, true),
                    set_config('request.headers', ${JSON.stringify(requestHeaders(req))}, true)`;
    if (preRequest && !caller.viaGrant) await tx.unsafe(`select ${preRequest}()`);
    return await fn(tx);
  });
  return result as T;
}

/** Runs `fn` in one transaction with the pool's own (superuser) rights: jobs and internal bookkeeping only. */
export async function asService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await sql().begin(async (tx) => {
    return await fn(tx);
  });
  return result as T;
}
