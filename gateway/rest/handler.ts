/**
 * The PostgREST-compatible API: authenticate, parse, plan, run as one
 * transaction in the caller's role, respond. The schema cache and the
 * in-database configuration are loaded at start and on `NOTIFY pgrst`.
 */
import { createAuthenticator, type Identity } from "../auth.ts";
import type { GatewayConfig } from "../config.ts";
import { createPool, listenPgrst, type Sql } from "../db.ts";
import { effectiveConfig } from "../db-config.ts";
import { errorResponse, HttpError, jsonError } from "../errors.ts";
import { fromPgError, isPgError } from "../pg-errors.ts";
import { type DbFunction, loadDbConfig, loadSchemaCache, type Relation, type SchemaCache } from "../schema-cache.ts";
import { corsHeaders, preflight } from "./cors.ts";
import { type ResultRow, runWithRetries, type Statement, type TransactionPlan } from "./execute.ts";
import { planDelete, planInsert, planPut, planUpdate } from "./mutate.ts";
import { openApi } from "./openapi.ts";
import { parseQuery } from "./parse.ts";
import { type PlanContext, planRead } from "./plan.ts";
import {
  type BodyLimits,
  bodyText,
  type BodyType,
  bodyType,
  negotiate,
  notFromAForm,
  parseCsv,
  parseForm,
  parseJsonBody,
  parsePrefer,
  parseRange,
  pickSchema,
  type Preferences,
  readBody,
  unacceptableBody,
} from "./request.ts";
import { respond } from "./respond.ts";
import { chooseFunction, planRpc, rawBodyType, type RpcCall } from "./rpc.ts";
import { checkRole, preRequestStatement, setupStatement } from "./session.ts";
import { Params } from "./sql.ts";
import { outerStatement } from "./statement.ts";

interface State {
  config: GatewayConfig;
  cache: SchemaCache;
  authenticate: (headers: Headers) => Promise<Identity>;
  preRequest: string | null;
  /** Planned reads by request shape; dropped with the schema cache on reload. */
  reads: Map<string, PlannedRead>;
}

/** A GET or HEAD on a relation, planned: the statement text, its bound values and the page offset. */
interface PlannedRead {
  main: Statement;
  /** For `count=planned|estimated`: the EXPLAIN whose row estimate may stand in for the count. */
  explain: Statement | null;
  offset: number;
}

/** How many read shapes to remember; an unbounded query-string space must not grow memory. */
const PLAN_CACHE_SIZE = 1000;

/** What the server knows beyond the request: its parsed URL and the client's address. */
export interface RequestContext {
  url?: URL;
  /** Set as `x-client-ip` in request.headers, replacing any client-supplied value. */
  clientIp?: string;
}

export type RestHandler = ((req: Request, path: string, context?: RequestContext) => Promise<Response>) & {
  /** Reloads the schema cache and configuration now (as `NOTIFY pgrst` does). */
  reload: () => Promise<void>;
  close: () => Promise<void>;
};

