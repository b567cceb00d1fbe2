// bench/load: a realistic mix against the real stack over HTTP at rising
// concurrency until it bends, then a soak at 70% of the knee.
//
//   node bench/load.mjs                                   steps of 20 s, a 10-minute soak (about 15 minutes)
//   SOAK_SECONDS=60 STEP_SECONDS=5 node bench/load.mjs    a quick look
//   SOAK_USERS=22 SOAK_SECONDS=300 node bench/load.mjs     only a soak, at a knee already known
//   PGRST_DB_POOL, MAX_VUS (256) pass through; the pool in use is printed
//   (run it as /work/wt/heavy.sh --exclusive node bench/load.mjs on the shared machine)
//
// Each virtual user is a loop with its own signed-in account (seeded in SQL:
// users with passwords at the production bcrypt cost, folders, files) doing,
// by weight: browse a folder (REST listing of folders and files), search
// (rpc/search_files), preview (a small file by signed URL, inline), download
// (a 64 KiB file by signed URL), a small upload (begin, PUT 4 KiB, complete),
// a login (rpc/login), a share (rpc/create_share_link then GET the share
// function's page of it) and a notifications page; beside them, one held-open
// server-sent-events stream of the notifications function per 8 users.
// Concurrency doubles each step (1, 2, 4 … MAX_VUS) until p99 passes 1 s or
// errors pass 0.1%; the knee is the last step within both. An error is a real
// failure only: a 5xx, a timeout (10 s), a broken connection or any status
// other than the one the step expects; no expected 4xx is in the mix.
// Memory: VmRSS of our gateway process (the stack's own gateway idles), and of
// Postgres summed over the postmaster and its children; since every backend's
// RSS counts the shared buffers it touched, Postgres's PSS sum (each shared
// page split among its users) is printed too, the figure that adds up.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { ROOT } from '../scripts/lib/config.mjs';
import { freePort, startChild, stopChild, waitForHttp } from '../scripts/lib/processes.mjs';
import { DENO, GATEWAY_ARGS, ownGatewayEnv } from '../scripts/lib/stack.mjs';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const STEP_SECONDS = Number(process.env.STEP_SECONDS || 20);
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const MAX_VUS = Number(process.env.MAX_VUS || 256);
const SOAK_USERS = Number(process.env.SOAK_USERS || 0); // set: no steps, a soak at this many users
const FOLDERS = 3; // per user
const FILES_PER_FOLDER = 20; // metadata-only rows, for listings and search
const P99_LIMIT_MS = 1000;
const ERROR_LIMIT = 0.001;
const TIMEOUT_MS = 10000;
const PASSWORD = 'load bench passphrase';
const BCRYPT_COST = process.env.BCRYPT_COST || '10'; // the production default: a login costs what it costs
const KIB = 1024;

// The mix, by weight (of VU iterations; a share or an upload is several requests).
const MIX = [
  ['browse', 30], ['search', 15], ['preview', 15], ['download', 10],
  ['upload', 8], ['share', 7], ['notifications', 10], ['login', 5],
];
const WORDS = ['report', 'invoice', 'photo', 'notes', 'budget', 'draft', 'meeting', 'summary', 'contract', 'plan'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- memory, from /proc ----
function statusKb(pid, field) {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
function pssKb(pid, field = 'Pss') {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}
/** The postmaster's children, read from /proc/<pid>/stat's ppid field. */
function childrenOf(ppid) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch { /* gone */ }
  }
  return out;
}
/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; 0 once it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (100 a second on Linux)
  } catch { return 0; }
}
/** CPU seconds of the gateway, of Postgres (the postmaster and its children) and of this bench's own process. */
function cpu(gatewayPid, postmasterPid) {
  const own = process.cpuUsage();
  return {
    gateway: cpuSeconds(gatewayPid),
    pg: [postmasterPid, ...childrenOf(postmasterPid)].reduce((n, pid) => n + cpuSeconds(pid), 0),
    bench: (own.user + own.system) / 1e6,
  };
}
/** Memory of the gateway (RSS) and of Postgres (RSS and PSS summed over the postmaster and its children), in MB. */
function memory(gatewayPid, postmasterPid) {
  const pg = [postmasterPid, ...childrenOf(postmasterPid)];
  const sum = (f) => pg.reduce((n, pid) => n + f(pid), 0) / 1024;
  return {
    gateway: statusKb(gatewayPid, 'VmRSS') / 1024,
    pgRss: sum((pid) => statusKb(pid, 'VmRSS')),
    pgPss: sum(pssKb),
    // The backends' own memory (work_mem, caches): a leak shows here; shared buffers filling with a growing drive's pages do not.
    pgAnon: sum((pid) => pssKb(pid, 'Pss_Anon')),
    pgShmem: sum((pid) => pssKb(pid, 'Pss_Shmem')),
    pgProcs: pg.length,
  };
}

