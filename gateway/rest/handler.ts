/**
 * The PostgREST-compatible API's front: the schema cache and in-database
 * configuration (loaded at start and on `NOTIFY pgrst`), authentication, and
 * routing each request to the read, write or call path as the caller.
 */
import { createAuthenticator, type Identity } from "../auth.ts";
import type { GatewayConfig } from "../config.ts";
import { createPool, listenPgrst, type Sql } from "../db.ts";
import { effectiveConfig } from "../db-config.ts";
import { errorResponse, HttpError } from "../errors.ts";
import { fromPgError, isPgError } from "../pg-errors.ts";
import { connectionLost } from "../../supabase/functions/_shared/http.ts";
import { loadDbConfig, loadSchemaCache, type SchemaCache } from "../schema-cache.ts";
import { serveCall } from "./call.ts";
import { corsHeaders, preflight } from "./cors.ts";
import { runWithRetries } from "./execute.ts";
import type { Exchange } from "./exchange.ts";
import { openApi } from "./openapi.ts";
import { type PlannedRead, serveRead } from "./read.ts";
import { negotiate, parsePrefer, pickSchema } from "./request.ts";
import { checkRole, preRequestStatement, setupStatement } from "./session.ts";
import { serveWrite } from "./write.ts";

interface State {
  config: GatewayConfig;
  cache: SchemaCache;
  authenticate: (headers: Headers) => Promise<Identity>;
  preRequest: string | null;
  /** Planned reads by request shape; dropped with the schema cache on reload. */
  reads: Map<string, PlannedRead>;
}

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
      const lost = connectionLost(err);
      if (lost) res = errorResponse(lost, "");
      else if (isPgError(err)) res = errorResponse(fromPgError(err, anonymous), "");
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
    const readOnlyMethod = method === "GET" || method === "HEAD";
    const isRpc = segments[0] === "rpc" && segments.length === 2;
    // Reads take the generic plan; an EXPLAIN shows the plan a read would get without that setting.
    const setup = setupStatement(s.cache, identity, req, path, schema, s.config.extraSearchPath, context.clientIp, readOnlyMethod && !isRpc && media !== "plan");
    const x: Exchange = {
      req,
      url,
      path,
      method,
      schema,
      cache: s.cache,
      config: s.config,
      media,
      prefs,
      limits: { maxBytes: s.config.maxBodyBytes, idleTimeoutMs: s.config.bodyIdleTimeoutMs },
      rollback,
      txApplied: prefs.tx ? [`tx=${prefs.tx}`] : [],
      run: async (plan) => await runWithRetries(sql, { ...plan, setup, preRequest: s.preRequest }),
    };
    if (isRpc) return await serveCall(x, segments[1]);
    if (segments.length !== 1) {
      throw new HttpError(404, "PGRST125", `Invalid path specified in request URL: ${path}`);
    }
    const rel = s.cache.relations.get(`${schema}.${segments[0]}`);
    if (!rel) {
      throw new HttpError(404, "PGRST205", `Could not find the table '${schema}.${segments[0]}' in the schema cache`, null, null);
    }
    return await (readOnlyMethod ? serveRead(x, rel, s.reads) : serveWrite(x, rel));
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
