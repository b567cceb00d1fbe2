/**
 * POST, PUT, PATCH and DELETE on a table or view: the body as rows, one
 * write statement, a commit that a singular or max-affected result may undo,
 * and PostgREST's statuses and Preference-Applied.
 */
import { HttpError } from "../errors.ts";
import type { Relation } from "../schema-cache.ts";
import type { Exchange } from "./exchange.ts";
import { writeSql } from "./mutate.ts";
import { parseQuery } from "./parse.ts";
import { transactionOf, type WritePlan } from "./plans.ts";
import type { SqlContext } from "./select.ts";
import {
  type BodyLimits,
  bodyText,
  bodyType,
  formRefused,
  notFromAForm,
  parseCsv,
  parseForm,
  parseJsonBody,
  readBody,
  stripNulls,
  unacceptableBody,
} from "./request.ts";
import { resolveSelect } from "./resolve.ts";
import { respond, singularError } from "./respond.ts";
import { Params } from "./sql.ts";

/** Serves a write to `rel`. */
export async function serveWrite(x: Exchange, rel: Relation): Promise<Response> {
  const plan = await planWrite(x, rel);
  const ctx: SqlContext = { cache: x.cache, parts: plan.query, params: new Params(), aliases: 0 };
  const main = { sql: writeSql(ctx, plan), params: ctx.params.values };
  const row = await x.run(transactionOf(plan, main));
  const affected = plan.decidesCommit ? Number(row.page_total) : 0;
  if (plan.singular && affected !== 1) throw singularError(affected);
  if (plan.maxAffected !== null && affected > plan.maxAffected) {
    throw new HttpError(400, "PGRST124", "Query result exceeds max-affected preference constraint", `The query affects ${affected} rows`);
  }
  // `count=exact` on a write counts the rows it changed.
  if (plan.count) row.total = row.page_total;
  // An upsert that only updated (or ignored) rows inserted nothing: 200, as PostgREST answers.
  const status = plan.op === "insert" && plan.resolution === "merge-duplicates" && Number(row.inserted ?? "1") === 0 ? 200 : plan.status;
  return respond(row, {
    method: x.method,
    media: plan.media,
    status,
    stripNulls: plan.stripNulls,
    offset: 0,
    isInsert: plan.op === "insert",
    hasBody: plan.body !== "none",
    extraHeaders: plan.applied.length ? { "preference-applied": plan.applied.join(", ") } : {},
  });
}

const OPS: Record<string, WritePlan["op"]> = { POST: "insert", PUT: "put", PATCH: "update", DELETE: "delete" };

/** Parses a write, its body included, into its plan. */
async function planWrite(x: Exchange, rel: Relation): Promise<WritePlan> {
  const { method, prefs } = x;
  const query = parseQuery(x.url.searchParams);
  const op = Object.hasOwn(OPS, method) ? OPS[method] : null;
  if (op === null) throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  const payload = op === "delete" ? null : await rowsPayload(x.req, x.limits);
  const wantRows = prefs.return === "representation";
  const singular = x.media === "object";
  // `Prefer: handling=strict, max-affected=N` on PATCH and DELETE, as PostgREST 12.1 does.
  const maxAffected = prefs.handling === "strict" && (op === "update" || op === "delete") ? prefs.maxAffected : null;
  const applied: string[] = [];
  if (prefs.resolution && op === "insert") applied.push(`resolution=${prefs.resolution}`);
  if (prefs.missing === "default" && (op === "insert" || op === "put")) applied.push("missing=default");
  applied.push(...x.txApplied);
  if (maxAffected !== null) applied.push("handling=strict", `max-affected=${maxAffected}`);
  return {
    kind: "write",
    op,
    rel,
    query,
    shape: resolveSelect(x.cache, rel, query.select, { aggregates: x.config.aggregatesEnabled }),
    payload,
    returning: prefs.return,
    resolution: prefs.resolution,
    missing: prefs.missing,
    body: wantRows ? "array" : "none",
    singular,
    maxAffected,
    // A singular write that touched other than one row is undone, as PostgREST does; so is
    // one that touched more rows than max-affected allows.
    decidesCommit: singular || maxAffected !== null,
    rollback: x.rollback,
    count: prefs.count === "exact",
    stripNulls: stripNulls(x.req.headers),
    status: op === "insert" ? 201 : wantRows ? 200 : 204,
    media: wantRows ? x.media : "json",
    applied,
  };
}

/**
 * The body of a table write as rows, by its type as PostgREST reads it: JSON, CSV, or form
 * fields (an object of text values, only from a request a form cannot send); 415 otherwise.
 */
async function rowsPayload(req: Request, limits: BodyLimits): Promise<unknown> {
  const { type, mime } = bodyType(req.headers);
  if (type === "form" && !notFromAForm(req.headers)) throw formRefused(mime);
  if (type !== "json" && type !== "csv" && type !== "form") throw unacceptableBody(mime);
  const text = bodyText(await readBody(req, limits));
  if (type === "csv") return parseCsv(text);
  if (type === "form") return Object.fromEntries(parseForm(text));
  return parseJsonBody(text || "{}");
}