// ---- statistics ----
class Stats {
  constructor() { this.latencies = []; this.errors = 0; this.kinds = new Map(); this.started = performance.now(); }
  ok(ms) { this.latencies.push(ms); }
  fail(kind, ms) {
    this.errors++;
    this.latencies.push(ms);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }
  summary() {
    const s = Float64Array.from(this.latencies).sort();
    const at = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0);
    const secs = (performance.now() - this.started) / 1000;
    return {
      requests: s.length, rps: s.length / secs, p50: at(0.5), p95: at(0.95), p99: at(0.99),
      errorRate: s.length ? this.errors / s.length : 0, errors: this.errors,
      kinds: [...this.kinds].map(([k, n]) => `${k} ${n}`).join(', '),
    };
  }
}

async function main() {
  const stack = await startTestStack({ env: { FILES_MAINTENANCE_INTERVAL_MS: '0', BCRYPT_COST } });
  const children = [];
  const streams = [];
  let stopping = false;
  try {
    const admin = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    await admin`insert into private.settings (key, value) values ('files.default_quota', ${String(10 * 1024 * 1024 * KIB)})
      on conflict (key) do update set value = excluded.value`;

    // Our own gateway process on the stack's database and data folder, so we know its pid.
    const { url: api, env } = await ownGatewayEnv(stack, { port: await freePort(), extra: { BCRYPT_COST } });
    const gateway = startChild('gateway', DENO, GATEWAY_ARGS, { env, cwd: ROOT, log: () => {} });
    children.push(gateway);
    await waitForHttp(`${api}/functions/v1/files/`, gateway);
    const postmasterPid = Number(fs.readFileSync(`${stack.dataDir}/pg/postmaster.pid`, 'utf8').split('\n')[0]);
    const mem = () => memory(gateway.pid, postmasterPid);
    const cpuNow = () => cpu(gateway.pid, postmasterPid);
    const pool = env.PGRST_DB_POOL || '10';

    // ---- seed, in SQL: users, folders, files (rows only: listings and search need no bytes) ----
    const t0 = performance.now();
    console.log(`bench/load: seeding ${MAX_VUS} users (bcrypt cost ${BCRYPT_COST}), ${FOLDERS} folders and ` +
      `${FOLDERS * FILES_PER_FOLDER} files each...`);
    const users = await admin`
      insert into app.users (email, password_hash, name, email_confirmed_at)
      select 'load-' || g || '@example.com', private.hash_password(${PASSWORD}), 'load ' || g, now()
      from generate_series(1, ${MAX_VUS}) g
      returning id::text, email`;
    const words = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
    for (const u of users) {
      await admin.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: u.id, role: 'authenticated' })}, true)`;
        await tx`set local role authenticated`;
        u.folders = (await tx.unsafe(`
          with made as (select (api.create_folder(format('folder %s', f))).id from generate_series(1, ${FOLDERS}) f)
          select id::text from made`)).map((r) => r.id);
        await tx.unsafe(`do $$
          declare
            folder uuid;
            up jsonb;
            words text[] := ${words};
          begin
            foreach folder in array array['${u.folders.join("','")}']::uuid[] loop
              for i in 1..${FILES_PER_FOLDER} loop
                up := app.begin_upload(format('%s %s %s.txt', words[1 + i % 10], words[1 + (i * 7) % 10], i), 100 + i, 'text/plain', folder);
                perform app.record_upload_bytes((up ->> 'id')::uuid, 100 + i, encode(extensions.digest(i::text || folder::text, 'sha256'), 'hex'), 'text/plain');
                perform app.complete_upload((up ->> 'id')::uuid);
              end loop;
            end loop;
          end $$`);
      });
    }
    await admin.end();
    console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // ---- one request, timed; `expect` is the one status a working drive answers ----
    let stats = new Stats();
    async function call(kind, url, init, expect, read = 'json') {
      const started = performance.now();
      try {
        const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
        const body = read === 'bytes' ? new Uint8Array(await res.arrayBuffer()) : read === 'json' ? await res.text() : await res.text();
        const ms = performance.now() - started;
        if (res.status !== expect) {
          stats.fail(`${kind} ${res.status}`, ms);
          if (process.env.LOAD_DEBUG) console.error(kind, res.status, String(body).slice(0, 200));
          return null;
        }
        stats.ok(ms);
        return read === 'json' ? (body ? JSON.parse(body) : null) : body;
      } catch (err) {
        stats.fail(`${kind} ${err.name === 'TimeoutError' ? 'timeout' : 'network'}`, performance.now() - started);
        return null;
      }
    }
    const json = (body) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
    const post = (vu, body) => {
      const { body: b, ...h } = json(body);
      return { method: 'POST', headers: { ...vu.auth, ...h }, body: b };
    };

    async function login(vu) {
      const r = await call('login', `${api}/rest/v1/rpc/login`, post({ auth: { apikey: stack.anonKey } },
        { email: vu.email, password: PASSWORD }), 200);
      if (!r?.[0]?.token) return false;
      vu.auth = { apikey: stack.anonKey, authorization: `Bearer ${r[0].token}` };
      vu.tokenAt = performance.now();
      return true;
    }

    /** A signed upload of `bytes`: begin, PUT, complete; answers the file id. */
    async function upload(vu, name, bytes, mime = 'text/plain', folder = null) {
      const begin = await call('upload begin', `${api}/functions/v1/files/uploads`,
        post(vu, { name, size: bytes.length, mime, ...(folder ? { folder_id: folder } : {}) }), 201);
      if (!begin) return null;
      const put = await call('upload put', begin.url, {
        method: 'PUT', headers: { ...begin.headers, 'content-length': String(bytes.length) }, body: bytes,
      }, 200, 'text');
      if (put === null) return null;
      const done = await call('upload complete', `${api}/functions/v1/files/uploads/${begin.upload_id}/complete`,
        { method: 'POST', headers: vu.auth }, 200);
      return done?.id ?? null;
    }

    async function signedGet(vu, kind, fileId, size, disposition) {
      const link = await call(`${kind} url`, `${api}/functions/v1/files/download-url`, post(vu, { file_id: fileId, disposition }), 200);
      if (!link) return;
      const bytes = await call(kind, link.url, {}, 200, 'bytes');
      if (bytes && bytes.length !== size) stats.fail(`${kind} short`, 0);
    }

    // ---- the virtual users: each signs in, uploads the two files it previews and downloads ----
    const small = Buffer.alloc(4 * KIB, 'a small text file for previews\n');
    const medium = Buffer.alloc(64 * KIB, 'a download of sixty-four KiB\n');
    const vus = users.map((u, i) => ({ i, email: u.email, folders: u.folders, seq: 0 }));
    console.log(`bench/load: signing in ${vus.length} users over HTTP and uploading their preview and download files...`);
    for (let i = 0; i < vus.length; i += 16) {
      await Promise.all(vus.slice(i, i + 16).map(async (vu) => {
        if (!(await login(vu))) throw new Error(`setup: login of ${vu.email} failed`);
        vu.smallId = await upload(vu, 'preview.txt', small);
        vu.mediumId = await upload(vu, 'download.bin', medium, 'application/octet-stream');
        if (!vu.smallId || !vu.mediumId) throw new Error(`setup: uploads of ${vu.email} failed`);
      }));
    }
    const setupErrors = stats.errors;
    if (setupErrors) throw new Error(`setup had ${setupErrors} failures: ${stats.summary().kinds}`);

    const ops = {
      async browse(vu) {
        const folder = vu.folders[vu.seq % vu.folders.length];
        await call('browse folders', `${api}/rest/v1/folders?select=id,name,updated_at&parent_id=is.null&trashed_at=is.null&order=name`,
          { headers: vu.auth }, 200);
        await call('browse files', `${api}/rest/v1/files?select=id,name,size,mime_type,updated_at&folder_id=eq.${folder}` +
          `&trashed_at=is.null&order=name&limit=50`, { headers: vu.auth }, 200);
      },
      async search(vu) {
        const w = WORDS[vu.seq % WORDS.length];
        const q = vu.seq % 3 === 0 ? w.slice(1, 4) : w; // a substring now and then, a word mostly
        await call('search', `${api}/rest/v1/rpc/search_files`, post(vu, { q, page_size: 20 }), 200);
      },
      preview: (vu) => signedGet(vu, 'preview', vu.smallId, small.length, 'inline'),
      download: (vu) => signedGet(vu, 'download', vu.mediumId, medium.length, 'attachment'),
      async upload(vu) {
        await upload(vu, `upload ${vu.i}-${vu.seq}-${Date.now()}.txt`, small, 'text/plain', vu.folders[0]);
      },
      async share(vu) {
        const link = await call('share create', `${api}/rest/v1/rpc/create_share_link`, post(vu, { file_id: vu.smallId, type: 'view' }), 200);
        if (link?.token) await call('share open', `${api}/functions/v1/share/${link.token}`, {}, 200);
      },
      async notifications(vu) {
        await call('notifications', `${api}/rest/v1/rpc/notifications`, post(vu, { limit: 20 }), 200);
      },
      login: (vu) => login(vu),
    };
    const wheel = MIX.flatMap(([op, w]) => Array(w).fill(op));

    /** One virtual user's loop, until `until()` says stop. Tokens live 15 minutes: sign in again at 10. */
    async function runVu(vu, until) {
      while (!until()) {
        vu.seq++;
        if (performance.now() - vu.tokenAt > 10 * 60 * 1000) { await login(vu); continue; }
        await ops[wheel[Math.floor(Math.random() * wheel.length)]](vu);
      }
    }

    // ---- held-open notification streams: one per 8 users ----
    let streamFailures = 0;
    let streamEnds = 0;
    function openStream(vu) {
      const abort = new AbortController();
      const s = { close: () => abort.abort() };
      (async () => {
        while (!abort.signal.aborted) {
          const started = performance.now();
          try {
            const res = await fetch(`${api}/functions/v1/notifications/stream`, { headers: vu.auth, signal: abort.signal });
            if (res.status !== 200) { stats.fail(`stream ${res.status}`, performance.now() - started); await res.text(); await sleep(1000); continue; }
            const decoder = new TextDecoder();
            let buffer = '';
            let ready = false;
            for await (const chunk of res.body) {
              buffer += decoder.decode(chunk, { stream: true });
              if (!ready && buffer.includes('event: ready')) { ready = true; stats.ok(performance.now() - started); }
              if (buffer.includes('event: end')) { streamEnds++; break; }
              buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
            }
            if (!ready && !abort.signal.aborted) stats.fail('stream no ready', performance.now() - started);
          } catch {
            if (!abort.signal.aborted) { streamFailures++; stats.fail('stream broken', performance.now() - started); await sleep(1000); }
          }
        }
      })();
      return s;
    }
    function holdStreams(n) {
      while (streams.length < n) streams.push(openStream(vus[streams.length]));
    }

    /** Runs `n` users for `seconds`; `onTick(elapsed)` every 5 s (for the soak's memory). */
    async function run(n, seconds, onTick) {
      holdStreams(Math.max(1, Math.ceil(n / 8)));
      const end = performance.now() + seconds * 1000;
      const until = () => stopping || performance.now() >= end;
      const ticker = onTick ? setInterval(() => onTick((performance.now() - (end - seconds * 1000)) / 1000), 5000) : null;
      await Promise.all(vus.slice(0, n).map((vu) => runVu(vu, until)));
      if (ticker) clearInterval(ticker);
    }

    const fmt = (x, d = 0) => x.toFixed(d);
    const memLine = (m) => `gateway ${fmt(m.gateway)} MB, postgres RSS ${fmt(m.pgRss)} MB / PSS ${fmt(m.pgPss)} MB ` +
      `(own ${fmt(m.pgAnon)} + shared ${fmt(m.pgShmem)}; ${m.pgProcs} processes)`;
    const idle = mem();
    console.log(`\nbench/load: gateway pool PGRST_DB_POOL=${pool}, steps of ${STEP_SECONDS} s, limits p99 ${P99_LIMIT_MS} ms and errors ${ERROR_LIMIT * 100}%`);
    console.log(`idle: ${memLine(idle)}`);
    if (!SOAK_USERS) console.log(`cpu: ${os.cpus().length} cores; % of one core over the step (Postgres: its processes alive at the step's end)`);
    if (!SOAK_USERS) console.log('users   req/s    p50 ms   p95 ms   p99 ms   errors    gateway MB  pg RSS MB  pg PSS MB  streams   cpu gw/pg/bench %');

    // ---- rising concurrency ----
    const steps = [];
    let knee = null;
    for (let n = 1; n <= MAX_VUS && !SOAK_USERS; n *= 2) {
      stats = new Stats();
      let peak = { gateway: 0, pgRss: 0, pgPss: 0 };
      const sampler = setInterval(() => {
        const m = mem();
        peak = { gateway: Math.max(peak.gateway, m.gateway), pgRss: Math.max(peak.pgRss, m.pgRss), pgPss: Math.max(peak.pgPss, m.pgPss) };
      }, 1000);
      const cpu0 = cpuNow();
      const t0 = performance.now();
      await run(n, STEP_SECONDS);
      clearInterval(sampler);
      const cpu1 = cpuNow();
      const secs = (performance.now() - t0) / 1000;
      const pct = (k) => fmt(((cpu1[k] - cpu0[k]) / secs) * 100);
      const s = stats.summary();
      const within = s.p99 <= P99_LIMIT_MS && s.errorRate <= ERROR_LIMIT;
      steps.push({ n, ...s, ...peak });
      console.log(`${String(n).padStart(5)} ${fmt(s.rps).padStart(7)} ${fmt(s.p50, 1).padStart(9)} ${fmt(s.p95, 1).padStart(8)} ` +
        `${fmt(s.p99, 1).padStart(8)} ${(fmt(s.errorRate * 100, 2) + '%').padStart(8)}   ${fmt(peak.gateway).padStart(9)} ` +
        `${fmt(peak.pgRss).padStart(10)} ${fmt(peak.pgPss).padStart(10)} ${String(streams.length).padStart(8)}` +
        `   ${pct('gateway')}/${pct('pg')}/${pct('bench')}` +
        (s.errors ? `   (${s.kinds})` : ''));
      if (!within) break;
      knee = steps.at(-1);
    }
    const past = steps.at(-1) !== knee ? steps.at(-1) : null;
    if (SOAK_USERS) knee = { n: SOAK_USERS / 0.7, rps: 0, p99: 0, errorRate: 0 };
    else if (!knee) throw new Error('no step within the limits: the drive bends at one user');
    if (!SOAK_USERS) console.log(`\nknee: ${knee.n} users, ${fmt(knee.rps)} req/s (p99 ${fmt(knee.p99, 1)} ms, errors ${fmt(knee.errorRate * 100, 2)}%)` +
      (past ? `; next step ${past.n} users: ${fmt(past.rps)} req/s, p99 ${fmt(past.p99, 1)} ms, errors ${fmt(past.errorRate * 100, 2)}%`
        : `; no step up to MAX_VUS=${MAX_VUS} passed a limit`));

    // ---- the soak at 70% of the knee ----
    if (SOAK_SECONDS > 0) {
      const n = Math.max(1, Math.round(knee.n * 0.7));
      console.log(`\nsoak: ${n} users for ${SOAK_SECONDS} s; memory every 30 s`);
      stats = new Stats();
      const samples = [];
      await run(n, SOAK_SECONDS, (t) => {
        samples.push({ t, ...mem() });
        if (Math.round(t) % 30 === 0) {
          const all = stats.summary();
          console.log(`  ${fmt(t).padStart(4)} s: ${memLine(samples.at(-1))}; ${fmt(all.rps)} req/s, p99 ${fmt(all.p99, 1)} ms, errors ${all.errors}`);
        }
      });
      const s = stats.summary();
      // The first minute's samples (one each 5 s) against the last minute's (halves when the soak is shorter than two minutes).
      const span = Math.min(60, SOAK_SECONDS / 2);
      const count = Math.max(1, Math.min(Math.floor(samples.length / 2), Math.round(span / 5)));
      const mean = (xs, f) => xs.reduce((a, x) => a + f(x), 0) / Math.max(1, xs.length);
      const first = samples.slice(0, count);
      const last = samples.slice(-count);
      const growth = (f) => {
        // Fewer than two samples (a soak shorter than their 5 s) have nothing to compare.
        if (samples.length < 2) return 'too short to compare (fewer than two samples)';
        const a = mean(first, f);
        const b = mean(last, f);
        const share = a > 0 ? `, ${fmt(((b - a) / a) * 100, 1)}%` : '';
        return `${fmt(a)} -> ${fmt(b)} MB (${b >= a ? '+' : ''}${fmt(b - a, 1)} MB${share})`;
      };
      console.log(`soak: ${s.requests} requests, ${fmt(s.rps)} req/s, p50 ${fmt(s.p50, 1)} / p95 ${fmt(s.p95, 1)} / p99 ${fmt(s.p99, 1)} ms, ` +
        `errors ${s.errors} (${fmt(s.errorRate * 100, 3)}%)${s.errors ? ` (${s.kinds})` : ''}`);
      console.log(`soak memory, mean of the first ${span} s against the last ${span} s:`);
      console.log(`  gateway RSS      ${growth((x) => x.gateway)}`);
      console.log(`  postgres RSS sum ${growth((x) => x.pgRss)}`);
      console.log(`  postgres PSS sum ${growth((x) => x.pgPss)}`);
      console.log(`    its own memory ${growth((x) => x.pgAnon)}`);
      console.log(`    shared buffers ${growth((x) => x.pgShmem)}`);
    }
    console.log(`streams: ${streamEnds} ended by the server and reopened, ${streamFailures} broken`);
  } finally {
    stopping = true;
    for (const s of streams) s.close();
    for (const child of children.reverse()) await stopChild(child);
    await stack.stop();
  }
}

await main();
