/**
 * The jobs hosted Supabase runs with pg_cron and pg_net, run the same way on a
 * plain machine: on a timer (and, for the email outbox, on NOTIFY
 * email_outbox as well, where hosted has a database webhook) the gateway
 * POSTs `/functions/v1/email` and `/functions/v1/files/maintenance` with the
 * service-role key over HTTP to its own listening address. So a job goes
 * through exactly the production path (the server, the function's routing,
 * its authentication, SQL's grants), and the gateway imports nothing of a
 * function's internals. One run per job at a time: a tick that finds the
 * last run still in flight is skipped. The SQL-only job (pg_cron's
 * `select private.purge_auth_data()`) runs as service_role over the
 * gateway's own authenticator login. A failed run is logged and recorded
 * with rpc/record_job_failure (service role), which the admin console's
 * system page lists.
 */
import { SignJWT } from "jose";
import postgres from "postgres";
import type { GatewayConfig } from "./config.ts";

/** The User-Agent of the jobs' requests: the gateway leaves their successful runs out of its request log. */
export const JOB_USER_AGENT = "pgdrive-jobs";

/** Where a failed run is recorded, with the service key (rpc/record_job_failure). */
export const RECORD_FAILURE_PATH = "/rest/v1/rpc/record_job_failure";

/** The routes the local stack runs on timers (as pg_cron does on hosted Supabase). */
export const EMAIL_PATH = "/functions/v1/email";
export const MAINTENANCE_PATH = "/functions/v1/files/maintenance";
export const MPESA_PUSH_PATH = "/functions/v1/mpesa/push";
export const MPESA_RECONCILE_PATH = "/functions/v1/mpesa/reconcile";
export const JOB_PATHS: ReadonlySet<string> = new Set([EMAIL_PATH, MAINTENANCE_PATH, MPESA_PUSH_PATH, MPESA_RECONCILE_PATH]);

/**
 * The M-Pesa jobs' timers. Fixed, not configured: SQL decides when a payment
 * is due for a push or a query (payments.query_after_seconds and its
 * back-off), so a timer only bounds how late a due one is noticed. The push
 * also runs on NOTIFY mpesa_push, the moment start_payment commits.
 */
const MPESA_PUSH_INTERVAL_MS = 5000;
const MPESA_RECONCILE_INTERVAL_MS = 5000;

/** A function route run on a timer. */
export interface Job {
  name: string;
  /** The route, e.g. `/functions/v1/email`. */
  path: string;
  /** Milliseconds between runs; 0: only when triggered. */
  intervalMs: number;
}

export interface JobRunnerOptions {
  /** Where the gateway listens, e.g. `http://127.0.0.1:54321`. */
  baseUrl: string;
  /** The bearer token each request carries (the service-role key). */
  serviceKey: () => string | Promise<string>;
  jobs: Job[];
  /** Where failures are reported (console.error). */
  log?: (line: string) => void;
  /** Told of each failed run, by job name (the metrics count them). */
  onFailure?: (job: string) => void;
  /** A run still going after this long is aborted (10 minutes). */
  timeoutMs?: number;
}

