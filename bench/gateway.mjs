// bench/gateway: what the gateway costs over the database itself.
//
//   node bench/gateway.mjs
//   ROUNDS=3 DURATION=10 CONCURRENCY=32 PGRST_DB_POOL=10 SOAK=100000 PIN=0 LOAD=wrk node bench/gateway.mjs
//   ADMISSION=64 node bench/gateway.mjs     also a second gateway with GATEWAY_MAX_CONNECTIONS=64
//
// Starts a throwaway stack, loads a 10,000-row view, then measures, with the
// same concurrency and the same connection pool size, in alternating rounds
// (so a neighbour's load hits both sides alike):
//   (a) GET /rest/v1/bench_items?select=id,name,price&order=id.desc&limit=50&price=gt.10
//       through the gateway, loaded by `wrk` (C, one thread, keep-alive), and
//   (b) the same SQL sent directly by the `postgres` client from a separate
//       Node process (pool of PGRST_DB_POOL, CONCURRENCY workers), as the
//       authenticator: `begin read only`, the same role switch and request
//       settings in one set_config statement, the query, `commit`: the same
//       four messages the gateway pipelines.
// The load generators run in their own processes so that neither side's
// client shares an event loop with what it measures. Prints requests per
// second, p50/p99 latency, the CPU Postgres and the gateway spent per request
// (from /proc), the ratio (median of the rounds), and the gateway's RSS before
// and after a soak of SOAK requests.
// ADMISSION=<n> adds (c): the same requests through a second gateway process
// whose GATEWAY_MAX_CONNECTIONS is n, in the same rounds, while (a) then runs
// without admission (GATEWAY_MAX_CONNECTIONS=0; else it has the default, 64,
// or what the environment says), and prints what the admission relay
// (gateway/admission.ts) costs: the ratio of (c) to (a).
// Without wrk (`apt-get install -y wrk`) the gateway side falls back to a Node
// HTTP load generator, which costs more CPU and understates the gateway.
// PIN=1 pins the load generators to CPU 1 and the gateway to CPU 0 (taskset).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const ROUNDS = Number(process.env.ROUNDS || 3);
const DURATION = Number(process.env.DURATION || 10);
const CONCURRENCY = Number(process.env.CONCURRENCY || 32);
const POOL = Number(process.env.PGRST_DB_POOL || 10);
const SOAK = Number(process.env.SOAK || 100000);
const PIN = process.env.PIN === '1';
const ADMISSION = process.env.ADMISSION === undefined ? null : Number(process.env.ADMISSION);
const SELF = fileURLToPath(import.meta.url);

const QUERY = `select coalesce(json_agg(t), '[]')::text as body from (
  select id, name, price from api.bench_items where price > $1 order by id desc limit 50) t`;
const SETUP = `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
  set_config('request.method', 'GET', true), set_config('request.path', '/bench_items', true),
  set_config('request.headers', $3, true), set_config('search_path', '"api", "public"', true)`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `fn` with `concurrency` workers for `seconds`; returns requests, rps and latencies in ms. */
async function loadFor(fn, seconds, concurrency) {
  const latencies = [];
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await fn();
      } catch (err) {
        if (failures++ === 0) console.error(`first failure: ${err.message}`);
      }
      latencies.push(performance.now() - t0);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

