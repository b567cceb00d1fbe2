/**
 * The gateway: on a plain machine, what hosted Supabase runs for us, in one
 * process. PostgREST's API at /rest/v1 (and at the root, as a bare PostgREST
 * would serve it) and the edge functions at /functions/v1/<name>.
 * It adds no rule of its own: every request runs as the role its JWT names.
 */
import { serveAdmitted } from "./admission.ts";
import { bodyStalled, closingConnection, timedBody } from "./body-timeout.ts";
import { clientAddress } from "./client-address.ts";
import { ConfigError, type GatewayConfig, loadConfig } from "./config.ts";
import { errorResponse, jsonError } from "./errors.ts";
import { type FunctionHandler, functions, functionsOffReason } from "./functions.ts";
import { ConfigError as FunctionsConfigError, loadConfig as loadFunctionsConfig, setConfig as setFunctionsConfig } from "../supabase/functions/_shared/config.ts";
import { createRestHandler } from "./rest/handler.ts";
import { JOB_PATHS, JOB_USER_AGENT, type Jobs, loopbackUrl, startJobs } from "./jobs.ts";
import { createAuthenticator } from "./auth.ts";
import { log, useStructuredConsole } from "./log.ts";
import { Metrics, routeLabel } from "./metrics.ts";
import { currentRequestId, requestIdOf, withRequestId } from "../supabase/functions/_shared/request-id.ts";
import { flushErrorReports } from "../supabase/functions/_shared/error-reports.ts";

/** The answer at /functions/v1 when the functions' settings are not there (see functionsOffReason). */
const FUNCTIONS_OFF = {
  code: "FUNCTIONS_NOT_CONFIGURED",
  message: "Edge functions are not configured on this gateway",
  hint: "Set SUPABASE_DB_URL to serve /functions/v1.",
};

/**
 * Routes one request to the REST API or an edge function. `fns` null: REST
 * only, as a bare PostgREST, and /functions/v1 answers 404 FUNCTIONS_NOT_CONFIGURED.
 */
