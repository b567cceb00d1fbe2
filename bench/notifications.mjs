// bench/notifications: live notifications at scale.
//
//   node bench/notifications.mjs
//   STREAMS=1000 RATE=100 SECONDS=10 node bench/notifications.mjs
//
// Starts a throwaway stack, makes STREAMS accounts with a session each (in
// SQL), opens one server-sent-events stream per account on
// GET /functions/v1/notifications/stream (bearer token) and waits until
// every one is ready; the gateway's RSS before and after gives the memory per
// idle stream. Then for SECONDS it writes RATE notifications a second with
// app.notify, each to a random account, its payload naming the account and
// the time it was written, and each stream checks that what it receives is
// its own. Prints delivered / written, wrong deliveries (must be 0), latency
// from the write to arrival (p50, p99, max) and the ratio of p99 to its 1 s
// target.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import postgres from 'postgres';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const STREAMS = Number(process.env.STREAMS ?? 1000);
const RATE = Number(process.env.RATE ?? 100);
const SECONDS = Number(process.env.SECONDS ?? 10);
const TARGET_P99_MS = 1000;

function pidOfListener(port) {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return Number(/pid=(\d+)/.exec(out)?.[1]);
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Opens one stream; resolves once it is ready. Each event goes to `onEvent(userId, event, data)`. */
async function openStream(url, token, userId, onEvent) {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
  let ready;
  const isReady = new Promise((resolve) => (ready = resolve));
  (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'ready') ready();
          else if (event) onEvent(userId, event, data);
        }
      }
    } catch {
      // closed by the bench
    }
  })();
  await isReady;
  return () => abort.abort();
}

const stack = await startTestStack();
const sql = postgres(stack.dbUrl, { max: 4, onnotice: () => {} });
const closers = [];
try {
  // Two statements: a data-modifying CTE's rows are invisible to the functions of its own statement.
  const sessions = await sql`
    with u as (
      insert into app.users (email, password_hash, name, email_confirmed_at)
      select 'bench-' || g || '@example.com', 'x', 'bench ' || g, now() from generate_series(1, ${STREAMS}) g
      returning id
    )
    insert into app.sessions (user_id) select id from u returning id::text`;
  const accounts = await sql`
    select s.user_id::text as user_id, private.access_token(s.user_id, s.id) as token
    from app.sessions s where s.id = any (${sessions.map((s) => s.id)}::uuid[])`;

  const gatewayPid = pidOfListener(new URL(stack.apiUrl).port);
  const url = `${stack.apiUrl}/functions/v1/notifications/stream`;
  const latencies = [];
  let wrong = 0;
  let ended = 0;
  const onEvent = (userId, event, data) => {
    if (event === 'end') ended++;
    if (event !== 'notification') return;
    const n = JSON.parse(data);
    if (n.payload.to !== userId) wrong++;
    else latencies.push(Date.now() - n.payload.sent);
  };

  // Warm up the function (its first stream starts the process's one LISTEN).
  closers.push(await openStream(url, accounts[0].token, accounts[0].user_id, onEvent));
  const rssBefore = rssMb(gatewayPid);
  const opened = performance.now();
  for (let i = 1; i < accounts.length; i += 100) {
    const batch = accounts.slice(i, i + 100);
    closers.push(...(await Promise.all(batch.map((a) => openStream(url, a.token, a.user_id, onEvent)))));
  }
  const openSeconds = (performance.now() - opened) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  const rssIdle = rssMb(gatewayPid);

  const total = RATE * SECONDS;
  let written = 0;
  const started = Date.now();
  while (written < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE));
    const writes = [];
    for (; written < due; written++) {
      const to = accounts[Math.floor(Math.random() * accounts.length)].user_id;
      // `sent` is taken as the write is sent: the latency includes its commit.
      writes.push(sql`select app.notify(${to}::uuid, 'sessions_ended', ${sql.json({ to, sent: Date.now() })})`);
    }
    await Promise.all(writes);
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 3000));

  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  console.log(`streams            ${accounts.length} open (${openSeconds.toFixed(1)} s to open), ${ended} ended`);
  console.log(`gateway RSS        ${rssBefore.toFixed(0)} MB with 1 stream, ${rssIdle.toFixed(0)} MB with ${accounts.length}: ` +
    `${(((rssIdle - rssBefore) * 1024) / (accounts.length - 1)).toFixed(1)} KB per idle stream`);
  console.log(`notifications      ${written} written at ${RATE}/s, ${latencies.length} delivered, ${wrong} to the wrong stream`);
  console.log(`latency            p50 ${percentile(latencies, 50)} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms`);
  console.log(`p99 / target       ${(p99 / TARGET_P99_MS).toFixed(2)} (target ${TARGET_P99_MS} ms; below 1 passes)`);
  if (wrong > 0 || latencies.length < written || p99 >= TARGET_P99_MS) process.exitCode = 1;
} finally {
  for (const close of closers) close();
  await sql.end();
  await stack.stop();
}