export interface JobRunner {
  /** Runs a job now, unless a run of it is in flight (then nothing); resolves when the run ends. */
  trigger(name: string): Promise<void>;
  /** Clears the timers, waits up to `graceMs` for runs in flight, then aborts them. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a timer per job that POSTs its route with the service key; a failed run is logged, never fatal. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const log = options.log ?? ((line: string) => console.error(line));
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const jobs = new Map(options.jobs.map((job) => [job.name, job]));
  const inFlight = new Map<string, { done: Promise<void>; abort: AbortController }>();
  let stopped = false;

  /** Records a failed run for the system page; a failure to record is only logged. */
  async function record(job: Job, message: string): Promise<void> {
    try {
      const res = await fetch(new URL(RECORD_FAILURE_PATH, options.baseUrl), {
        method: "POST",
        headers: {
          authorization: `Bearer ${await options.serviceKey()}`,
          "content-type": "application/json",
          "user-agent": JOB_USER_AGENT,
        },
        body: JSON.stringify({ job: job.name, message }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.body?.cancel();
      if (!res.ok) log(`jobs: ${job.name}: recording the failure answered ${res.status}`);
    } catch (err) {
      log(`jobs: ${job.name}: recording the failure failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function run(job: Job, abort: AbortController): Promise<void> {
    const url = new URL(job.path, options.baseUrl);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${await options.serviceKey()}`, "user-agent": JOB_USER_AGENT },
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      if (res.ok) {
        await res.body?.cancel();
        return;
      }
      // The function's own error body ({code, message, ...}): it names no secret.
      const text = (await res.text()).slice(0, 500);
      const message = `POST ${job.path} answered ${res.status}: ${text}`;
      options.onFailure?.(job.name);
      log(`jobs: ${job.name}: ${message}`);
      await record(job, message);
    } catch (err) {
      if (stopped && abort.signal.aborted) return;
      const message = `POST ${job.path} failed: ${err instanceof Error ? err.message : String(err)}`;
      options.onFailure?.(job.name);
      log(`jobs: ${job.name}: ${message}`);
      await record(job, message);
    }
  }

  function trigger(name: string): Promise<void> {
    const job = jobs.get(name);
    if (!job) return Promise.reject(new Error(`no job named ${name}`));
    if (stopped) return Promise.resolve();
    const running = inFlight.get(name);
    if (running) return running.done;
    const abort = new AbortController();
    const done = run(job, abort).finally(() => inFlight.delete(name));
    inFlight.set(name, { done, abort });
    return done;
  }

  const timers = options.jobs.filter((job) => job.intervalMs > 0).map((job) =>
    setInterval(() => void trigger(job.name), job.intervalMs)
  );

  return {
    trigger,
    async stop(graceMs = 5000) {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      const runs = [...inFlight.values()];
      let waited: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => (waited = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.all(runs.map((r) => r.done)), grace]);
      clearTimeout(waited);
      for (const r of runs) r.abort.abort();
      await Promise.all(runs.map((r) => r.done));
    },
  };
}

/** The bearer token of the jobs: the configured service-role key, else one signed with the JWT secret. */
export function serviceKeyOf(config: GatewayConfig): () => Promise<string> {
  if (config.serviceRoleKey) {
    const key = config.serviceRoleKey;
    return () => Promise.resolve(key);
  }
  const secret = new TextEncoder().encode(config.jwtSecret);
  return async () => {
    const jwt = new SignJWT({ role: "service_role" }).setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt().setExpirationTime("5m");
    return await (config.jwtAud ? jwt.setAudience(config.jwtAud) : jwt).sign(secret);
  };
}

export interface Jobs {
  stop(): Promise<void>;
  /** The work waiting (api.queue_depths, as service_role), for /metrics. */
  queueDepths(): Promise<Record<string, number>>;
}

/** The address a client on this machine reaches a server listening on `hostname` at. */
export function loopbackUrl(hostname: string, port: number): string {
  const host = hostname === "0.0.0.0" ? "127.0.0.1" : hostname === "::" ? "::1" : hostname;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Starts the local stack's jobs against the gateway at `baseUrl`: the email
 * outbox (every EMAIL_DRAIN_INTERVAL_MS and on NOTIFY email_outbox), the files
 * housekeeping (every FILES_MAINTENANCE_INTERVAL_MS), the M-Pesa push (on NOTIFY
 * mpesa_push and every 5 s, only when `payments`: without M-Pesa's callback
 * secret the push route answers 503 on every run) and reconciliation with the
 * plan reminders (every 5 s), and every 10 minutes private.purge_auth_data()
 * as service_role.
 */
export function startJobs(
  config: GatewayConfig,
  baseUrl: string,
  { payments, onFailure }: { payments: boolean; onFailure?: (job: string) => void },
): Jobs {
  const runner = createJobRunner({
    baseUrl,
    onFailure,
    serviceKey: serviceKeyOf(config),
    jobs: [
      { name: "email", path: EMAIL_PATH, intervalMs: config.jobs.emailIntervalMs },
      { name: "files-maintenance", path: MAINTENANCE_PATH, intervalMs: config.jobs.maintenanceIntervalMs },
      ...(payments ? [{ name: "mpesa-push", path: MPESA_PUSH_PATH, intervalMs: MPESA_PUSH_INTERVAL_MS }] : []),
      { name: "mpesa-reconcile", path: MPESA_RECONCILE_PATH, intervalMs: MPESA_RECONCILE_INTERVAL_MS },
    ],
  });
  const drain = () => void runner.trigger("email");
  const push = () => void runner.trigger("mpesa-push");
  const db = postgres(config.dbUri, { max: 1, onnotice: () => {}, connection: { application_name: "pgdrive-jobs" } });
  // Drains once when listening starts (and again after a reconnect), then on every NOTIFY.
  db.listen("email_outbox", drain, drain).catch((err) =>
    console.error(`jobs: cannot listen for email_outbox: ${err instanceof Error ? err.message : err}`)
  );
  if (payments) {
    db.listen("mpesa_push", push, push).catch((err) =>
      console.error(`jobs: cannot listen for mpesa_push: ${err instanceof Error ? err.message : err}`)
    );
  }
  const housekeeping = setInterval(() => {
    db.begin(async (tx) => {
      await tx`set local role service_role`;
      await tx`select private.purge_auth_data()`;
    }).catch((err) => {
      const message = `select private.purge_auth_data() failed: ${err instanceof Error ? err.message : err}`;
      onFailure?.("auth-housekeeping");
      console.error(`jobs: auth-housekeeping: ${message}`);
      return db.begin(async (tx) => {
        await tx`set local role service_role`;
        await tx`select api.record_job_failure('auth-housekeeping', ${message})`;
      });
    }).catch((err) => console.error(`jobs: auth-housekeeping: recording the failure failed: ${err instanceof Error ? err.message : err}`));
  }, 10 * 60_000);

  return {
    async queueDepths() {
      const [row] = await db.begin(async (tx) => {
        await tx`set local role service_role`;
        return await tx`select api.queue_depths() as depths`;
      });
      return row.depths as Record<string, number>;
    },
    async stop() {
      clearInterval(housekeeping);
      await runner.stop();
      await db.end({ timeout: 2 });
    },
  };
}