/** Creates the REST handler; it connects lazily and answers 503 until the schema cache is loaded. */
export function createRestHandler(baseConfig: GatewayConfig): RestHandler {
  const sql: Sql = createPool(baseConfig.dbUri, baseConfig.poolSize);
  let state: State | null = null;
  let loading: Promise<void> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let closed = false;

  async function load(): Promise<void> {
    const dbConfig = await loadDbConfig(sql);
    const config = effectiveConfig(baseConfig, dbConfig);
    const cache = await loadSchemaCache(sql, config.dbSchemas);
    state = {
      config,
      cache,
      authenticate: createAuthenticator({ secret: config.jwtSecret, anonRole: config.anonRole, audience: config.jwtAud }),
      preRequest: preRequestStatement(config.preRequest, config.dbSchemas[0]),
      reads: new Map(),
    };
  }

  function reload(): Promise<void> {
    loading = (async () => {
      for (let attempt = 0; !closed; attempt++) {
        try {
          await load();
          if (!unlisten) unlisten = await listenPgrst(sql, () => void reload());
          return;
        } catch (err) {
          if (attempt === 0 || attempt % 10 === 0) {
            console.error(`gateway: could not load the schema cache (retrying): ${err instanceof Error ? err.message : err}`);
          }
          await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** attempt)));
        }
      }
    })();
    return loading;
  }
  reload();

  const handler = (async (req: Request, path: string, context: RequestContext = {}): Promise<Response> => {
    const origin = req.headers.get("origin");
    const cors = corsHeaders(baseConfig.corsOrigins, origin);
    if (req.method === "OPTIONS") return preflight(cors, req);
    let res: Response;
    let anonymous = true;
    try {
      if (!state) {
        await Promise.race([loading, new Promise((r) => setTimeout(r, 5000))]);
        if (!state) throw new HttpError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.");
      }
      const s: State = state;
      const identity = await s.authenticate(req.headers);
      anonymous = identity.anonymous;
      res = await serve(s, req, path, identity, context);
    } catch (err) {
      if (isPgError(err)) res = errorResponse(fromPgError(err, anonymous), "");
      else res = errorResponse(err, crypto.randomUUID());
    }
    for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
    return res;
  }) as RestHandler;

  handler.reload = reload;
  handler.close = async () => {
    closed = true;
    await unlisten?.().catch(() => {});
    await sql.end({ timeout: 2 });
  };

  async function serve(s: State, req: Request, path: string, identity: Identity, context: RequestContext): Promise<Response> {
    const method = req.method;
    const url = context.url ?? new URL(req.url);
    const segments = path.split("/").filter(Boolean).map(decodeSegment);
    const schema = pickSchema(req.headers, method, s.config.dbSchemas);
    if (segments.length === 0) {
      if (method !== "GET" && method !== "HEAD") throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
      return openApi(s.cache, schema, url, s.config);
    }
    checkRole(s.cache, identity);
    const media = negotiate(req.headers);
    const prefs = parsePrefer(req.headers, s.config.txEnd.endsWith("-allow-override"));
    // PostgREST's db-tx-end: the server's mode, unless it allows the client's tx= to override it.
    const rollback = prefs.tx === "rollback" || (s.config.txEnd.startsWith("rollback") && prefs.tx !== "commit");
    const txApplied = prefs.tx ? [`tx=${prefs.tx}`] : [];
    const limits: BodyLimits = { maxBytes: s.config.maxBodyBytes, idleTimeoutMs: s.config.bodyIdleTimeoutMs };
    const readOnlyMethod = method === "GET" || method === "HEAD";
    const isRpc = segments[0] === "rpc" && segments.length === 2;
    const setup = setupStatement(s.cache, identity, req, path, schema, s.config.extraSearchPath, context.clientIp, readOnlyMethod && !isRpc);
    const run = async (plan: Omit<TransactionPlan, "setup" | "preRequest">) =>
      await runWithRetries(sql, { ...plan, setup, preRequest: s.preRequest });

    if (isRpc) {
      const candidates = s.cache.functions.get(`${schema}.${segments[1]}`) ?? [];
      if (method !== "GET" && method !== "HEAD" && method !== "POST") {
        throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
      }
      const argNames = new Set(candidates.flatMap((f) => f.args.map((a) => a.name)).filter(Boolean));
      const parts = parseQuery(url.searchParams, readOnlyMethod ? argNames : new Set());
      const ctx: PlanContext = { cache: s.cache, parts, params: new Params(), aliases: 0 };
      let call: RpcCall;
      const range = readOnlyMethod ? parseRange(req.headers) : null;
      const limit = capLimit(parts.limit.get("") ?? range?.limit ?? null, s.config.maxRows);
      const offset = parts.offset.get("") ?? range?.offset ?? 0;
      const shape = { body: method === "HEAD" ? "none" as const : "array" as const, count: prefs.count !== null, limit, offset };
      if (readOnlyMethod) {
        const fn = chooseFunction(schema, segments[1], candidates, [...parts.args.keys()], false);
        if (fn.volatility === "v") {
          throw new HttpError(405, "PGRST101", "Cannot use the GET method on RPC for volatile functions");
        }
        call = { fn, textArgs: parts.args, ...shape };
      } else {
        call = { ...(await rpcArguments(req, schema, segments[1], candidates, limits)), ...shape };
      }
      const { sql: text, isVoid } = planRpc(ctx, call);
      const readOnly = readOnlyMethod || call.fn.volatility !== "v";
      const row = await run({ readOnly, main: { sql: text, params: ctx.params.values }, rollback });
      return respond(row, {
        method,
        media,
        status: isVoid ? 204 : 200,
        offset,
        isVoid,
        hasBody: method !== "HEAD" && !isVoid,
        extraHeaders: txApplied.length ? { "preference-applied": txApplied.join(", ") } : undefined,
      });
    }

    if (segments.length !== 1) {
      throw new HttpError(404, "PGRST125", `Invalid path specified in request URL: ${path}`);
    }
    const rel = s.cache.relations.get(`${schema}.${segments[0]}`);
    if (!rel) {
      throw new HttpError(404, "PGRST205", `Could not find the table '${schema}.${segments[0]}' in the schema cache`, null, null);
    }

    if (readOnlyMethod) {
      // The plan depends only on these (and the schema cache, whose reload drops s.reads).
      const key = `${method} ${schema} ${path}?${url.search}\n${req.headers.get("range") ?? ""}\n${prefs.count ?? ""}`;
      let planned = s.reads.get(key);
      if (!planned) {
        planned = planReadRequest(s, req, url, rel, method, prefs);
        if (s.reads.size >= PLAN_CACHE_SIZE) s.reads.delete(s.reads.keys().next().value!);
        s.reads.set(key, planned);
      }
      const row = await run({ readOnly: true, main: planned.main, explain: planned.explain });
      row.total = countTotal(prefs.count, row, s.config.maxRows);
      return respond(row, { method, media, status: 200, offset: planned.offset, hasBody: method !== "HEAD" });
    }

    const parts = parseQuery(url.searchParams);
    const ctx: PlanContext = { cache: s.cache, parts, params: new Params(), aliases: 0 };

    const wantRows = prefs.return === "representation";
    const single = media === "object";
    const opts = { rel, prefs, body: wantRows ? "array" as const : "none" as const, count: prefs.count !== null };
    let statement: string;
    let status: number;
    if (method === "POST") {
      const payload = await rowsPayload(req, limits);
      statement = planInsert(ctx, opts, payload);
      status = 201;
    } else if (method === "PUT") {
      const payload = await rowsPayload(req, limits);
      statement = planPut(ctx, opts, payload);
      status = wantRows ? 200 : 204;
    } else if (method === "PATCH") {
      const payload = await rowsPayload(req, limits);
      statement = planUpdate(ctx, opts, payload);
      status = wantRows ? 200 : 204;
    } else if (method === "DELETE") {
      statement = planDelete(ctx, opts);
      status = wantRows ? 200 : 204;
    } else {
      throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
    }
    let affected = 0;
    // `Prefer: handling=strict, max-affected=N` on PATCH and DELETE, as PostgREST 12.1 does.
    const maxAffected = prefs.handling === "strict" && (method === "PATCH" || method === "DELETE") ? prefs.maxAffected : null;
    const row = await run({
      readOnly: false,
      main: { sql: statement, params: ctx.params.values },
      rollback,
      // A singular write that touched other than one row is undone, as PostgREST does; so is
      // one that touched more rows than max-affected allows.
      decide: single || maxAffected !== null
        ? (r) => {
          affected = Number(r.page_total);
          return (!single || affected === 1) && (maxAffected === null || affected <= maxAffected);
        }
        : undefined,
    });
    if (single && affected !== 1) throw new HttpError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned", `The result contains ${affected} rows`);
    if (maxAffected !== null && affected > maxAffected) {
      throw new HttpError(400, "PGRST124", "Query result exceeds max-affected preference constraint", `The query affects ${affected} rows`);
    }
    const extraHeaders: Record<string, string> = {};
    const applied: string[] = [];
    if (prefs.resolution && method === "POST") applied.push(`resolution=${prefs.resolution}`);
    if (prefs.missing === "default" && (method === "POST" || method === "PUT")) applied.push("missing=default");
    applied.push(...txApplied);
    if (maxAffected !== null) applied.push("handling=strict", `max-affected=${maxAffected}`);
    if (applied.length) extraHeaders["preference-applied"] = applied.join(", ");
    if (prefs.return === "headers-only" || prefs.return === "minimal") status = method === "POST" ? 201 : 204;
    return respond(row, {
      method,
      media: wantRows ? media : "json",
      status,
      offset: 0,
      isInsert: method === "POST",
      hasBody: wantRows,
      extraHeaders,
    });
  }

  return handler;
}

