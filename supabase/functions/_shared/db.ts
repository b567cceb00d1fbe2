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

/**
 * Runs `fn` in one transaction as the caller: `set local role` to the JWT's
 * role and the same settings PostgREST sets, then the pre-request function
 * when one is configured (it may refuse ended sessions).
 */
export async function asCaller<T>(caller: Caller, req: Request | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const preRequest = config().preRequest;
  const result = await sql().begin(async (tx) => {
    await tx`select set_config('role', ${caller.role}, true),
                    set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
                    set_config('request.jwt.claim.sub', ${caller.userId}, true),
                    set_config('request.method', ${req?.method ?? "POST"}, true),
                    set_config('request.headers', ${JSON.stringify(requestHeaders(req))}, true)`;
    if (preRequest) await tx.unsafe(`select ${preRequest}()`);
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