export function createGateway(
  config: GatewayConfig,
  fns: Record<string, FunctionHandler> | null = functions,
  { queueDepths, admission }: {
    queueDepths?: () => Promise<Record<string, number>>;
    /** With GATEWAY_MAX_CONNECTIONS: the admitted server's counts, for /metrics. */
    admission?: () => { active: number; waiting: number; connections: number } | null;
  } = {},
) {
  const rest = createRestHandler(config);
  const logRequests = Deno.env.get("GATEWAY_LOG") !== "off";
  const metrics = new Metrics();
  const functionNames: ReadonlySet<string> = new Set(Object.keys(fns ?? {}));
  const authenticate = createAuthenticator({ secret: config.jwtSecret, anonRole: config.anonRole, audience: config.jwtAud });

  /** GET /metrics: the service role's only (the figures name routes and queue sizes). */
  async function serveMetrics(req: Request): Promise<Response> {
    const identity = await authenticate(req.headers);
    if (identity.role !== "service_role") {
      return jsonError(identity.anonymous ? 401 : 403, { code: "42501", message: "The metrics need the service-role key" });
    }
    const queues = queueDepths ? await queueDepths().catch(() => null) : null;
    const counts = admission?.() ?? null;
    const admitted = counts && { max: config.maxConnections, ...counts };
    return new Response(metrics.render({ queues, poolSize: config.poolSize, admission: admitted }), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
    });
  }

  async function route(req: Request, url: URL, info: { remoteAddr: string }): Promise<Response> {
    if (url.pathname === "/metrics" && req.method === "GET") return await serveMetrics(req);
    if (url.pathname === "/functions/v1" || url.pathname.startsWith("/functions/v1/")) {
      if (!fns) return jsonError(404, FUNCTIONS_OFF);
      const [name = "", ...rest] = url.pathname.slice("/functions/v1/".length).split("/");
      const fn = Object.hasOwn(fns, name) ? fns[name] : undefined;
      if (!fn) return jsonError(404, { code: "NOT_FOUND", message: `Function not found: ${name}` });
      // Hosted Supabase hands a function its URL without the /functions/v1 prefix.
      const inner = new URL(`/${name}${rest.length ? "/" + rest.join("/") : ""}${url.search}`, url);
      return await fn(forFunction(req, inner, info.remoteAddr, config));
    }
    const path = url.pathname.startsWith("/rest/v1") ? url.pathname.slice("/rest/v1".length) || "/" : url.pathname;
    // The original API's byte RPCs stream through the files function, never through SQL.
    if ((path === "/rpc/store_file" || path === "/rpc/retrieve_file") && fns?.files) {
      const inner = new URL(`/files${path}${url.search}`, url);
      return await fns.files(forFunction(req, inner, info.remoteAddr, config));
    }
    // The REST handler puts the address into request.headers itself: no copy of the request.
    return await rest(req, path, { url, clientIp: clientAddress(req.headers, info.remoteAddr, config.trustProxy) });
  }

  return {
    rest,
    fetch(req: Request, info: { remoteAddr: string }): Promise<Response> {
      // One id per request: SQL sees it in request.headers (caller.ts), functions in their request, logs in every line.
      const requestId = requestIdOf(req.headers);
      return withRequestId(requestId, async () => {
        const started = performance.now();
        const url = new URL(req.url);
        metrics.inFlight++;
        let res: Response;
        try {
          res = await route(req, url, info);
        } catch (err) {
          res = errorResponse(err, requestId);
        } finally {
          metrics.inFlight--;
        }
        // A body that stopped arriving: answer, then let the connection go (see body-timeout.ts).
        if (bodyStalled(req)) res = closingConnection(res);
        res = withHeader(res, "x-request-id", requestId);
        const ms = performance.now() - started;
        metrics.observe(routeLabel(url.pathname, res.status, functionNames), res.status, ms / 1000);
        // Method, path and timing only: never headers, bodies or query values.
        // A job's successful run (every few seconds) is left out; its failures are logged.
        if (logRequests && !(res.ok && isJobRequest(req, url))) {
          log("info", "request", { method: req.method, path: url.pathname, status: res.status, ms: Number(ms.toFixed(1)) });
        }
        return res;
      });
    },
    metrics,
  };
}

/** The response with one more header; a response whose headers are immutable (a fetch's) is copied around its body. */
function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    const headers = new Headers(res.headers);
    headers.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

/** A request from the jobs (jobs.ts) to one of their routes, which only the service role may run. */
function isJobRequest(req: Request, url: URL): boolean {
  return req.headers.get("user-agent") === JOB_USER_AGENT && JOB_PATHS.has(url.pathname);
}

/**
 * The request a function sees: its own URL, and `x-client-ip`, the header the
 * SQL reads the client's address from (see client-address.ts). The body is
 * handed over as a byte stream that passes BYOB reads straight through:
 * `new Request(url, req)` would pipe it through a proxy stream that copies
 * every chunk (measured: +35 MB of garbage during a 1 GiB upload), instead of
 * the byte stream that uploads read straight into their buffers. It fails
 * with a 408 when the client stops sending (see body-timeout.ts): the
 * function's read is aborted and it cleans up as for any broken upload.
 */
function forFunction(req: Request, url: URL, socketAddr: string, config: GatewayConfig): Request {
  const headers = new Headers(req.headers);
  headers.set("x-client-ip", clientAddress(headers, socketAddr, config.trustProxy));
  headers.set("x-request-id", currentRequestId()!);
  const body = timedBody(req, config.bodyIdleTimeoutMs);
  const init = { method: req.method, headers, body, signal: req.signal, duplex: "half" };
  // `duplex` (needed with a stream body) is in the fetch standard but not in Deno's RequestInit type yet.
  return new Request(url, init as RequestInit);
}

