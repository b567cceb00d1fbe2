/**
 * Runs one request as one transaction on a pooled connection: BEGIN, the role
 * and request settings, the pre-request function and the statement are sent
 * together (pipelined), so a request costs about one round trip.
 */
import { connectionLost } from "../../supabase/functions/_shared/http.ts";
import type { Sql } from "../db.ts";

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface ResultRow {
  total: string | null;
  page_total: string;
  body: string | null;
  response_headers: string | null;
  response_status: string | null;
  location?: string | null;
  /** Rows an insert inserted (not updated by an upsert), when the statement counts them. */
  inserted?: string | null;
  /** The planner's row estimate, when the plan asked for it (`Prefer: count=planned|estimated`). */
  plan_rows?: number;
}

export interface TransactionPlan {
  readOnly: boolean;
  setup: Statement;
  preRequest: string | null;
  main: Statement;
  /** An EXPLAIN (FORMAT JSON) run in the same transaction, as the same role, before `main`. */
  explain?: Statement | null;
  /** Decides after the statement whether to commit; without it the commit is pipelined too. */
  decide?: (row: ResultRow) => boolean;
  /** `main` is an EXPLAIN: its rows are the plan, returned as the body (lines of text, or one JSON). */
  planOutput?: boolean;
  /** End in ROLLBACK (db-tx-end, or an allowed `Prefer: tx=rollback`); deferred constraints are checked first. */
  rollback?: boolean;
}

/** How many times a request that deadlocked or failed to serialize is run in all. */
const ATTEMPTS = 4;
const TRANSIENT = new Set(["40001", "40P01"]);

function isTransient(err: unknown): boolean {
  return err instanceof Error && (err as { name?: string }).name === "PostgresError" &&
    TRANSIENT.has((err as { code?: string }).code ?? "");
}

/**
 * Runs the plan, and runs it again when Postgres aborted it as a deadlock victim or a
 * serialization failure (both roll the whole transaction back, so nothing happened and the
 * same transaction may simply be tried again), after a short random pause that lets the
 * other transaction finish. After the last attempt the error goes to the client (409).
 */
export async function runWithRetries(sql: Sql, plan: TransactionPlan): Promise<ResultRow> {
  for (let attempt = 1;; attempt++) {
    try {
      return await runTransaction(sql, plan);
    } catch (err) {
      if (attempt >= ATTEMPTS || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, (5 + Math.random() * 20) * 2 ** attempt));
    }
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error }));
}

/** The top plan node's row estimate from EXPLAIN (FORMAT JSON). */
function planRows(rows: Record<string, string>[]): number {
  const plan = JSON.parse(rows[0]["QUERY PLAN"]) as { Plan: { "Plan Rows": number } }[];
  return Math.round(plan[0].Plan["Plan Rows"]);
}

/** BEGIN, COMMIT or ROLLBACK, prepared once per connection so Postgres parses it once. */
function control(conn: Sql, text: string): Promise<unknown> {
  return conn.unsafe(text, [], { prepare: true }).execute();
}

/**
 * Every step's outcome, or, as soon as one step finds the connection gone,
 * that one alone: on a lost connection postgres.js settles the statement that
 * was running but may never settle those queued behind it on the reserved
 * connection, and the request would hang for ever (a Postgres restart under
 * traffic: supabase/tests/api/faults-database.test.ts). The server rolled
 * the transaction back when the connection went.
 */
function allUnlessConnectionLost(steps: Promise<Settled<unknown>>[]): Promise<Settled<unknown>[]> {
  return new Promise((resolve) => {
    for (const step of steps) step.then((r) => !r.ok && connectionLost(r.error) && resolve([r]));
    Promise.all(steps).then(resolve);
  });
}

/** Runs the plan; throws the first database error, which rolls the transaction back. */
export async function runTransaction(sql: Sql, plan: TransactionPlan): Promise<ResultRow> {
  const conn = await sql.reserve();
  let lost = false;
  try {
    const steps: Promise<Settled<unknown>>[] = [];
    steps.push(settle(control(conn, plan.readOnly ? "begin read only" : "begin")));
    steps.push(settle(conn.unsafe(plan.setup.sql, plan.setup.params as never[], { prepare: true }).execute()));
    if (plan.preRequest) steps.push(settle(conn.unsafe(plan.preRequest, [], { prepare: true }).execute()));
    const explain = plan.explain
      ? settle(conn.unsafe(plan.explain.sql, plan.explain.params as never[], { prepare: true }).execute())
      : null;
    if (explain) steps.push(explain);
    const main = settle(conn.unsafe(plan.main.sql, plan.main.params as never[], { prepare: true }).execute());
    steps.push(main);
    // As PostgREST does before a rollback it was asked for: deferred constraints report their errors.
    if (plan.rollback) steps.push(settle(control(conn, "set constraints all immediate")));
    let end: Promise<Settled<unknown>> | null = null;
    if (!plan.decide) end = settle(control(conn, plan.rollback ? "rollback" : "commit"));
    const results = await allUnlessConnectionLost(steps);
    const failed = results.find((r) => !r.ok) as { ok: false; error: unknown } | undefined;
    if (failed && connectionLost(failed.error)) {
      lost = true;
      throw failed.error;
    }
    if (failed) {
      if (end) await end;
      else await control(conn, "rollback").catch(() => {});
      throw failed.error;
    }
    const rows = ((await main) as unknown as { ok: true; value: ResultRow[] }).value;
    const row = plan.planOutput
      ? { total: null, page_total: "1", body: (rows as unknown as Record<string, unknown>[]).map((r) => String(r["QUERY PLAN"])).join("\n"), response_headers: null, response_status: null }
      : rows[0];
    if (explain) row.plan_rows = planRows((await explain as { ok: true; value: Record<string, string>[] }).value);
    if (!end) {
      const commit = plan.decide!(row) && !plan.rollback;
      end = settle(control(conn, commit ? "commit" : "rollback"));
    }
    const done = await end;
    if (!done.ok) throw done.error;
    return row;
  } finally {
    // A lost connection is not handed back: postgres.js's release() puts it in the pool's open list even when
    // the socket already closed, and the next requests would be written to the dead socket and hang (a Postgres
    // stopped under traffic: faults-postgres-restart.test.ts). Its close returns it to the pool to reconnect.
    if (!lost) conn.release();
  }
}
