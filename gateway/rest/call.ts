/**
 * GET, HEAD and POST on /rpc/<function>: choose the overload the arguments
 * name, read them from the query string or the body, call it as the caller
 * and answer as PostgREST does for scalar, composite, set and void results.
 */
import type { DbFunction, SchemaCache } from "../schema-cache.ts";
import { HttpError } from "../errors.ts";
import type { Exchange } from "./exchange.ts";
import { parseQuery } from "./parse.ts";
import { type CallArguments, type CallPlan, transactionOf } from "./plans.ts";
import {
  type BodyLimits,
  bodyText,
  type BodyType,
  bodyType,
  capLimit,
  formRefused,
  notFromAForm,
  parseForm,
  parseJsonBody,
  parseRange,
  readBody,
  stripNulls,
  unacceptableBody,
} from "./request.ts";
import { respond } from "./respond.ts";
import { type CallBody, callSql, chooseFunction, rawBodyType, resultRelation } from "./rpc.ts";
import { resolveSelect } from "./resolve.ts";
import type { SqlContext } from "./select.ts";
import { Params } from "./sql.ts";

/** Serves a call of the function `name` in the request's schema. */
export async function serveCall(x: Exchange, name: string): Promise<Response> {
  const plan = await planCall(x, name);
  const ctx: SqlContext = { cache: x.cache, parts: plan.query, params: new Params(), aliases: 0 };
  const row = await x.run(transactionOf(plan, { sql: callSql(ctx, plan), params: ctx.params.values }));
  const rows = Number(row.page_total);
  if (plan.maxAffected !== null && rows > plan.maxAffected) {
    throw new HttpError(400, "PGRST124", "Query result exceeds max-affected preference constraint", `The query affects ${rows} rows`);
  }
  return respond(row, {
    method: x.method,
    media: x.media,
    status: plan.isVoid ? 204 : 200,
    offset: plan.offset,
    isVoid: plan.isVoid,
    hasBody: plan.body !== "none" && !plan.isVoid,
    stripNulls: plan.stripNulls,
    extraHeaders: plan.applied.length ? { "preference-applied": plan.applied.join(", ") } : undefined,
  });
}

/** Chooses the overload and reads its arguments (from the query string, or the body of a POST) into a plan. */
async function planCall(x: Exchange, name: string): Promise<CallPlan> {
  const { method, schema, req } = x;
  const readOnlyMethod = method === "GET" || method === "HEAD";
  const candidates = x.cache.functions.get(`${schema}.${name}`) ?? [];
  if (method !== "GET" && method !== "HEAD" && method !== "POST") {
    throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  }
  const argNames = new Set(candidates.flatMap((f) => f.args.map((a) => a.name)).filter(Boolean));
  const query = parseQuery(x.url.searchParams, readOnlyMethod ? argNames : new Set());
  const range = readOnlyMethod ? parseRange(req.headers) : null;
  const limit = capLimit(query.limit.get("") ?? range?.limit ?? null, x.config.maxRows);
  const offset = query.offset.get("") ?? range?.offset ?? 0;
  let fn: DbFunction;
  let args: CallArguments;
  if (readOnlyMethod) {
    ({ fn } = chooseFunction(x.cache, schema, name, [...query.args.keys()], null));
    if (fn.volatility === "v") {
      throw new HttpError(405, "PGRST101", "Cannot use the GET method on RPC for volatile functions");
    }
    args = { textArgs: query.args };
  } else {
    ({ fn, ...args } = await rpcArguments(req, x.cache, schema, name, candidates, query.columns, x.limits));
  }
  // `handling=strict, max-affected=N`: counted on the rows a set-returning function returns.
  const maxAffected = x.prefs.handling === "strict" ? x.prefs.maxAffected : null;
  if (maxAffected !== null && !fn.retset) {
    throw new HttpError(400, "PGRST128", "Function must return SETOF or TABLE when max-affected preference is used with handling=strict");
  }
  const applied = [...x.txApplied];
  if (maxAffected !== null) applied.push("handling=strict", `max-affected=${maxAffected}`);
  return {
    kind: "call",
    fn,
    args,
    query,
    shape: fn.returnKind === "c" ? resolveSelect(x.cache, resultRelation(fn), query.select, { aggregates: x.config.aggregatesEnabled }) : [],
    limit,
    offset,
    count: x.prefs.count !== null,
    stripNulls: stripNulls(x.req.headers),
    body: method === "HEAD" ? "none" : "array",
    readOnly: readOnlyMethod || fn.volatility !== "v",
    isVoid: fn.returnKind === "v",
    singular: x.media === "object" && fn.returnKind !== "v",
    maxAffected,
    rollback: x.rollback,
    applied,
  };
}

/** The parameter type a raw body of each type goes to. */
const RAW_PARAMETER: Partial<Record<BodyType, string>> = { text: "text", xml: "xml", bytes: "bytea" };

/**
 * A POST to a function: its overload and arguments from the body, by the body's type as
 * PostgREST reads it. JSON names the arguments (or is the whole argument of a function with
 * a single unnamed json/jsonb parameter); form fields name them as text; text/plain, text/xml
 * and application/octet-stream are the whole argument of a single unnamed text, xml or bytea
 * parameter. Anything else, or a raw type no overload takes, is 415: so an HTML form on
 * another site (text/plain, form fields, multipart) cannot call a function that takes JSON.
 */
async function rpcArguments(
  req: Request,
  cache: SchemaCache,
  schema: string,
  name: string,
  candidates: DbFunction[],
  columns: string[] | null,
  limits: BodyLimits,
): Promise<CallArguments & { fn: DbFunction }> {
  const { type, mime } = bodyType(req.headers);
  if ((type === "text" || type === "form") && !notFromAForm(req.headers)) throw formRefused(mime);
  const rawType = RAW_PARAMETER[type];
  if (rawType) {
    if (!candidates.some((f) => rawBodyType(f) === rawType)) {
      throw unacceptableBody(mime, `${schema}.${name} has no single unnamed ${rawType} parameter to take a ${mime} body.`);
    }
    const { fn } = chooseFunction(cache, schema, name, [], type as CallBody);
    const bytes = await readBody(req, limits);
    return { fn, raw: rawType === "bytea" ? bytes : bodyText(bytes) };
  }
  if (type === "form") {
    const args = parseForm(bodyText(await readBody(req, limits)));
    return { fn: chooseFunction(cache, schema, name, [...args.keys()], null).fn, textArgs: args };
  }
  if (type !== "json") throw unacceptableBody(mime);
  const text = bodyText(await readBody(req, limits));
  // PostgREST reads an empty body as {} and refuses malformed JSON itself, before any call.
  const json = text.trim() === "" ? "{}" : text;
  const payload = parseJsonBody(json);
  const isObject = payload !== null && typeof payload === "object" && !Array.isArray(payload);
  // The arguments PostgREST matches are the body's keys (or `columns=`).
  const keys = columns ?? (isObject ? Object.keys(payload as object) : []);
  const { fn, raw } = chooseFunction(cache, schema, name, keys, "json");
  if (raw) return { fn, raw: json };
  if (!isObject) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", "The body of an RPC call must be a JSON object of named arguments.");
  }
  const given = payload as Record<string, unknown>;
  return { fn, jsonArgs: columns ? Object.fromEntries(columns.filter((c) => c in given).map((c) => [c, given[c]])) : given };
}