// ---- child mode: one load generator in its own process, printing one JSON line ----
if (process.argv[2] === '--load') {
  const [, , , kind, target, seconds, concurrency, pool, headersJson] = process.argv;
  let fn;
  let close = async () => {};
  if (kind === 'sql') {
    const sql = postgres(target, { max: Number(pool), prepare: true, onnotice: () => {} });
    const claims = JSON.stringify({ role: 'anon' });
    const requestHeaders = headersJson;
    fn = () => sql.begin('read only', (tx) => [
      tx.unsafe(SETUP, ['anon', claims, requestHeaders], { prepare: true }),
      tx.unsafe(QUERY, ['10'], { prepare: true }),
    ]);
    close = () => sql.end();
  } else {
    const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
    const headers = JSON.parse(headersJson);
    fn = () => new Promise((resolve, reject) => {
      http.get(target, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    close = async () => agent.destroy();
  }
  const result = await loadFor(fn, Number(seconds), Number(concurrency));
  await close();
  console.log(JSON.stringify(result));
  process.exit(0);
}

// ---- main mode ----
const { startTestStack } = await import('../scripts/lib/test-stack.mjs');
const { freePort, startChild, stopChild, waitForHttp } = await import('../scripts/lib/processes.mjs');
const { DENO, GATEWAY_ARGS, ownGatewayEnv } = await import('../scripts/lib/stack.mjs');

/** The pid of the process listening on `port` (Linux `ss`). */
function pidOfListener(port) {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return Number(/pid=(\d+)/.exec(out)?.[1]);
}

/** CPU time (user + system, in seconds) `pids` and all their threads have used so far. */
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    let tasks = [];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch { /* exited */ }
    for (const task of tasks) {
      try {
        // Fields after the command name: state is [0], utime [11], stime [12].
        const fields = fs.readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8').split(') ').pop().split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch { /* exited */ }
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/**
 * CPU time the Postgres cluster has used so far: the postmaster, its live
 * backends, and the backends that have exited (the postmaster's reaped
 * children: the direct side's connections end with its process).
 */
function postgresCpuSeconds(dataDir) {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = fs.readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const fields = fs.readFileSync(`/proc/${postmaster}/stat`, 'utf8').split(') ').pop().split(' ');
  return cpuSeconds([postmaster, ...children]) + (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * Runs `load` and measures the CPU the gateway and Postgres spent per request
 * meanwhile (microseconds): where the time goes, which a latency figure hides.
 */
async function withCpu(load, gatewayPid, dataDir) {
  const before = { gateway: cpuSeconds([gatewayPid]), postgres: postgresCpuSeconds(dataDir) };
  const result = await load();
  const after = { gateway: cpuSeconds([gatewayPid]), postgres: postgresCpuSeconds(dataDir) };
  const us = (s) => (s * 1e6) / Math.max(1, result.requests);
  return { ...result, gatewayUs: us(after.gateway - before.gateway), postgresUs: us(after.postgres - before.postgres) };
}

/** Resident memory of `pid` in MiB. */
function rss(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

function hasWrk() {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** Runs a command to completion and returns its stdout; `cpu` pins it with taskset. */
function run(cmd, args, cpu) {
  const [file, argv] = cpu === undefined ? [cmd, args] : ['taskset', ['-c', String(cpu), cmd, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

/** wrk's duration in ms ("1.23ms", "850.00us", "1.02s"). */
function wrkMs(text) {
  const m = /([\d.]+)(us|ms|s)\b/.exec(text);
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
}

async function wrkLoad(url, headers, seconds) {
  const args = ['-t1', `-c${CONCURRENCY}`, `-d${seconds}s`, '--latency', '--timeout', '5s'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const out = await run('wrk', [...args, url], PIN ? 1 : undefined);
  const requests = Number(/(\d+) requests in/.exec(out)[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(out)?.[1];
  if (errors) console.error(`wrk socket errors: ${errors}`);
  return {
    requests,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]),
    p50: wrkMs(/^\s+50%\s+(\S+)/m.exec(out)[1]),
    p99: wrkMs(/^\s+99%\s+(\S+)/m.exec(out)[1]),
    failures: non2xx,
  };
}

async function nodeLoad(kind, target, headers, seconds) {
  const out = await run(process.execPath, [SELF, '--load', kind, target, String(seconds), String(CONCURRENCY), String(POOL), JSON.stringify(headers)], PIN ? 1 : undefined);
  return JSON.parse(out.trim().split('\n').pop());
}

// LOAD=node forces the Node generator (to compare, or to check the fallback).
const useWrk = process.env.LOAD !== 'node' && hasWrk();
if (!useWrk && process.env.LOAD !== 'node') {
  console.error('bench/gateway: wrk not found. Install it with `apt-get install -y wrk` (Debian package "wrk").');
  console.error('bench/gateway: falling back to the Node HTTP load generator, which costs more CPU than wrk and understates the gateway.');
}

const stack = await startTestStack({
  web: false,
  env: { PGRST_DB_POOL: String(POOL), ...(ADMISSION === null ? {} : { GATEWAY_MAX_CONNECTIONS: '0' }) },
});
let admitted = null;
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

  const url = new URL('/rest/v1/bench_items?select=id,name,price&order=id.desc&limit=50&price=gt.10', stack.apiUrl).toString();
  const headers = { apikey: stack.anonKey, authorization: `Bearer ${stack.anonKey}` };
  for (let i = 0; i < 100; i++) {
    const res = await fetch(url, { headers }).catch(() => null);
    if (res?.status === 200) {
      await res.text();
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const secrets = JSON.parse(fs.readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8'));
  const direct = new URL(stack.dbUrl);
  direct.username = 'authenticator';
  direct.password = encodeURIComponent(secrets.authenticatorPassword);
  // The direct client sends the headers the gateway would put in request.headers.
  const requestHeaders = JSON.stringify({ ...headers, host: new URL(url).host, 'x-client-ip': '127.0.0.1' });

  const gatewayPid = pidOfListener(new URL(stack.apiUrl).port);
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', '0', String(gatewayPid)], { stdio: 'ignore' });
  const viaGatewayAt = (target) => (seconds) => useWrk ? wrkLoad(target, headers, seconds) : nodeLoad('http', target, headers, seconds);
  const viaGateway = viaGatewayAt(url);
  const viaSql = (seconds) => nodeLoad('sql', direct.toString(), JSON.parse(requestHeaders), seconds);

  let viaAdmitted = null;
  if (ADMISSION !== null) {
    const { url: api, env } = await ownGatewayEnv(stack, {
      port: await freePort(),
      extra: { GATEWAY_MAX_CONNECTIONS: String(ADMISSION), PGRST_DB_POOL: String(POOL) },
    });
    admitted = startChild('gateway-admitted', DENO, GATEWAY_ARGS, { env, log: () => {} });
    await waitForHttp(`${api}/functions/v1/files/`, admitted);
    if (PIN) execFileSync('taskset', ['-a', '-p', '-c', '0', String(admitted.pid)], { stdio: 'ignore' });
    const admittedUrl = new URL(new URL(url).pathname + new URL(url).search, api).toString();
    viaAdmitted = viaGatewayAt(admittedUrl);
    await viaAdmitted(3);
  }

  await viaGateway(3);
  await viaSql(3);
  const rssBefore = rss(gatewayPid);
  let gatewayRequests = 0;
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    const gw = await withCpu(() => viaGateway(DURATION), gatewayPid, stack.dataDir);
    const db = await withCpu(() => viaSql(DURATION), gatewayPid, stack.dataDir);
    const ad = viaAdmitted && await withCpu(() => viaAdmitted(DURATION), admitted.pid, stack.dataDir);
    gatewayRequests += gw.requests;
    rounds.push({ gw, db, ad, ratio: gw.rps / db.rps, admission: ad && ad.rps / gw.rps });
  }
  const rssAfterRounds = rss(gatewayPid);
  // Keep loading until the gateway has served SOAK requests, then look at its memory again.
  while (gatewayRequests < SOAK) {
    const estimate = Math.max(2, Math.min(60, Math.ceil((SOAK - gatewayRequests) / Math.max(1, rounds[0].gw.rps))));
    gatewayRequests += (await viaGateway(estimate)).requests;
  }
  const rssAfter = rss(gatewayPid);

  // The lower middle for an even count: the conservative figure.
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const fmt = (r) => `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms${r.failures ? `   ${r.failures} failed` : ''}`;
  const cpu = (r, side) => `   CPU/request: Postgres ${r.postgresUs.toFixed(0).padStart(3)} us${side === 'gw' ? `, gateway ${r.gatewayUs.toFixed(0).padStart(3)} us` : ''}`;
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`bench/gateway: ${ROUNDS} rounds of ${DURATION} s per side, ${CONCURRENCY} concurrent, pool ${POOL}, 10,000 rows, page of 50`);
  console.log(`  gateway load: ${useWrk ? 'wrk -t1' : 'Node http'}; direct load: postgres client in its own Node process; ${PIN ? 'pinned: load on CPU 1, gateway on CPU 0' : 'not pinned'}`);
  rounds.forEach((r, i) => {
    console.log(`  round ${i + 1}  gateway (HTTP)  ${fmt(r.gw)}${cpu(r.gw, 'gw')}`);
    console.log(`  round ${i + 1}  direct SQL      ${fmt(r.db)}   ratio ${(100 * r.ratio).toFixed(0)}%${cpu(r.db, 'db')}`);
    if (r.ad) console.log(`  round ${i + 1}  admitted (${ADMISSION})   ${fmt(r.ad)}   ${(100 * r.admission).toFixed(0)}% of the gateway${cpu(r.ad, 'gw')}`);
  });
  if (ADMISSION !== null) {
    const cost = median(rounds.map((r) => r.admission));
    const us = median(rounds.map((r) => r.ad.gatewayUs - r.gw.gatewayUs));
    console.log(`  admission       GATEWAY_MAX_CONNECTIONS=${ADMISSION}: ${(100 * cost).toFixed(0)}% of the gateway's req/s (median round), ${us.toFixed(0)} us more gateway CPU per request`);
  }
  const best = rounds.find((r) => r.ratio === median(rounds.map((x) => x.ratio)));
  console.log(`  ratio           ${(100 * best.ratio).toFixed(0)}% of direct SQL throughput (median round; target >= 60%), gateway p99 ${median(rounds.map((r) => r.gw.p99)).toFixed(1)} ms median, ${Math.max(...rounds.map((r) => r.gw.p99)).toFixed(1)} ms worst (target < 25 ms)`);
  console.log(`  gateway RSS     ${rssBefore.toFixed(0)} MiB before, ${rssAfterRounds.toFixed(0)} MiB after the rounds, ${rssAfter.toFixed(0)} MiB after ${gatewayRequests} requests`);
  console.log(`  load average    ${load} (other work on this ${os.cpus().length}-core machine skews both sides)`);
} finally {
  await stopChild(admitted);
  await stack.stop();
}
