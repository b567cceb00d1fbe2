// bench/webdav: a 1 GiB PUT and GET through WebDAV against the files
// function's signed-URL path in the same run (pairs in alternating order:
// each round's two uploads, then GETS pairs of downloads of those bytes), the
// gateway's memory sampled during the WebDAV transfers, and PROPFIND depth 1
// on a folder of 10,000 files. Prints medians and the ratios.
//
//   node bench/webdav.mjs                   1 GiB, 3 rounds of 4 download pairs, 10,000 files (a few minutes)
//   BENCH_FILE_MB=256 ROUNDS=1 GETS=2 FILES=2000 node bench/webdav.mjs   a quick look
//
// Targets (issue 21): WebDAV at no less than 90% of the signed-URL path's
// throughput each way, gateway RSS flat (peak within 64 MB of idle), and
// PROPFIND depth 1 of 10,000 files under 300 ms (median of 7).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { ROOT } from '../scripts/lib/config.mjs';
import { freePort, startChild, stopChild, waitForHttp } from '../scripts/lib/processes.mjs';
import { DENO, GATEWAY_ARGS, ownGatewayEnv } from '../scripts/lib/stack.mjs';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FILE_MB || 1024) * MB;
const ROUNDS = Number(process.env.ROUNDS || 3);
const GETS = Number(process.env.GETS || 4);
const FILES = Number(process.env.FILES || 10000);
const LISTINGS = 7;

/** 1 MiB chunks of xorshift noise, generated as they are written: the source never sits in memory. */
function* noise(total) {
  let x = 0x9e3779b9;
  for (let left = total; left > 0; left -= MB) {
    const chunk = Buffer.allocUnsafe(Math.min(MB, left));
    const words = new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length >>> 2);
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      words[i] = x;
    }
    yield chunk;
  }
}

const bodyOf = (file) => Readable.toWeb(fs.createReadStream(file, { highWaterMark: MB }));

async function drain(res) {
  if (!res.ok) throw new Error(`GET ${res.status}: ${await res.text()}`);
  let n = 0;
  for await (const chunk of res.body) n += chunk.byteLength;
  return n;
}

/** Samples a process's resident memory every 20 ms; stop() answers {peak, samples} in MB. */
function sampleRss(pid) {
  let peak = 0;
  let samples = 0;
  const timer = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) { peak = Math.max(peak, Number(m[1]) / 1024); samples++; }
    } catch { /* the process is gone */ }
  }, 20);
  return () => { clearInterval(timer); return { peak, samples }; };
}

