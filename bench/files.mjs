// bench/files: a 1 GiB upload and download through the gateway (fs driver)
// against a plain Deno streaming server on the same loopback (the ceiling),
// the gateway's peak RSS during those transfers, and 1,000 concurrent 1 MiB
// uploads, downloads and both through each. Each is run through the gateway as
// admission (GATEWAY_MAX_CONNECTIONS, 64 unless set) and through a
// second gateway without admission (GATEWAY_MAX_CONNECTIONS=0), so the memory
// budget and the cost of its extra hop are read in one run. Prints the figures and the ratios.
//
//   node bench/files.mjs                    1 GiB, 3 rounds, 1,000 at once (BENCH_FILE_MB=256 ROUNDS=1 CONCURRENT=200: quicker)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { ROOT } from '../scripts/lib/config.mjs';
import { freePort, startChild, stopChild, waitForHttp } from '../scripts/lib/processes.mjs';
import { DENO, GATEWAY_ARGS, ownGatewayEnv } from '../scripts/lib/stack.mjs';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FILE_MB || 1024) * MB;
const CONCURRENT = Number(process.env.CONCURRENT || 1000);
const ROUNDS = Number(process.env.ROUNDS || 3);

/** Writes SIZE bytes of incompressible data (a 16 MiB random block repeated). */
function makeSource(file) {
  const block = Buffer.alloc(16 * MB);
  for (let i = 0; i < block.length; i += 65536) block.set(crypto.getRandomValues(new Uint8Array(65536)), i);
  const fd = fs.openSync(file, 'w');
  for (let written = 0; written < SIZE; written += block.length) fs.writeSync(fd, block, 0, Math.min(block.length, SIZE - written));
  fs.closeSync(fd);
}

const bodyOf = (file) => Readable.toWeb(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }));

async function drain(res) {
  let n = 0;
  for await (const chunk of res.body) n += chunk.byteLength;
  return n;
}

/** Samples a process's resident memory every 20 ms; returns a stop() that answers the peak in MB. */
function sampleRss(pid) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch { /* the process is gone */ }
  }, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

const seconds = (t0) => (performance.now() - t0) / 1000;
const rate = (bytes, s) => bytes / MB / s;

