// What an operator reads: one request id per request (answered, seen by the
// functions and by SQL, in 5xx bodies and in every log line of the request),
// structured JSON log lines, and Prometheus metrics for the service role only.
import assert from "node:assert/strict";
import { loadConfig } from "./config.ts";
import { logLine } from "./log.ts";
import { Metrics, routeLabel } from "./metrics.ts";
import { createGateway } from "./server.ts";
import { type AdmittedServer, serveAdmitted } from "./admission.ts";
import { authenticatorUrl, dbTest, JWT_SECRET, loadFixture, token } from "./testing/support.ts";
import { currentRequestId, requestIdOf, withRequestId } from "../supabase/functions/_shared/request-id.ts";
import { flushErrorReports, startErrorReports } from "../supabase/functions/_shared/error-reports.ts";

/** A gateway over the test database with one function that answers what it saw, served on a free port. */
async function serve() {
  await loadFixture();
  const config = loadConfig({ PGRST_DB_URI: authenticatorUrl(), PGRST_JWT_SECRET: JWT_SECRET, PGRST_DB_POOL: "2" });
  const fns = {
    seen: (req: Request) => Response.json({ header: req.headers.get("x-request-id"), context: currentRequestId() }),
    broken: () => Promise.reject(new Error("a bug")),
  };
  const gateway = createGateway(config, fns, { queueDepths: () => Promise.resolve({ email_pending: 3 }) });
  await gateway.rest.reload();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req, info) =>
    gateway.fetch(req, { remoteAddr: info.remoteAddr.hostname }));
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    base,
    async close() {
      await server.shutdown();
      await gateway.rest.close();
    },
  };
}

Deno.test({ name: "every request gets one id: answered, seen by its function and by SQL, and in a 500's body", ...dbTest }, async () => {
  const { base, close } = await serve();
  try {
    const fn = await fetch(`${base}/functions/v1/seen`);
    const seen = await fn.json();
    const id = fn.headers.get("x-request-id");
    assert.match(id ?? "", /^[0-9a-f-]{36}$/);
    assert.deepEqual(seen, { header: id, context: id }, "the function's request and its async context carry the id");

    const kept = await fetch(`${base}/functions/v1/seen`, { headers: { "x-request-id": "proxy-abc-12345" } });
    assert.equal(kept.headers.get("x-request-id"), "proxy-abc-12345", "a well-formed id from a proxy is kept");
    assert.equal((await kept.json()).header, "proxy-abc-12345");
    const forged = await fetch(`${base}/functions/v1/seen`, { headers: { "x-request-id": 'x" level="error' } });
    await forged.body?.cancel();
    assert.match(forged.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/, "anything else is replaced");

    const rest = await fetch(`${base}/rest/v1/rpc/gw_request_id`);
    assert.equal(await rest.json(), rest.headers.get("x-request-id"), "SQL sees the id in request.headers");

    const crash = await fetch(`${base}/functions/v1/broken`);
    const body = await crash.json();
    assert.equal(crash.status, 500);
    assert.equal(body.details, `request id ${crash.headers.get("x-request-id")}`, "a 500 names its request, nothing else");

    const internal = await fetch(`${base}/rest/v1/rpc/gw_internal`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(internal.status, 500);
    const internalBody = await internal.json();
    assert.equal(internalBody.details, `request id ${internal.headers.get("x-request-id")}`);
  } finally {
    await close();
  }
});

/** A Sentry ingest endpoint on loopback: the events of every envelope posted to it. */
function sentryIngest() {
  const events: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const text = await req.text();
    if (new URL(req.url).pathname === "/api/42/envelope/") {
      raw.push(text);
      // An envelope: a header line, then an item header and its payload per item.
      const lines = text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
      for (let i = 1; i + 1 < lines.length; i += 2) if (lines[i].type === "event") events.push(lines[i + 1]);
    }
    return Response.json({});
  });
  return { dsn: `http://publickey@127.0.0.1:${server.addr.port}/42`, events, raw, close: () => server.shutdown() };
}

