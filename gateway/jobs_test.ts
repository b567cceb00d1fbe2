// The jobs the gateway runs as pg_cron + pg_net do on hosted Supabase: POSTs
// of the functions' routes with the service key, on their intervals, one run
// per job at a time, failures logged and survived; and the real gateway,
// started with only its documented settings, running them through its own
// functions over HTTP.
import assert from "node:assert/strict";
import { jwtVerify } from "jose";
import { loadConfig } from "./config.ts";
import { createJobRunner, EMAIL_PATH, MAINTENANCE_PATH, RECORD_FAILURE_PATH, serviceKeyOf } from "./jobs.ts";
import { adminSql, authenticatorUrl, DATABASE_URL, dbTest, JWT_SECRET } from "./testing/support.ts";

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
}

/** A loopback server that records every request and answers with `answer`. */
function recordingServer(answer: (req: Request) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    seen.push({ method: req.method, path: new URL(req.url).pathname, authorization: req.headers.get("authorization") });
    return await answer(req);
  });
  return { seen, baseUrl: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

const jobs = (emailMs: number, maintenanceMs: number) => [
  { name: "email", path: EMAIL_PATH, intervalMs: emailMs },
  { name: "files-maintenance", path: MAINTENANCE_PATH, intervalMs: maintenanceMs },
];

Deno.test("the job runner POSTs each job's route with the service key on its interval", async () => {
  const server = recordingServer(() => Response.json({ sent: 0, failed: 0 }));
  const runner = createJobRunner({ baseUrl: server.baseUrl, serviceKey: () => "the-service-key", jobs: jobs(30, 45) });
  try {
    const count = (path: string) => server.seen.filter((s) => s.path === path).length;
    await until("two runs of each job", () => count(EMAIL_PATH) >= 2 && count(MAINTENANCE_PATH) >= 2);
    for (const s of server.seen) {
      assert.equal(s.method, "POST");
      assert.equal(s.authorization, "Bearer the-service-key");
    }
  } finally {
    await runner.stop();
    await server.close();
  }
});

Deno.test("a tick that finds the job's last run in flight is skipped: one run at a time", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = recordingServer(async (req) => {
    if (new URL(req.url).pathname === MAINTENANCE_PATH) await held;
    return Response.json({});
  });
  const runner = createJobRunner({ baseUrl: server.baseUrl, serviceKey: () => "k", jobs: jobs(0, 20) });
  try {
    await until("the first run", () => server.seen.length === 1);
    await delay(300); // about fifteen ticks
    assert.equal(server.seen.length, 1, "no second run while the first is in flight");
    release();
    await until("a run after the first ended", () => server.seen.length >= 2);
  } finally {
    release();
    await runner.stop();
    await server.close();
  }
});

Deno.test("a job answered 4xx or 5xx is logged, and the runner keeps running it", async () => {
  const server = recordingServer((req) =>
    new URL(req.url).pathname === EMAIL_PATH
      ? Response.json({ code: "XX000", message: "broken driver", details: null, hint: null }, { status: 500 })
      : Response.json({ code: "42501", message: "permission denied", details: null, hint: null }, { status: 403 })
  );
  const lines: string[] = [];
  const runner = createJobRunner({ baseUrl: server.baseUrl, serviceKey: () => "k", jobs: jobs(25, 25), log: (l) => lines.push(l) });
  try {
    const count = (path: string) => server.seen.filter((s) => s.path === path).length;
    await until("three runs of each job", () => count(EMAIL_PATH) >= 3 && count(MAINTENANCE_PATH) >= 3);
    assert.ok(lines.some((l) => l.includes(`POST ${EMAIL_PATH} answered 500`) && l.includes("broken driver")), lines.join("\n"));
    assert.ok(lines.some((l) => l.includes(`POST ${MAINTENANCE_PATH} answered 403`)), lines.join("\n"));
    // A job that cannot be reached at all is logged too, and the trigger still resolves.
    const unreachable = createJobRunner({ baseUrl: "http://127.0.0.1:9", serviceKey: () => "k", jobs: jobs(0, 0), log: (l) => lines.push(l) });
    await unreachable.trigger("email");
    await unreachable.stop();
    assert.ok(lines.some((l) => l.includes(`POST ${EMAIL_PATH} failed`)), lines.join("\n"));
  } finally {
    await runner.stop();
    await server.close();
  }
});

Deno.test("a failed run is recorded with rpc/record_job_failure and the service key; a successful one is not", async () => {
  const recorded: { authorization: string | null; body: unknown }[] = [];
  const server = recordingServer(async (req) => {
    const path = new URL(req.url).pathname;
    if (path === RECORD_FAILURE_PATH) {
      recorded.push({ authorization: req.headers.get("authorization"), body: await req.json() });
      return new Response(null, { status: 204 });
    }
    return path === EMAIL_PATH
      ? Response.json({ code: "XX000", message: "broken driver", details: null, hint: null }, { status: 500 })
      : new Response("ok");
  });
  const runner = createJobRunner({ baseUrl: server.baseUrl, serviceKey: () => "k", jobs: jobs(0, 0), log: () => {} });
  try {
    await runner.trigger("email");
    await runner.trigger("files-maintenance");
    assert.deepEqual(recorded, [{
      authorization: "Bearer k",
      body: { job: "email", message: `POST ${EMAIL_PATH} answered 500: {"code":"XX000","message":"broken driver","details":null,"hint":null}` },
    }]);
  } finally {
    await runner.stop();
    await server.close();
  }
});

