/**
 * The gateway's metrics in Prometheus's text format, at GET /metrics with the
 * service-role key (they name routes and queue sizes: not for the public):
 * requests by route and status, a latency histogram by route, requests in
 * flight, the REST pool's size, failed job runs, the queues waiting in the
 * database (api.queue_depths) and the process's memory.
 *
 * Routes are labelled by what they are, never by raw user input: a REST
 * relation or function is named only when the request succeeded (so the name
 * exists in the schema), a function by its registered name; anything else is
 * `/rest/v1/{relation}`, `/rest/v1/rpc/{function}` or `/functions/v1/{unknown}`,
 * so a scan of made-up paths cannot grow the label set.
 */

/** Upper bounds of the latency buckets, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface RouteStats {
  buckets: number[];
  sum: number;
  count: number;
}

/** The label of a request's route (see above). */
export function routeLabel(pathname: string, status: number, functionNames: ReadonlySet<string>): string {
  if (pathname === "/metrics") return "/metrics";
  if (pathname === "/functions/v1" || pathname.startsWith("/functions/v1/")) {
    const name = pathname.slice("/functions/v1/".length).split("/")[0];
    return functionNames.has(name) ? `/functions/v1/${name}` : "/functions/v1/{unknown}";
  }
  const path = pathname.startsWith("/rest/v1") ? pathname.slice("/rest/v1".length) || "/" : pathname;
  const known = status < 400;
  if (path === "/") return "/rest/v1/";
  if (path.startsWith("/rpc/")) {
    const name = path.slice("/rpc/".length);
    return known && /^[A-Za-z0-9_]{1,63}$/.test(name) ? `/rest/v1/rpc/${name}` : "/rest/v1/rpc/{function}";
  }
  const name = path.slice(1);
  return known && /^[A-Za-z0-9_]{1,63}$/.test(name) ? `/rest/v1/${name}` : "/rest/v1/{relation}";
}

/** Escapes a label value as the text format asks. */
const label = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

export class Metrics {
  #requests = new Map<string, number>();
  #latency = new Map<string, RouteStats>();
  #jobFailures = new Map<string, number>();
  inFlight = 0;

  /** Counts one answered request. */
  observe(route: string, status: number, seconds: number): void {
    const key = `${route}\u0000${status}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    let stats = this.#latency.get(route);
    if (!stats) this.#latency.set(route, stats = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 });
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) stats.buckets[i]++;
    stats.sum += seconds;
    stats.count++;
  }

  /** Counts one failed job run. */
  jobFailed(job: string): void {
    this.#jobFailures.set(job, (this.#jobFailures.get(job) ?? 0) + 1);
  }

  /** The text format; `gauges` adds values read at scrape time (queues, pool, admission when it is on). */
  render(gauges: {
    queues?: Record<string, number> | null;
    poolSize?: number;
    admission?: { max: number; active: number; waiting: number; connections: number } | null;
  } = {}): string {
    const out: string[] = [];
    /** One unlabelled gauge: its help, its type and its value. */
    const gauge = (name: string, help: string, value: number) =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    out.push("# HELP pgdrive_http_requests_total Requests answered, by route and status.");
    out.push("# TYPE pgdrive_http_requests_total counter");
    for (const [key, n] of this.#requests) {
      const [route, status] = key.split("\u0000");
      out.push(`pgdrive_http_requests_total{route="${label(route)}",status="${status}"} ${n}`);
    }
    out.push("# HELP pgdrive_http_request_duration_seconds Time to the response's head, by route.");
    out.push("# TYPE pgdrive_http_request_duration_seconds histogram");
    for (const [route, s] of this.#latency) {
      const r = label(route);
      BUCKETS.forEach((le, i) => out.push(`pgdrive_http_request_duration_seconds_bucket{route="${r}",le="${le}"} ${s.buckets[i]}`));
      out.push(`pgdrive_http_request_duration_seconds_bucket{route="${r}",le="+Inf"} ${s.count}`);
      out.push(`pgdrive_http_request_duration_seconds_sum{route="${r}"} ${s.sum}`);
      out.push(`pgdrive_http_request_duration_seconds_count{route="${r}"} ${s.count}`);
    }
    gauge("pgdrive_http_requests_in_flight", "Requests being served now.", this.inFlight);
    if (gauges.poolSize !== undefined) {
      gauge("pgdrive_db_pool_max_connections", "The REST pool's size (PGRST_DB_POOL).", gauges.poolSize);
    }
    if (gauges.admission) {
      // GATEWAY_MAX_CONNECTIONS (admission.ts): waiting > 0 for long means the budget, not the work, is the limit.
      const a = gauges.admission;
      gauge("pgdrive_admission_max_connections", "Connections served at once (GATEWAY_MAX_CONNECTIONS).", a.max);
      gauge("pgdrive_admission_active_connections", "Connections with a request being served now.", a.active);
      gauge("pgdrive_admission_waiting_connections", "Connections accepted and waiting, unread, for a slot.", a.waiting);
      gauge("pgdrive_admission_open_connections", "Client connections open, idle ones included.", a.connections);
    }
    out.push("# HELP pgdrive_job_failures_total Failed runs of the background jobs, by job.");
    out.push("# TYPE pgdrive_job_failures_total counter");
    for (const [job, n] of this.#jobFailures) out.push(`pgdrive_job_failures_total{job="${label(job)}"} ${n}`);
    if (gauges.queues) {
      out.push("# HELP pgdrive_queue_depth Work waiting in the database, by queue.");
      out.push("# TYPE pgdrive_queue_depth gauge");
      for (const [queue, n] of Object.entries(gauges.queues)) out.push(`pgdrive_queue_depth{queue="${label(queue)}"} ${Number(n)}`);
    }
    const memory = Deno.memoryUsage();
    gauge("pgdrive_process_resident_memory_bytes", "The gateway process's resident memory.", memory.rss);
    gauge("pgdrive_process_heap_used_bytes", "V8 heap in use.", memory.heapUsed);
    return out.join("\n") + "\n";
  }
}
