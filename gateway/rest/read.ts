/**
 * GET and HEAD on a table or view: plan the read once per request shape,
 * run it read-only as the caller, and answer with Content-Range and counts.
 */
import type { Relation, SchemaCache } from "../schema-cache.ts";
import type { ResultRow, Statement } from "./execute.ts";
import type { Exchange } from "./exchange.ts";
import { parseQuery } from "./parse.ts";
import { type CountMode, type ReadPlan, transactionOf } from "./plans.ts";
import { capLimit, parseRange, planRequest, stripNulls } from "./request.ts";
import { HttpError } from "../errors.ts";
import { resolveSelect } from "./resolve.ts";
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
  const key = `${x.method} ${x.schema} ${x.path}?${x.url.search}\n${x.req.headers.get("range") ?? ""}\n${x.prefs.count ?? ""}\n${
    stripNulls(x.req.headers)
  }`;
  let planned = reads.get(key);
  if (!planned) {
    const plan = planRead(x, rel);
    planned = { plan, ...readStatements(x.cache, plan) };
    if (reads.size >= PLAN_CACHE_SIZE) reads.delete(reads.keys().next().value!);
    reads.set(key, planned);
  }
  const { plan } = planned;
  if (x.media === "plan") return await explainRead(x, planned);
  const row = await x.run(transactionOf(plan, planned.main, planned.explain));
  row.total = countTotal(plan.count, row, plan.maxRows);
  return respond(row, { method: x.method, media: x.media, status: 200, offset: plan.offset, hasBody: plan.body !== "none", stripNulls: plan.stripNulls });
}

/**
 * PostgREST's plan media type: the read's own statement under EXPLAIN, in the format and with
 * the options the Accept header names, only where db-plan-enabled allows it (a plan shows the
 * schema and costs; PostgREST keeps it off by default).
 */
async function explainRead(x: Exchange, planned: PlannedRead): Promise<Response> {
  const want = planRequest(x.req.headers);
  if (!x.config.planEnabled) {
    throw new HttpError(406, "PGRST107", `None of these media types are available: application/vnd.pgrst.plan+${want.format}`);
  }
  const options = ["format " + want.format, ...want.options].join(", ");
  const main = { sql: `explain (${options}) ${planned.main.sql}`, params: planned.main.params };
  const row = await x.run({ readOnly: true, main, planOutput: true });
  const body = x.method === "HEAD" ? null : row.body;
  return new Response(body, {
    status: 200,
    headers: { "content-type": `application/vnd.pgrst.plan+${want.format}; for="${want.for}"; charset=utf-8` },
  });
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
    shape: resolveSelect(x.cache, rel, query.select, { aggregates: x.config.aggregatesEnabled }),
    limit: capLimit(query.limit.get("") ?? range?.limit ?? null, maxRows),
    offset: query.offset.get("") ?? range?.offset ?? 0,
    count: x.prefs.count,
    stripNulls: stripNulls(x.req.headers),
    maxRows,
    body: x.method === "HEAD" ? "none" : "array",
  };
}

/** The read's statement, and the EXPLAIN that estimates its rows when the count mode needs one. */
function readStatements(cache: SchemaCache, plan: ReadPlan): { main: Statement; explain: Statement | null } {
  const { rel, count, maxRows } = plan;
  const ctx: SqlContext = { cache, parts: plan.query, params: new Params(), aliases: 0 };
  const read = selectSql(ctx, { rel, shape: plan.shape, limit: plan.limit, offset: plan.offset });
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
    explain = { sql: `explain (format json) ${selectSql(ectx, { rel, shape: plan.shape, limit: null, offset: null }).sql}`, params: ectx.params.values };
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