Deno.test("stop clears the timers and aborts a run that outlives its grace", async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = recordingServer(async () => {
    await held;
    return Response.json({});
  });
  const lines: string[] = [];
  const runner = createJobRunner({ baseUrl: server.baseUrl, serviceKey: () => "k", jobs: jobs(20, 0), log: (l) => lines.push(l) });
  try {
    await until("a run in flight", () => server.seen.length === 1);
    const started = Date.now();
    await runner.stop(100);
    assert.ok(Date.now() - started < 2000, "stop did not wait for the held run");
    await delay(100);
    assert.equal(server.seen.length, 1, "no run after stop");
    assert.deepEqual(lines, [], "an abort at shutdown is not an error");
  } finally {
    release();
    await server.close();
  }
});

Deno.test("without a configured key the jobs sign a short-lived service-role token for the gateway's audience", async () => {
  const config = loadConfig({ PGRST_DB_URI: "postgres://x@127.0.0.1/x", PGRST_JWT_SECRET: JWT_SECRET, PGRST_JWT_AUD: "authenticated" });
  const { payload } = await jwtVerify(await serviceKeyOf(config)(), new TextEncoder().encode(JWT_SECRET), { audience: "authenticated" });
  assert.equal(payload.role, "service_role");
  assert.ok(payload.exp! - Math.floor(Date.now() / 1000) <= 300);
  const keyed = loadConfig({ PGRST_DB_URI: "postgres://x@127.0.0.1/x", PGRST_JWT_SECRET: JWT_SECRET, SUPABASE_SERVICE_ROLE_KEY: "k" });
  assert.equal(await serviceKeyOf(keyed)(), "k");
});

async function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test({
  name: "the gateway started with only its documented settings drains the outbox and runs the housekeeping through its own functions",
  ...dbTest,
}, async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pgdrive-jobs-" });
  const port = await freePort();
  const sql = adminSql();
  // An object no row references, older than the sweep's grace: the housekeeping deletes it.
  const orphan = crypto.randomUUID();
  const orphanPath = `${dataDir}/storage/objects/${orphan.slice(0, 2)}/${orphan}`;
  await Deno.mkdir(`${dataDir}/storage/objects/${orphan.slice(0, 2)}`, { recursive: true });
  await Deno.writeTextFile(orphanPath, "left behind by a crash");
  const hourAgo = new Date(Date.now() - 3600_000);
  await Deno.utime(orphanPath, hourAgo, hourAgo);
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: Deno.env.get("HOME") ?? "",
    ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
    // The gateway's documented settings; no SUPABASE_URL and no service key.
    PGRST_DB_URI: authenticatorUrl(),
    PGRST_JWT_SECRET: JWT_SECRET,
    PGRST_JWT_AUD: "authenticated",
    PGRST_SERVER_PORT: String(port),
    PGRST_DB_POOL: "2",
    SUPABASE_DB_URL: DATABASE_URL,
    DATA_DIR: dataDir,
    EMAIL_DRAIN_INTERVAL_MS: "200",
    FILES_MAINTENANCE_INTERVAL_MS: "200",
    NO_COLOR: "1",
  };
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", "gateway/server.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    clearEnv: true,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = Promise.all([child.stdout, child.stderr].map((s) => new Response(s).text())).then((t) => t.join(""));
  try {
    // Enqueued before the gateway is up: the first run sends it (NOTIFY alone would miss it).
    const [{ id }] = await sql`select private.enqueue_email('jobs@example.com', 'Jobs', 'sent by a job', 'test') as id`;
    await until("the message sent", async () => {
      const [row] = await sql`select status from private.email_outbox where id = ${id}`;
      return row?.status === "sent";
    }, 20_000);
    const mail = await Array.fromAsync(Deno.readDir(`${dataDir}/mail`));
    assert.ok(mail.some((e) => e.name.endsWith(".eml")), "the file driver wrote the message");
    await until("the orphan swept", async () => !(await Deno.stat(orphanPath).then(() => true, () => false)), 20_000);
  } finally {
    try {
      child.kill("SIGTERM");
    } catch { /* it exited already: the status says how */ }
    const status = await child.status;
    const text = await output;
    await sql.end();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    assert.equal(status.code, 0, `the gateway exits cleanly on SIGTERM:\n${text}`);
    assert.doesNotMatch(text, /jobs: /, `no job failed:\n${text}`);
  }
});
