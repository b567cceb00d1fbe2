// bench/gateway: what the gateway costs over the database itself.
//
//   node bench/gateway.mjs            (REQUESTS=20000 CONCURRENCY=32 by default)
//
// Starts a throwaway stack, loads a 10,000-row view, then measures, with the
// same concurrency and the same connection pool size:
//   (a) GET /rest/v1/bench_items?select=id,name,price&order=id.desc&limit=50&price=gt.10
//       through the gateway (HTTP keep-alive, CONCURRENCY connections), and
//   (b) the same query sent directly with the `postgres` client as the
//       authenticator, with the same role switch and request settings in a
//       read-only transaction.
// Prints requests per second, p50/p99 latency, the ratio, and the gateway's
// memory before and after.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import postgres from 'postgres';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const REQUESTS = Number(process.env.REQUESTS || 20000);
const CONCURRENCY = Number(process.env.CONCURRENCY || 32);
const POOL = Number(process.env.PGRST_DB_POOL || 10);
const WARMUP = 500;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `total` calls of `fn` with `concurrency` workers; returns rps and latencies in ms. */
async function load(fn, total, concurrency) {
  const latencies = new Float64Array(total);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await fn();
      } catch (err) {
        if (failures++ === 0) console.error(`first failure: ${err.message}`);
      }
      latencies[i] = performance.now() - t0;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return { rps: total / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures };
}

/** Resident memory of the process listening on `port`, in MiB (Linux). */
function rssOfListener(port) {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
  } catch {
    return NaN;
  }
}

const stack = await startTestStack({ web: false, env: { PGRST_DB_POOL: String(POOL) } });
try {
  const admin = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`
    create table app.bench_items (id int primary key, name text not null, price numeric not null, created_at timestamptz not null default now());
    alter table app.bench_items enable row level security;
    create policy "anyone reads bench items" on app.bench_items for select to anon using (true);
    insert into app.bench_items (id, name, price) select i, 'item ' || i, (i % 100) + 0.5 from generate_series(1, 10000) i;
    create view api.bench_items with (security_invoker = true) as select * from app.bench_items;
    grant select on app.bench_items, api.bench_items to anon;
    analyze app.bench_items;
    notify pgrst, 'reload schema';
  `).simple();
  await admin.end();

  const url = new URL('/rest/v1/bench_items?select=id,name,price&order=id.desc&limit=50&price=gt.10', stack.apiUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers = { apikey: stack.anonKey, authorization: `Bearer ${stack.anonKey}` };
  const get = () => new Promise((resolve, reject) => {
    http.get(url, { agent, headers }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  for (let i = 0; i < 100; i++) {
    try {
      await get();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const secrets = JSON.parse(fs.readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8'));
  const direct = new URL(stack.dbUrl);
  direct.username = 'authenticator';
  direct.password = encodeURIComponent(secrets.authenticatorPassword);
  const sql = postgres(direct.toString(), { max: POOL, prepare: true, onnotice: () => {} });
  const query = `select coalesce(json_agg(t), '[]')::text as body from (
    select id, name, price from api.bench_items where price > $1 order by id desc limit 50) t`;
  const setup = `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
    set_config('request.method', 'GET', true), set_config('request.path', '/bench_items', true),
    set_config('request.headers', $3, true), set_config('search_path', '"api", "public"', true)`;
  const claims = JSON.stringify({ role: 'anon' });
  const requestHeaders = JSON.stringify(headers);
  const viaSql = () => sql.begin('read only', (tx) => [
    tx.unsafe(setup, ['anon', claims, requestHeaders], { prepare: true }),
    tx.unsafe(query, ['10'], { prepare: true }),
  ]);

  const port = new URL(stack.apiUrl).port;
  await load(get, WARMUP, CONCURRENCY);
  await load(viaSql, WARMUP, CONCURRENCY);
  const rssBefore = rssOfListener(port);
  // Two halves, so flat memory shows as the same figure after each.
  const first = await load(get, REQUESTS / 2, CONCURRENCY);
  const rssHalf = rssOfListener(port);
  const second = await load(get, REQUESTS / 2, CONCURRENCY);
  const rssAfter = rssOfListener(port);
  const gw = {
    rps: 2 / (1 / first.rps + 1 / second.rps),
    p50: Math.max(first.p50, second.p50),
    p99: Math.max(first.p99, second.p99),
    failures: first.failures + second.failures,
  };
  const db = await load(viaSql, REQUESTS, CONCURRENCY);
  await sql.end();
  agent.destroy();

  const fmt = (r) => `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms${r.failures ? `   ${r.failures} failed` : ''}`;
  console.log(`bench/gateway: ${REQUESTS} requests each, ${CONCURRENCY} concurrent, pool ${POOL}, 10,000 rows, page of 50`);
  console.log(`  gateway (HTTP)  ${fmt(gw)}`);
  console.log(`  direct SQL      ${fmt(db)}`);
  console.log(`  ratio           ${(100 * gw.rps / db.rps).toFixed(0)}% of direct SQL throughput (target >= 60%), p99 ${gw.p99.toFixed(1)} ms (target < 25 ms)`);
  console.log(`  gateway RSS     ${rssBefore.toFixed(0)} MiB before, ${rssHalf.toFixed(0)} MiB after ${REQUESTS / 2}, ${rssAfter.toFixed(0)} MiB after ${REQUESTS} requests`);
} finally {
  await stack.stop();
}