/**
 * postgres.js 3.4 can throw from a timer when Postgres drops a connection
 * with a write still queued on it (`socket.write` on the closed socket, in
 * `nextWrite`): uncaught, that would end the whole gateway on a database
 * restart. Only that error is caught here, logged, and survived: the
 * connection is already closed and the pool opens a new one; any other
 * uncaught error still ends the process.
 */
function survivePostgresWriteAfterClose(event: ErrorEvent): void {
  const err = event.error;
  if (err instanceof TypeError && /reading 'write'/.test(err.message) && /postgres\/src\/connection\.js/.test(err.stack ?? "")) {
    event.preventDefault();
    console.error(`gateway: a database connection closed with a write queued (survived): ${err.message}`);
  }
}

if (import.meta.main) {
  if (Deno.env.get("GATEWAY_LOG_FORMAT") !== "text") useStructuredConsole();
  globalThis.addEventListener("error", survivePostgresWriteAfterClose);
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`gateway: ${err instanceof ConfigError ? err.message : String(err)}`);
    Deno.exit(1);
  }
  const functionsOff = functionsOffReason(Deno.env.toObject());
  let jobs: Jobs | null = null;
  const gateway = createGateway(config, functionsOff ? null : functions, {
    queueDepths: functionsOff ? undefined : () => jobs ? jobs.queueDepths() : Promise.resolve({}),
    admission: () => admitted?.stats() ?? null,
  });
  const listen = { hostname: config.serverHost, port: config.serverPort, onListen: () => {} };
  const serve = (req: Request, info: { remoteAddr: Deno.Addr }) =>
    gateway.fetch(req, { remoteAddr: (info.remoteAddr as Deno.NetAddr).hostname });
  // The memory budget: at most so many connections with a request in flight (admission.ts).
  const admitted = config.maxConnections > 0
    ? serveAdmitted({ ...listen, maxActive: config.maxConnections, idleTimeoutMs: config.idleTimeoutMs }, serve)
    : null;
  const server = admitted ?? Deno.serve(listen, serve);
  const ownUrl = loopbackUrl(server.addr.hostname, server.addr.port);
  if (functionsOff) {
    console.log(`gateway: edge functions and jobs off (${functionsOff}): serving REST only`);
  } else {
    // The platform's part: hosted Supabase hands every function SUPABASE_URL; here that is this gateway.
    if (!Deno.env.get("SUPABASE_URL")) Deno.env.set("SUPABASE_URL", ownUrl);
    // The functions' settings are checked now, so a wrong one stops the start instead of failing requests.
    let payments = false;
    try {
      const functionsConfig = loadFunctionsConfig();
      setFunctionsConfig(functionsConfig);
      payments = functionsConfig.mpesa.callbackSecret !== null;
    } catch (err) {
      console.error(`gateway: ${err instanceof FunctionsConfigError ? err.message : String(err)}`);
      Deno.exit(1);
    }
    // pg_cron + pg_net on hosted Supabase: the outbox drain and the files housekeeping, over HTTP to ourselves.
    jobs = startJobs(config, ownUrl, { payments, onFailure: (job) => gateway.metrics.jobFailed(job) });
  }
  let stopping: Promise<void> | null = null;
  const shutdown = () => {
    stopping ??= (async () => {
      await jobs?.stop().catch(() => {});
      // In-flight requests may finish, but not hold the exit for long.
      await Promise.race([server.shutdown(), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await flushErrorReports(2000);
      Deno.exit(0);
    })();
  };
  Deno.addSignalListener("SIGTERM", shutdown);
  Deno.addSignalListener("SIGINT", shutdown);
  if (config.exitOnStdinEof) {
    // The launcher holds our stdin open; when it dies, even by SIGKILL, we exit too.
    (async () => {
      for await (const _ of Deno.stdin.readable) { /* wait for end of input */ }
      Deno.exit(0);
    })();
  }
}
