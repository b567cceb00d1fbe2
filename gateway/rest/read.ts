/**
 * GET and HEAD on a table or view: plan the read once per request shape,
 * run it read-only as the caller, and answer with Content-Range and counts.
 */
import type { Relation, SchemaCache } from "../schema-cache.ts";
import type { ResultRow, Statement } from "./execute.ts";
import type { Exchange } from "./exchange.ts";
import { parseQuery } from "./parse.ts";
import { type CountMode, type ReadPlan, transactionOf } from "./plans.ts";
import { capLimit, parseRange } from "./request.ts";
import { respond } from "./respond.ts";
import { type SqlContext, selectSql } from "./select.ts";
import { Params } from "./sql.ts";
import { outerStatement } from "./statement.ts";

/** A read's plan with its statements, kept for later requests of the same shape. */
export interface PlannedRead {
  plan: ReadPlan;
  main: Statement;
  /** For `count=planned|estimated`: the EXPLAIN whose row estimate may stand in for the count. */
  explain: Statement | null;
}

/** How many read shapes to remember; an unbounded query-string space must not grow memory. */
const PLAN_CACHE_SIZE = 1000;

/** Serves a read, reusing the plan of an earlier request of the same shape from `reads`. */
export async function serveRead(x: Exchange, rel: Relation, reads: Map<string, PlannedRead>): Promise<Response> {
  // The plan depends only on these (and the schema cache, whose reload drops the plans).
  const key = `${x.method} ${x.schema} ${x.path}?${x.url.search}\n${x.req.headers.get("range") ?? ""}\n${x.prefs.count ?? ""}`;
  let planned = reads.get(key);
  if (!planned) {
    const plan = planRead(x, rel);
    planned = { plan, ...readStatements(x.cache, plan) };
    if (reads.size >= PLAN_CACHE_SIZE) reads.delete(reads.keys().next().value!);
    reads.set(key, planned);
  }
  const { plan } = planned;
  const row = await x.run(transactionOf(plan, planned.main, planned.explain));
  row.total = countTotal(plan.count, row, plan.maxRows);
  return respond(row, { method: x.method, media: x.media, status: 200, offset: plan.offset, hasBody: plan.body !== "none" });
}

/** Parses a GET or HEAD on a relation into its plan. */
function planRead(x: Exchange, rel: Relation): ReadPlan {
  const query = parseQuery(x.url.searchParams);
  const range = parseRange(x.req.headers);
  const maxRows = x.config.maxRows;
  return {
    kind: "read",
    rel,
    query,
    limit: capLimit(query.limit.get("") ?? range?.limit ?? null, maxRows),
    offset: query.offset.get("") ?? range?.offset ?? 0,
    count: x.prefs.count,
    maxRows,
    body: x.method === "HEAD" ? "none" : "array",
  };
}

/** The read's statement, and the EXPLAIN that estimates its rows when the count mode needs one. */
function readStatements(cache: SchemaCache, plan: ReadPlan): { main: Statement; explain: Statement | null } {
  const { rel, count, maxRows } = plan;
  const ctx: SqlContext = { cache, parts: plan.query, params: new Params(), aliases: 0 };
  const read = selectSql(ctx, { rel, limit: plan.limit, offset: plan.offset });
  let countSql: string | null = null;
  if (count === "exact" || (count === "estimated" && maxRows === null)) countSql = read.countSql;
  else if (count === "estimated") {
    // Exact up to db-max-rows: count at most one row past it, then the estimate takes over.
    countSql = `select count(*) from (select 1 ${read.countFrom} limit ${ctx.params.add(String(maxRows! + 1))}::int8) as pgrst_capped`;
  }
  const main = { sql: outerStatement({ source: read.sql, countSql, body: plan.body }), params: ctx.params.values };
  let explain: Statement | null = null;
  if (count === "planned" || (count === "estimated" && maxRows !== null)) {
    // Its own SQL of the unpaged rows, so every placeholder it binds appears in its text.
    const ectx: SqlContext = { cache, parts: plan.query, params: new Params(), aliases: 0 };
    explain = { sql: `explain (format json) ${selectSql(ectx, { rel, limit: null, offset: null }).sql}`, params: ectx.params.values };
  }
  return { main, explain };
}

/**
 * The total for Content-Range, as PostgREST computes it: exact counts as counted; planned is
 * the planner's estimate; estimated is exact up to db-max-rows and the estimate beyond it.
 */
function countTotal(mode: CountMode | null, row: ResultRow, maxRows: number | null): string | null {
  if (mode === "planned") return String(row.plan_rows ?? 0);
  if (mode === "estimated" && maxRows !== null && Number(row.total) > maxRows) {
    return String(Math.max(row.plan_rows ?? 0, Number(row.total)));
  }
  return row.total;
}
