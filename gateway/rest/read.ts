/**
 * GET and HEAD on a table or view: plan the read once per request shape,
 * run it read-only as the caller, and answer with Content-Range and counts.
 */
import type { Relation } from "../schema-cache.ts";
import type { ResultRow, Statement } from "./execute.ts";
import type { Exchange } from "./exchange.ts";
import { parseQuery } from "./parse.ts";
import { type PlanContext, planRead } from "./select.ts";
import { capLimit, parseRange, type Preferences } from "./request.ts";
import { respond } from "./respond.ts";
import { Params } from "./sql.ts";
import { outerStatement } from "./statement.ts";

/** A GET or HEAD on a relation, planned: the statement text, its bound values and the page offset. */
export interface PlannedRead {
  main: Statement;
  /** For `count=planned|estimated`: the EXPLAIN whose row estimate may stand in for the count. */
  explain: Statement | null;
  offset: number;
}

/** How many read shapes to remember; an unbounded query-string space must not grow memory. */
const PLAN_CACHE_SIZE = 1000;

/** Serves a read, reusing the plan of an earlier request of the same shape from `reads`. */
export async function serveRead(x: Exchange, rel: Relation, reads: Map<string, PlannedRead>): Promise<Response> {
  const { method, prefs } = x;
  // The plan depends only on these (and the schema cache, whose reload drops the plans).
  const key = `${method} ${x.schema} ${x.path}?${x.url.search}\n${x.req.headers.get("range") ?? ""}\n${prefs.count ?? ""}`;
  let planned = reads.get(key);
  if (!planned) {
    planned = planReadRequest(x, rel);
    if (reads.size >= PLAN_CACHE_SIZE) reads.delete(reads.keys().next().value!);
    reads.set(key, planned);
  }
  const row = await x.run({ readOnly: true, main: planned.main, explain: planned.explain });
  row.total = countTotal(prefs.count, row, x.config.maxRows);
  return respond(row, { method, media: x.media, status: 200, offset: planned.offset, hasBody: method !== "HEAD" });
}

/** Parses and plans a GET or HEAD on a relation. */
function planReadRequest(x: Exchange, rel: Relation): PlannedRead {
  const { cache, config, prefs, url } = x;
  const parts = parseQuery(url.searchParams);
  const ctx: PlanContext = { cache, parts, params: new Params(), aliases: 0 };
  const range = parseRange(x.req.headers);
  const limit = capLimit(parts.limit.get("") ?? range?.limit ?? null, config.maxRows);
  const offset = parts.offset.get("") ?? range?.offset ?? 0;
  const read = planRead(ctx, { rel, limit, offset });
  let countSql: string | null = null;
  if (prefs.count === "exact" || (prefs.count === "estimated" && config.maxRows === null)) countSql = read.countSql;
  else if (prefs.count === "estimated") {
    // Exact up to db-max-rows: count at most one row past it, then the estimate takes over.
    countSql = `select count(*) from (select 1 ${read.countFrom} limit ${ctx.params.add(String(config.maxRows! + 1))}::int8) as pgrst_capped`;
  }
  const statement = outerStatement({ source: read.sql, countSql, body: x.method === "HEAD" ? "none" : "array" });
  let explain: Statement | null = null;
  if (prefs.count === "planned" || (prefs.count === "estimated" && config.maxRows !== null)) {
    // Its own plan of the unpaged rows, so every placeholder it binds appears in its text.
    const ectx: PlanContext = { cache, parts: parseQuery(url.searchParams), params: new Params(), aliases: 0 };
    explain = { sql: `explain (format json) ${planRead(ectx, { rel, limit: null, offset: null }).sql}`, params: ectx.params.values };
  }
  return { main: { sql: statement, params: ctx.params.values }, explain, offset };
}

/**
 * The total for Content-Range, as PostgREST computes it: exact counts as counted; planned is
 * the planner's estimate; estimated is exact up to db-max-rows and the estimate beyond it.
 */
function countTotal(mode: Preferences["count"], row: ResultRow, maxRows: number | null): string | null {
  if (mode === "planned") return String(row.plan_rows ?? 0);
  if (mode === "estimated" && maxRows !== null && Number(row.total) > maxRows) {
    return String(Math.max(row.plan_rows ?? 0, Number(row.total)));
  }
  return row.total;
}