Deno.test({ name: "500s go to Sentry with their request id and nothing of the request, only while SENTRY_DSN is set", ...dbTest }, async () => {
  const ingest = sentryIngest();
  const { base, close } = await serve();
  const secret = "Bearer " + "s3cr3t-token-value";
  try {
    Deno.env.set("SENTRY_DSN", ingest.dsn);
    await startErrorReports();
    const crash = await fetch(`${base}/functions/v1/broken?token=signed-url-secret`, { headers: { authorization: secret } });
    await crash.body?.cancel();
    const internal = await fetch(`${base}/rest/v1/rpc/gw_internal`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await internal.body?.cancel();
    await flushErrorReports();
    const ids = ingest.events.map((e) => (e.tags as Record<string, string>).request_id).sort();
    assert.deepEqual(ids, [crash.headers.get("x-request-id"), internal.headers.get("x-request-id")].sort(),
      "one event per 500, tagged with its request id");
    const fn = ingest.events.find((e) => (e.tags as Record<string, string>).request_id === crash.headers.get("x-request-id"))!;
    const exception = (fn.exception as { values: { type: string; value: string }[] }).values[0];
    assert.deepEqual([exception.type, exception.value], ["Error", "a bug"], "the error itself");
    assert.equal(fn.request, undefined, "no request data");
    const all = ingest.raw.join("\n");
    assert.ok(!all.includes("s3cr3t-token-value") && !all.includes("signed-url-secret"), "neither headers nor the query are sent");

    Deno.env.delete("SENTRY_DSN");
    await startErrorReports();
    const quiet = await fetch(`${base}/functions/v1/broken`);
    await quiet.body?.cancel();
    assert.equal(quiet.status, 500);
    await flushErrorReports();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(ingest.events.length, 2, "nothing is sent without SENTRY_DSN");
  } finally {
    Deno.env.delete("SENTRY_DSN");
    await startErrorReports();
    await close();
    await ingest.close();
  }
});

Deno.test({ name: "/metrics is the service role's: 401 without a token, 403 for a user, figures for the service key", ...dbTest }, async () => {
  const { base, close } = await serve();
  try {
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/functions/v1/seen`)).body?.cancel();
    await (await fetch(`${base}/rest/v1/no_such_table_${crypto.randomUUID().slice(0, 8)}`)).body?.cancel();
    await (await fetch(`${base}/rest/v1/rpc/gw_add?a=1`)).body?.cancel();

    const anon = await fetch(`${base}/metrics`);
    assert.equal(anon.status, 401);
    assert.equal((await anon.json()).code, "42501");
    const user = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${await token({ role: "authenticated", sub: "u-1" })}` } });
    assert.equal(user.status, 403);
    await user.body?.cancel();

    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${await token({ role: "service_role" })}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^pgdrive_http_requests_total\{route="\/functions\/v1\/seen",status="200"\} 3$/m);
    assert.match(text, /^pgdrive_http_request_duration_seconds_count\{route="\/functions\/v1\/seen"\} 3$/m);
    assert.match(text, /^pgdrive_http_request_duration_seconds_bucket\{route="\/functions\/v1\/seen",le="\+Inf"\} 3$/m);
    assert.match(text, /^pgdrive_http_requests_total\{route="\/rest\/v1\/rpc\/gw_add",status="200"\} 1$/m);
    assert.match(text, /^pgdrive_http_requests_total\{route="\/rest\/v1\/\{relation\}",status="404"\} 1$/m, "a made-up name is not a label");
    assert.doesNotMatch(text, /no_such_table/);
    assert.match(text, /^pgdrive_queue_depth\{queue="email_pending"\} 3$/m);
    assert.match(text, /^pgdrive_process_resident_memory_bytes \d+$/m);
    assert.match(text, /^pgdrive_db_pool_max_connections 2$/m);
  } finally {
    await close();
  }
});

Deno.test({ name: "with admission on, /metrics counts its connections: served, waiting, open, and the limit", ...dbTest }, async () => {
  await loadFixture();
  const config = loadConfig({
    PGRST_DB_URI: authenticatorUrl(), PGRST_JWT_SECRET: JWT_SECRET, PGRST_DB_POOL: "2", GATEWAY_MAX_CONNECTIONS: "3",
  });
  let server: AdmittedServer | null = null;
  const gateway = createGateway(config, {}, { admission: () => server?.stats() ?? null });
  await gateway.rest.reload();
  server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 3, idleTimeoutMs: 0 }, (req, info) =>
    gateway.fetch(req, { remoteAddr: info.remoteAddr.hostname }));
  try {
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/metrics`, {
      headers: { authorization: `Bearer ${await token({ role: "service_role" })}` },
    });
    const text = await res.text();
    assert.match(text, /^pgdrive_admission_max_connections 3$/m);
    // The scrape's own connection is the one being served.
    assert.match(text, /^pgdrive_admission_active_connections 1$/m);
    assert.match(text, /^pgdrive_admission_waiting_connections 0$/m);
    assert.match(text, /^pgdrive_admission_open_connections 1$/m);
  } finally {
    await server.shutdown();
    await gateway.rest.close();
  }
});

Deno.test("without admission, /metrics has no admission gauges", () => {
  const text = new Metrics().render({ admission: null });
  assert.doesNotMatch(text, /pgdrive_admission_/);
});

Deno.test("route labels name only what exists: functions by their registered name, REST names only on success", () => {
  const fns = new Set(["files"]);
  assert.equal(routeLabel("/functions/v1/files/uploads/abc", 201, fns), "/functions/v1/files");
  assert.equal(routeLabel("/functions/v1/nope", 404, fns), "/functions/v1/{unknown}");
  assert.equal(routeLabel("/rest/v1/files", 200, fns), "/rest/v1/files");
  assert.equal(routeLabel("/rest/v1/files", 401, fns), "/rest/v1/{relation}");
  assert.equal(routeLabel("/rest/v1/rpc/login", 200, fns), "/rest/v1/rpc/login");
  assert.equal(routeLabel("/rest/v1/rpc/x%22y", 200, fns), "/rest/v1/rpc/{function}");
  assert.equal(routeLabel("/rest/v1/", 200, fns), "/rest/v1/");
});

Deno.test("a histogram counts each observation in every bucket at or above it", () => {
  const m = new Metrics();
  m.observe("/r", 200, 0.003);
  m.observe("/r", 200, 0.2);
  m.jobFailed("email");
  const text = m.render();
  assert.match(text, /_bucket\{route="\/r",le="0\.005"\} 1$/m);
  assert.match(text, /_bucket\{route="\/r",le="0\.25"\} 2$/m);
  assert.match(text, /_sum\{route="\/r"\} 0\.203/m);
  assert.match(text, /^pgdrive_job_failures_total\{job="email"\} 1$/m);
});

Deno.test("log lines are JSON with the request id of the request they were written in", () => {
  const inside = withRequestId("req-12345678", () => JSON.parse(logLine("error", "boom", { status: 500 })));
  assert.equal(inside.request_id, "req-12345678");
  assert.equal(inside.level, "error");
  assert.equal(inside.msg, "boom");
  assert.equal(inside.status, 500);
  assert.ok(!Number.isNaN(Date.parse(inside.time)));
  const outside = JSON.parse(logLine("info", "start"));
  assert.equal("request_id" in outside, false);
  assert.equal(requestIdOf(new Headers({ "x-request-id": "short" })).length, 36, "too short an id is replaced");
});