/** A path segment, percent-decoded; a malformed escape (`%ZZ`, a cut UTF-8 sequence) is the client's 400. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "PGRST100", "Invalid percent-encoding in the request path", "The path must be valid UTF-8 once its %XX escapes are decoded.");
  }
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

/** The parameter type a raw body of each type goes to. */
const RAW_PARAMETER: Partial<Record<BodyType, string>> = { text: "text", xml: "xml", bytes: "bytea" };

const formRefused = (mime: string) =>
  unacceptableBody(
    mime,
    "Form fields and text/plain are read only from a request with an apikey or Authorization header, which an HTML form on another site cannot send.",
  );

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

/** Parses and plans a GET or HEAD on a relation. */
function planReadRequest(s: State, req: Request, url: URL, rel: Relation, method: string, prefs: Preferences): PlannedRead {
  const parts = parseQuery(url.searchParams);
  const ctx: PlanContext = { cache: s.cache, parts, params: new Params(), aliases: 0 };
  const range = parseRange(req.headers);
  const limit = capLimit(parts.limit.get("") ?? range?.limit ?? null, s.config.maxRows);
  const offset = parts.offset.get("") ?? range?.offset ?? 0;
  const read = planRead(ctx, { rel, limit, offset });
  let countSql: string | null = null;
  if (prefs.count === "exact" || (prefs.count === "estimated" && s.config.maxRows === null)) countSql = read.countSql;
  else if (prefs.count === "estimated") {
    // Exact up to db-max-rows: count at most one row past it, then the estimate takes over.
    countSql = `select count(*) from (select 1 ${read.countFrom} limit ${ctx.params.add(String(s.config.maxRows! + 1))}::int8) as pgrst_capped`;
  }
  const statement = outerStatement({ source: read.sql, countSql, body: method === "HEAD" ? "none" : "array" });
  let explain: Statement | null = null;
  if (prefs.count === "planned" || (prefs.count === "estimated" && s.config.maxRows !== null)) {
    // Its own plan of the unpaged rows, so every placeholder it binds appears in its text.
    const ectx: PlanContext = { cache: s.cache, parts: parseQuery(url.searchParams), params: new Params(), aliases: 0 };
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

function capLimit(limit: number | null, maxRows: number | null): number | null {
  if (maxRows === null) return limit;
  return limit === null ? maxRows : Math.min(limit, maxRows);
}

export { jsonError };