const seconds = (t0) => (performance.now() - t0) / 1000;
const rate = (s) => SIZE / MB / s;
function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const stack = await startTestStack({ web: false, env: { FILES_MAINTENANCE_INTERVAL_MS: '0' } });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-bench-webdav-'));
  const children = [];
  try {
    const admin = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    await admin`insert into private.settings (key, value) values ('files.default_quota', ${String(64 * 1024 * MB)}),
      ('files.max_file_size', ${String(4 * 1024 * MB)}) on conflict (key) do update set value = excluded.value`;
    const [user] = await admin`insert into app.users (email, password_hash) values ('bench-dav@example.com', 'x') returning id`;
    const [session] = await admin`insert into app.sessions (user_id) values (${user.id}) returning id`;
    const jwt = await new SignJWT({ role: 'authenticated', session_id: session.id })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setAudience('authenticated').setExpirationTime('2h')
      .sign(new TextEncoder().encode(stack.jwtSecret));
    const auth = { authorization: `Bearer ${jwt}`, apikey: stack.anonKey };

    // Our own gateway process on the stack's database and data folder, so we know its pid.
    const { url: api, env } = await ownGatewayEnv(stack, { port: await freePort() });
    const gateway = startChild('gateway', DENO, GATEWAY_ARGS, { env, cwd: ROOT, log: () => {} });
    children.push(gateway);
    await waitForHttp(`${api}/functions/v1/files/`, gateway);

    // A write token for WebDAV, made as the user would (rpc/create_access_token from a password session).
    const made = await fetch(`${api}/rest/v1/rpc/create_access_token`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', scopes: ['files:write'] }),
    }).then((r) => r.json());
    if (!made.token) throw new Error(`create_access_token: ${JSON.stringify(made)}`);
    const dav = `${api}/functions/v1/webdav/`;
    const basic = { authorization: 'Basic ' + Buffer.from(`bench-dav@example.com:${made.token}`).toString('base64') };

    const source = path.join(work, 'source.bin');
    console.log(`bench/webdav: writing a ${SIZE / MB} MiB source file (streamed from a generator)...`);
    await pipeline(Readable.from(noise(SIZE)), fs.createWriteStream(source));

    /** The baseline's upload: begin, PUT with its length, complete. */
    async function signedPut(i) {
      const t0 = performance.now();
      const begin = await fetch(`${api}/functions/v1/files/uploads`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `signed-${i}.bin`, size: SIZE, mime: 'application/octet-stream' }),
      }).then((r) => r.json());
      const put = await fetch(begin.url, {
        method: 'PUT', headers: { ...begin.headers, 'content-length': String(SIZE) }, body: bodyOf(source), duplex: 'half',
      });
      if (!put.ok) throw new Error(`signed PUT ${put.status}: ${await put.text()}`);
      await put.text();
      const done = await fetch(`${api}/functions/v1/files/uploads/${begin.upload_id}/complete`, { method: 'POST', headers: auth });
      const file = await done.json();
      if (!done.ok) throw new Error(`complete ${done.status}: ${JSON.stringify(file)}`);
      return { secs: seconds(t0), fileId: file.id };
    }

    /** The baseline's download: a signed URL asked for, then read. */
    async function signedGet(fileId) {
      const t0 = performance.now();
      const link = await fetch(`${api}/functions/v1/files/download-url`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ file_id: fileId }),
      }).then((r) => r.json());
      const bytes = await drain(await fetch(link.url));
      if (bytes !== SIZE) throw new Error(`signed GET returned ${bytes} bytes`);
      return seconds(t0);
    }

    // The gateway's memory, sampled only while WebDAV moves bytes.
    let davPeak = 0;
    let samples = 0;
    async function sampled(work) {
      const stop = sampleRss(gateway.pid);
      try {
        return await work();
      } finally {
        const rss = stop();
        davPeak = Math.max(davPeak, rss.peak);
        samples += rss.samples;
      }
    }

    /** WebDAV's upload: one PUT with its length, as rclone sends it. */
    const davPut = (i) => sampled(async () => {
      const t0 = performance.now();
      const put = await fetch(`${dav}dav-${i}.bin`, {
        method: 'PUT', headers: { ...basic, 'content-length': String(SIZE), 'content-type': 'application/octet-stream' },
        body: bodyOf(source), duplex: 'half',
      });
      if (put.status !== 201) throw new Error(`WebDAV PUT ${put.status}: ${await put.text()}`);
      await put.text();
      return seconds(t0);
    });

    /** WebDAV's download of the same bytes the signed URL reads (the signed upload's file), so both read one object. */
    const davGet = (i) => sampled(async () => {
      const t0 = performance.now();
      const bytes = await drain(await fetch(`${dav}signed-${i}.bin`, { headers: basic }));
      if (bytes !== SIZE) throw new Error(`WebDAV GET returned ${bytes} bytes`);
      return seconds(t0);
    });

    /** Runs a pair in the order given: alternating orders cancel the drift of a neighbour's load. */
    async function pair(first, second, signedFirst) {
      if (signedFirst) {
        const s = await first();
        return { s, d: await second() };
      }
      const d = await second();
      return { s: await first(), d };
    }

    await new Promise((r) => setTimeout(r, 500));
    const idle = await (async () => { const stop = sampleRss(gateway.pid); await new Promise((r) => setTimeout(r, 200)); return stop().peak; })();
    // Each round: the two uploads, then GETS pairs of downloads of those bytes, in alternating order.
    const ups = [];
    const downs = [];
    for (let i = 0; i < ROUNDS; i++) {
      let fileId;
      const up = await pair(async () => { const r = await signedPut(i); fileId = r.fileId; return r.secs; }, () => davPut(i), i % 2 === 0);
      ups.push(up);
      const round = [];
      for (let j = 0; j < GETS; j++) round.push(await pair(() => signedGet(fileId), () => davGet(i), (i + j) % 2 === 0));
      downs.push(...round);
      console.log(`round ${i + 1}: PUT ${rate(up.s).toFixed(0)} / ${rate(up.d).toFixed(0)} MiB/s, GET ` +
        round.map((g) => `${rate(g.s).toFixed(0)} / ${rate(g.d).toFixed(0)}`).join(', ') + ' MiB/s (signed URL / WebDAV)');
    }

    // A folder of FILES files, made by the drive's own upload functions as the user (no bytes needed for a listing).
    console.log(`bench/webdav: making a folder of ${FILES} files...`);
    await admin.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: user.id, role: 'authenticated', session_id: session.id })}, true)`;
      await tx`set local role authenticated`;
      await tx.unsafe(`do $$
        declare
          folder uuid := (api.create_folder('many')).id;
          up jsonb;
        begin
          for i in 1..${FILES} loop
            up := app.begin_upload(format('file-%s.txt', lpad(i::text, 5, '0')), 5, 'text/plain', folder);
            perform app.record_upload_bytes((up ->> 'id')::uuid, 5, encode(extensions.digest(i::text, 'sha256'), 'hex'), 'text/plain');
            perform app.complete_upload((up ->> 'id')::uuid);
          end loop;
        end $$`);
    });
    await admin.end();
    const listings = [];
    let entries = 0;
    for (let i = 0; i < LISTINGS; i++) {
      const t0 = performance.now();
      const res = await fetch(`${dav}many/`, { method: 'PROPFIND', headers: { ...basic, depth: '1' } });
      const xml = await res.text();
      listings.push(performance.now() - t0);
      if (res.status !== 207) throw new Error(`PROPFIND ${res.status}: ${xml.slice(0, 300)}`);
      entries = (xml.match(/<D:response>/g) ?? []).length - 1;
    }
    if (entries !== FILES) throw new Error(`PROPFIND listed ${entries} of ${FILES} files`);

    const upRatio = median(ups.map((r) => r.s / r.d));
    const downRatio = median(downs.map((r) => r.s / r.d));
    const row = (label, list, ratio) =>
      `${label.padEnd(4)} signed URL ${rate(median(list.map((r) => r.s))).toFixed(0).padStart(5)} MiB/s   ` +
      `WebDAV ${rate(median(list.map((r) => r.d))).toFixed(0).padStart(5)} MiB/s   ratio ${(ratio * 100).toFixed(0)}% (median of ${list.length} pairs)`;
    const propfind = median(listings);
    console.log(`\nbench/webdav: ${SIZE / MB} MiB, WebDAV vs the files function's signed URLs (fs driver), ${ROUNDS} rounds`);
    console.log(row('PUT', ups, upRatio));
    console.log(row('GET', downs, downRatio));
    console.log(`gateway RSS during the WebDAV transfers: peak ${davPeak.toFixed(0)} MB, idle before ${idle.toFixed(0)} MB (${samples} samples)`);
    console.log(`PROPFIND depth 1 of ${FILES} files: median ${propfind.toFixed(0)} ms of ${LISTINGS} (min ${Math.min(...listings).toFixed(0)}, max ${Math.max(...listings).toFixed(0)})`);
    const ok = upRatio >= 0.9 && downRatio >= 0.9 && davPeak - idle < 64 && (FILES !== 10000 || propfind < 300);
    console.log(ok ? 'targets met' : 'targets NOT met');
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await stack.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