async function main() {
  const stack = await startTestStack({ web: false, env: { FILES_MAINTENANCE_INTERVAL_MS: '0' } });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-bench-files-'));
  const children = [];
  try {
    const admin = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    await admin`insert into private.settings (key, value) values ('files.default_quota', ${String(64 * 1024 * MB)}),
      ('files.max_file_size', ${String(4 * 1024 * MB)}) on conflict (key) do update set value = excluded.value`;
    const [user] = await admin`insert into app.users (email, password_hash) values ('bench@example.com', 'x') returning id`;
    const [session] = await admin`insert into app.sessions (user_id) values (${user.id}) returning id`;
    await admin.end();
    const token = await new SignJWT({ role: 'authenticated', session_id: session.id })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setAudience('authenticated').setExpirationTime('2h')
      .sign(new TextEncoder().encode(stack.jwtSecret));
    const auth = { authorization: `Bearer ${token}`, apikey: stack.anonKey };

    // Our own gateway processes on the stack's database and data folder, so we know their pids:
    // one with admission (64 connections unless GATEWAY_MAX_CONNECTIONS says), one straight on Deno.serve (the "before").
    const budget = process.env.GATEWAY_MAX_CONNECTIONS || '64';
    const { url: api, env } = await ownGatewayEnv(stack, { port: await freePort(), extra: { GATEWAY_MAX_CONNECTIONS: budget } });
    const gateway = startChild('gateway', DENO, GATEWAY_ARGS, { env, cwd: ROOT, log: () => {} });
    children.push(gateway);
    await waitForHttp(`${api}/functions/v1/files/`, gateway);
    const open = await ownGatewayEnv(stack, { port: await freePort(), extra: { GATEWAY_MAX_CONNECTIONS: '0' } });
    const unbounded = startChild('gateway-unbounded', DENO, GATEWAY_ARGS, { env: open.env, cwd: ROOT, log: () => {} });
    children.push(unbounded);
    await waitForHttp(`${open.url}/functions/v1/files/`, unbounded);

    const ceilingPort = await freePort();
    const ceiling = startChild('ceiling', DENO, ['run', '-A', '--quiet', 'bench/files-ceiling.ts', String(ceilingPort), work], {
      cwd: ROOT, log: () => {},
    });
    children.push(ceiling);
    await waitForHttp(`http://127.0.0.1:${ceilingPort}/`, ceiling).catch(() => {});

    await new Promise((r) => setTimeout(r, 500));
    const idleRss = (() => { const stop = sampleRss(gateway.pid); return new Promise((r) => setTimeout(() => r(stop()), 100)); })();
    const source = path.join(work, 'source.bin');
    console.log(`bench/files: writing a ${SIZE / MB} MiB source file...`);
    makeSource(source);

    /** The ceiling: PUT then GET over loopback; its page cache is flushed after (untimed), as ours is by fsync. */
    async function ceilingRound() {
      let t0 = performance.now();
      // duplex is needed by Node's fetch for a streamed body
      await fetch(`http://127.0.0.1:${ceilingPort}/big`, {
        method: 'PUT', headers: { 'content-length': String(SIZE) }, body: bodyOf(source), duplex: 'half',
      }).then((r) => r.text());
      const up = seconds(t0);
      execFileSync('sync');
      t0 = performance.now();
      const bytes = await drain(await fetch(`http://127.0.0.1:${ceilingPort}/big`));
      const down = seconds(t0);
      if (bytes !== SIZE) throw new Error(`ceiling returned ${bytes} bytes`);
      fs.rmSync(path.join(work, '_big'), { force: true });
      return { up, down };
    }

    /** A gateway: signed upload (begin, PUT, complete) then signed download. */
    async function gatewayRound(api, i) {
      let t0 = performance.now();
      const begin = await fetch(`${api}/functions/v1/files/uploads`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `big-${i}.bin`, size: SIZE, mime: 'application/octet-stream' }),
      }).then((r) => r.json());
      // With its length, as a browser, curl or the S3 SDK sends a file (the signed URL refuses a chunked body).
      const put = await fetch(begin.url, {
        method: 'PUT', headers: { ...begin.headers, 'content-length': String(SIZE) }, body: bodyOf(source), duplex: 'half',
      });
      if (!put.ok) throw new Error(`PUT ${put.status}: ${await put.text()}`);
      await put.text();
      const done = await fetch(`${api}/functions/v1/files/uploads/${begin.upload_id}/complete`, { method: 'POST', headers: auth });
      const file = await done.json();
      if (!done.ok) throw new Error(`complete ${done.status}: ${JSON.stringify(file)}`);
      const up = seconds(t0);
      t0 = performance.now();
      const link = await fetch(`${api}/functions/v1/files/download-url`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ file_id: file.id }),
      }).then((r) => r.json());
      const bytes = await drain(await fetch(link.url));
      const down = seconds(t0);
      if (bytes !== SIZE) throw new Error(`gateway returned ${bytes} bytes`);
      return { up, down };
    }

    // Alternating rounds, so a neighbour's load or the disk's mood hits both sides alike.
    const rounds = [];
    let ceilingRss = 0;
    let peakRss = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const stopCeilingRss = sampleRss(ceiling.pid);
      const c = await ceilingRound();
      ceilingRss = Math.max(ceilingRss, stopCeilingRss());
      const stopRss = sampleRss(gateway.pid);
      const g = await gatewayRound(api, i);
      peakRss = Math.max(peakRss, stopRss());
      const u = await gatewayRound(open.url, `u${i}`);
      rounds.push({ c, g, u });
      console.log(`round ${i + 1}: upload ${rate(SIZE, c.up).toFixed(0)} / ${rate(SIZE, g.up).toFixed(0)} / ${rate(SIZE, u.up).toFixed(0)} MiB/s, ` +
        `download ${rate(SIZE, c.down).toFixed(0)} / ${rate(SIZE, g.down).toFixed(0)} / ${rate(SIZE, u.down).toFixed(0)} MiB/s ` +
        '(ceiling / gateway / gateway without admission)');
    }

    // CONCURRENT (1,000) 1 MiB uploads at once, then as many downloads of them, then half and half at once,
    // through the gateway and through the plain server: how much memory in-flight transfers take, and
    // how much of it is Deno's HTTP server's own.
    const small = new Uint8Array(MB);
    for (let i = 0; i < MB; i += 65536) small.set(crypto.getRandomValues(new Uint8Array(65536)), i);
    async function uploadSmall(base, name) {
      const b = await fetch(`${base}/functions/v1/files/uploads`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name, size: MB, mime: 'application/octet-stream' }),
      }).then(async (r) => (r.ok ? r.json() : Promise.reject(new Error(`begin ${r.status} ${await r.text()}`))));
      const p = await fetch(b.url, { method: 'PUT', headers: b.headers, body: small });
      if (!p.ok) throw new Error(`put ${p.status} ${await p.text()}`);
      await p.arrayBuffer();
      const c = await fetch(`${base}/functions/v1/files/uploads/${b.upload_id}/complete`, { method: 'POST', headers: auth });
      if (!c.ok) throw new Error(`complete ${c.status} ${await c.text()}`);
      return (await c.json()).id;
    }
    async function downloadSmall(base, id) {
      const link = await fetch(`${base}/functions/v1/files/download-url`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ file_id: id }),
      }).then(async (r) => (r.ok ? r.json() : Promise.reject(new Error(`download-url ${r.status} ${await r.text()}`))));
      const res = await fetch(link.url);
      if (!res.ok) throw new Error(`get ${res.status} ${await res.text()}`);
      const n = await drain(res);
      if (n !== MB) throw new Error(`get returned ${n} bytes`);
    }
    /** Runs the jobs at once on a server: seconds, its peak RSS, each job's seconds, the failures, the answers. */
    async function atOnce(pid, jobs) {
      const stop = sampleRss(pid);
      const t0 = performance.now();
      const times = [];
      const results = await Promise.allSettled(jobs.map(async (job) => {
        const started = performance.now();
        const value = await job();
        times.push(seconds(started));
        return value;
      }));
      return {
        seconds: seconds(t0), peak: stop(), values: results.map((r) => r.value), times,
        failures: results.filter((r) => r.status === 'rejected').map((r) => r.reason?.message ?? String(r.reason)),
      };
    }
    const pct = (xs, p) => (xs.length ? [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);
    const plainPut = (name) => fetch(`http://127.0.0.1:${ceilingPort}/${name}`, { method: 'PUT', body: small })
      .then(async (r) => { if (!r.ok) throw new Error(`plain put ${r.status}`); await r.text(); return name; });
    const plainGet = (name) => fetch(`http://127.0.0.1:${ceilingPort}/${name}`)
      .then(async (r) => { const n = await drain(r); if (n !== MB) throw new Error(`plain get returned ${n} bytes`); });
    const sides = [
      { label: `gateway, GATEWAY_MAX_CONNECTIONS ${budget}`, pid: gateway.pid, put: (i) => uploadSmall(api, `c-${i}.bin`), get: (id) => downloadSmall(api, id) },
      { label: 'gateway without admission', pid: unbounded.pid, put: (i) => uploadSmall(open.url, `u-${i}.bin`), get: (id) => downloadSmall(open.url, id) },
      { label: 'plain server', pid: ceiling.pid, put: (i) => plainPut(`c${i}`), get: plainGet },
    ];
    const concurrency = [];
    for (const side of sides) {
      const ups = await atOnce(side.pid, Array.from({ length: CONCURRENT }, (_, i) => () => side.put(i)));
      const ids = ups.values.filter(Boolean);
      const downs = await atOnce(side.pid, ids.map((id) => () => side.get(id)));
      const half = Math.floor(CONCURRENT / 2);
      const mixed = await atOnce(side.pid, [
        ...Array.from({ length: half }, (_, i) => () => side.put(CONCURRENT + i)),
        ...ids.slice(0, CONCURRENT - half).map((id) => () => side.get(id)),
      ]);
      const phases = { uploads: ups, downloads: downs, 'half and half': mixed };
      concurrency.push({ label: side.label, phases });
      for (const [name, r] of Object.entries(phases)) {
        console.log(`${side.label}: ${CONCURRENT} ${name} at once: ${CONCURRENT - r.failures.length} ok, ` +
          `${r.failures.length} failed in ${r.seconds.toFixed(2)} s (${(r.times.length / r.seconds).toFixed(0)} MiB/s; ` +
          `each p50 ${pct(r.times, 0.5).toFixed(2)} s, p95 ${pct(r.times, 0.95).toFixed(2)} s), peak RSS ${r.peak.toFixed(0)} MB`);
        for (const f of r.failures.slice(0, 3)) console.log(`  failure: ${f}`);
      }
    }
    const failures = concurrency.flatMap((c) => Object.values(c.phases).flatMap((r) => r.failures));
    const peakOf = (c) => Math.max(...Object.values(c.phases).map((r) => r.peak));

    const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const upRatio = median(rounds.map((r) => r.c.up / r.g.up));
    const downRatio = median(rounds.map((r) => r.c.down / r.g.down));
    // The extra hop's cost: the gateway with admission against the one without, round by round.
    const hopUp = median(rounds.map((r) => r.u.up / r.g.up));
    const hopDown = median(rounds.map((r) => r.u.down / r.g.down));
    const row = (label, pick, ratio) =>
      `${label.padEnd(10)} ceiling ${rate(SIZE, median(rounds.map((r) => pick(r.c)))).toFixed(0).padStart(5)} MiB/s   ` +
      `gateway ${rate(SIZE, median(rounds.map((r) => pick(r.g)))).toFixed(0).padStart(5)} MiB/s   ratio ${(ratio * 100).toFixed(0)}%`;
    console.log(`\nbench/files: ${SIZE / MB} MiB through the gateway (fs driver) vs a plain Deno streaming server, median of ${ROUNDS} rounds`);
    console.log(row('upload', (x) => x.up, upRatio));
    console.log(row('download', (x) => x.down, downRatio));
    console.log(`admission's extra hop: upload ${(hopUp * 100).toFixed(0)}%, download ${(hopDown * 100).toFixed(0)}% of the gateway without it`);
    console.log(`peak gateway RSS during the transfers: ${peakRss.toFixed(0)} MB (target < 150 MB; idle before: ${(await idleRss).toFixed(0)} MB; the plain server peaked at ${ceilingRss.toFixed(0)} MB)`);
    const [ours, unlimited, plain] = concurrency;
    const all = (c) => Object.values(c.phases).reduce((t, r) => t + r.times.length, 0) / Object.values(c.phases).reduce((t, r) => t + r.seconds, 0);
    console.log(`${CONCURRENT} concurrent 1 MiB transfers: peak RSS ${peakOf(ours).toFixed(0)} MB through the gateway ` +
      `(GATEWAY_MAX_CONNECTIONS ${budget}), ${peakOf(unlimited).toFixed(0)} MB without admission, ` +
      `${peakOf(plain).toFixed(0)} MB through the plain server; ${failures.length} failed`);
    console.log(`  throughput over the three phases: ${all(ours).toFixed(0)} MiB/s with admission, ${all(unlimited).toFixed(0)} MiB/s without ` +
      `(${((all(ours) / all(unlimited)) * 100).toFixed(0)}%), ${all(plain).toFixed(0)} MiB/s plain`);
    const ok = upRatio >= 0.7 && downRatio >= 0.7 && peakRss < 150 && failures.length === 0;
    console.log(ok ? 'targets met' : 'targets NOT met');
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await stack.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
