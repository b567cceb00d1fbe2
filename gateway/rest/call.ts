/**
 * GET, HEAD and POST on /rpc/<function>: choose the overload the arguments
 * name, read them from the query string or the body, call it as the caller
 * and answer as PostgREST does for scalar, composite, set and void results.
 */
import type { DbFunction } from "../schema-cache.ts";
import { HttpError } from "../errors.ts";
import type { Exchange } from "./exchange.ts";
import { parseQuery } from "./parse.ts";
import type { PlanContext } from "./select.ts";
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
  unacceptableBody,
} from "./request.ts";
import { respond } from "./respond.ts";
import { chooseFunction, planRpc, rawBodyType, type RpcCall } from "./rpc.ts";
import { Params } from "./sql.ts";

/** Serves a call of the function `name` in the request's schema. */
export async function serveCall(x: Exchange, name: string): Promise<Response> {
  const { method, schema, req, prefs } = x;
  const readOnlyMethod = method === "GET" || method === "HEAD";
  const candidates = x.cache.functions.get(`${schema}.${name}`) ?? [];
  if (method !== "GET" && method !== "HEAD" && method !== "POST") {
    throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  }
  const argNames = new Set(candidates.flatMap((f) => f.args.map((a) => a.name)).filter(Boolean));
  const parts = parseQuery(x.url.searchParams, readOnlyMethod ? argNames : new Set());
  const ctx: PlanContext = { cache: x.cache, parts, params: new Params(), aliases: 0 };
  let call: RpcCall;
  const range = readOnlyMethod ? parseRange(req.headers) : null;
  const limit = capLimit(parts.limit.get("") ?? range?.limit ?? null, x.config.maxRows);
  const offset = parts.offset.get("") ?? range?.offset ?? 0;
  const shape = { body: method === "HEAD" ? "none" as const : "array" as const, count: prefs.count !== null, limit, offset };
  if (readOnlyMethod) {
    const fn = chooseFunction(schema, name, candidates, [...parts.args.keys()], false);
    if (fn.volatility === "v") {
      throw new HttpError(405, "PGRST101", "Cannot use the GET method on RPC for volatile functions");
    }
    call = { fn, textArgs: parts.args, ...shape };
  } else {
    call = { ...(await rpcArguments(req, schema, name, candidates, x.limits)), ...shape };
  }
  const { sql: text, isVoid } = planRpc(ctx, call);
  const readOnly = readOnlyMethod || call.fn.volatility !== "v";
  const row = await x.run({ readOnly, main: { sql: text, params: ctx.params.values }, rollback: x.rollback });
  return respond(row, {
    method,
    media: x.media,
    status: isVoid ? 204 : 200,
    offset,
    isVoid,
    hasBody: method !== "HEAD" && !isVoid,
    extraHeaders: x.txApplied.length ? { "preference-applied": x.txApplied.join(", ") } : undefined,
  });
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
  schema: string,
  name: string,
  candidates: DbFunction[],
  limits: BodyLimits,
): Promise<Pick<RpcCall, "fn" | "jsonArgs" | "textArgs" | "raw">> {
  const { type, mime } = bodyType(req.headers);
  if ((type === "text" || type === "form") && !notFromAForm(req.headers)) throw formRefused(mime);
  const rawType = RAW_PARAMETER[type];
  if (rawType) {
    const fn = candidates.find((f) => rawBodyType(f) === rawType);
    if (!fn) {
      throw unacceptableBody(mime, `${schema}.${name} has no single unnamed ${rawType} parameter to take a ${mime} body.`);
    }
    const bytes = await readBody(req, limits);
    return { fn, raw: rawType === "bytea" ? bytes : bodyText(bytes) };
  }
  if (type === "form") {
    const args = parseForm(bodyText(await readBody(req, limits)));
    return { fn: chooseFunction(schema, name, candidates, [...args.keys()], false), textArgs: args };
  }
  if (type !== "json") throw unacceptableBody(mime);
  const text = bodyText(await readBody(req, limits));
  // PostgREST reads an empty body as {} and refuses malformed JSON itself, before any call.
  const json = text.trim() === "" ? "{}" : text;
  const payload = parseJsonBody(json);
  const jsonFn = candidates.find((f) => rawBodyType(f) === "json" || rawBodyType(f) === "jsonb");
  if (jsonFn && candidates.length === 1) return { fn: jsonFn, raw: json };
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    if (jsonFn) return { fn: jsonFn, raw: json };
    throw new HttpError(400, "PGRST102", "Empty or invalid json", "The body of an RPC call must be a JSON object of named arguments.");
  }
  try {
    return { fn: chooseFunction(schema, name, candidates, Object.keys(payload), false), jsonArgs: payload as Record<string, unknown> };
  } catch (err) {
    // No overload takes these names: a single unnamed json parameter takes the whole body, as in PostgREST.
    if (jsonFn && err instanceof HttpError && err.code === "PGRST202") return { fn: jsonFn, raw: json };
    throw err;
  }
}
