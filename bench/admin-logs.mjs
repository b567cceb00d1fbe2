// bench/admin-logs: rpc/admin_logs over 5,000,000 activity rows, p50/p95 per
// filter combination (each filter alone and several together, the first page
// and a page ~1000 deep) through the gateway, against the 50 ms target and
// against OFFSET paging (the list functions' old way) measured in the same
// run; then the CSV export of 1,000,000 rows through the real `admin`
// function, with the gateway's RSS sampled while it streams.
//
//   node bench/admin-logs.mjs                       a throwaway stack, 5,000,000 rows (about 10 minutes)
//   BENCH_ROWS=500000 node bench/admin-logs.mjs     a smaller log (the CSV export takes a fifth of it)
//   BENCH_RUNS=40                                   timed calls per case (default 30)
//
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const ROWS = Number(process.env.BENCH_ROWS || 5_000_000);
const RUNS = Number(process.env.BENCH_RUNS || 30);
const CSV_ROWS = Math.min(1_000_000, Math.round(ROWS / 5));
const ACTORS = 20_000;
const TARGET_MS = 50;
const DEEP_OFFSET = 50_000; // page 1000 of 50

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`;

/** The actions and their share of the log: logins and file traffic dominate, admin events are rare. */
const ACTIONS = [
  ['auth.login', 25], ['auth.refresh', 0], ['auth.logout', 5], ['auth.login_failed', 4], ['file.download', 20],
  ['file.upload', 15], ['file.rename', 4], ['file.move', 3], ['file.trash', 3], ['folder.create', 3],
  ['share_link.create', 2], ['share_link.open', 5], ['share_link.download', 4], ['share.grant', 1],
  ['share.revoke', 0.5], ['profile.updated', 1], ['auth.password_changed', 0.5], ['admin.user_disabled', 0.05],
  ['admin.role_granted', 0.05], ['payments.paid', 0.5],
].filter(([, w]) => w > 0);

/** SQL that fills app.activity_log with ROWS rows over the last 365 days, in time order, as a log grows. */
function generateSql(rows) {
  const total = ACTIONS.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const cases = ACTIONS.map(([a, w]) => {
    acc += w / total;
    return `when r < ${acc.toFixed(6)} then '${a}'`;
  }).join(' ');
  return `
    insert into app.activity_log (actor_id, action, target_type, target_id, meta, client_ip, user_agent, created_at)
    select
      case when action = 'auth.login_failed' and n % 3 = 0 then null else actor end,
      action,
      case when action like 'file.%' or action like 'share%' then 'file' when action like 'folder.%' then 'folder'
           when action like 'payments.%' then 'transaction' else 'user' end,
      case when action like 'file.%' or action like 'share%' then 'file-' || (hashint % 1000000)
           when action like 'folder.%' then 'folder-' || (hashint % 100000) else actor::text end,
      case when action like 'file.%' or action like 'share%'
           then jsonb_build_object('name', (array['report','budget','invoice','holiday','contract','thesis','recipe','roadmap'])[1 + hashint % 8]
                  || ' ' || (hashint % 100000) || '.pdf', 'size', hashint % 10000000)
           when action like 'admin.%' then jsonb_build_object('role', 'viewer')
           else '{}'::jsonb end,
      ('10.' || (hashint % 200) || '.' || ((hashint / 200) % 250) || '.' || (1 + (hashint / 50000) % 250))::inet,
      (array['Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0', 'Mozilla/5.0 (iPhone) Safari/604.1', 'rclone/v1.68', 'curl/8.5'])[1 + hashint % 4],
      now() - interval '365 days' + (n::float8 / ${rows}) * interval '365 days'
    from (
      select n, r, hashint,
        ('00000000-0000-4000-8000-' || lpad(to_hex((hashint % ${ACTORS})::int), 12, '0'))::uuid as actor,
        case ${cases} else 'auth.login' end as action
      from (
        select n, ((n * 2654435761) % 1000003)::float8 / 1000003 as r, abs(hashtextextended(n::text, 7)) as hashint
        from generate_series(1, ${rows}) n
      ) g
    ) x`;
}

/** The gateway's process id: the child of this process (or of its children) whose command names gateway/. */
function gatewayPid() {
  const mine = new Set([process.pid]);
  const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return { pid: Number(pid), ppid, cmd: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') };
    } catch {
      return null;
    }
  }).filter(Boolean);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (mine.has(p.ppid) && !mine.has(p.pid)) (mine.add(p.pid), (grew = true));
  }
  const found = procs.find((p) => mine.has(p.pid) && p.pid !== process.pid && p.cmd.includes('gateway/server.ts'));
  return found?.pid ?? null;
}
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function main() {
  console.log('bench/admin-logs: starting a throwaway stack...');
  const stack = await startTestStack({ web: false });
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  try {
    console.log(`bench/admin-logs: generating ${ROWS.toLocaleString()} log rows...`);
    let t = performance.now();
    const indexes = await sql`select indexname, indexdef from pg_indexes
      where schemaname = 'app' and tablename = 'activity_log' and indexname <> 'activity_log_pkey'`;
    for (const i of indexes) await sql.unsafe(`drop index app.${i.indexname}`);
    await sql.unsafe(generateSql(ROWS));
    await sql`set maintenance_work_mem = '512MB'`;
    for (const i of indexes) await sql.unsafe(i.indexdef);
    await sql`vacuum (analyze) app.activity_log`;
    console.log(`bench/admin-logs: generated and indexed in ${((performance.now() - t) / 1000).toFixed(0)} s (${indexes.length} indexes)`);

    // A superadmin with a live session, and its token.
    const [{ id: boss }] = await sql`insert into app.users (email, password_hash, name) values ('bench-boss@example.com', 'x', 'Boss') returning id`;
    await sql`insert into app.user_roles (user_id, role_id) select ${boss}, id from app.roles where name = 'superadmin'`;
    const [{ id: session }] = await sql`insert into app.sessions (user_id) values (${boss}) returning id`;
    const token = await new SignJWT({ sub: boss, role: 'authenticated', aud: 'authenticated', session_id: session })
      .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h')
      .sign(new TextEncoder().encode(stack.jwtSecret));
    const rpc = async (fn, args) => {
      const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/${fn}`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
      return body;
    };

    // Values to ask for, drawn from the data (n-th of each kind, so runs differ).
    const actor = (i) => `00000000-0000-4000-8000-${(i * 7919 % ACTORS).toString(16).padStart(12, '0')}`;
    const file = (i) => `file-${i * 104729 % 1000000}`;
    // Addresses and file ids that are in the log (most of the 12.5 million possible addresses are not).
    const ips = (await sql`select host(client_ip) as ip from app.activity_log tablesample system (0.1) limit 1000`).map((r) => r.ip);
    const ip = (i) => ips[(i * 37) % ips.length];
    const net = (i) => `10.${i % 200}.0.0/16`;
    const week = (i) => {
      const end = Date.now() - (i % 300) * 86_400_000;
      return { since: new Date(end - 7 * 86_400_000).toISOString(), until: new Date(end).toISOString() };
    };
    const words = ['report', 'budget', 'invoice', 'holiday', 'contract', 'thesis', 'recipe', 'roadmap'];
    const cases = [
      ['no filter', () => ({})],
      ['actor_id', (i) => ({ actor_id: actor(i) })],
      ['action (common)', () => ({ action: 'file.download' })],
      ['action (rare)', () => ({ action: 'admin.user_disabled' })],
      ['action prefix', () => ({ action: 'share_link.*' })],
      ['target_type', () => ({ target_type: 'folder' })],
      ['target_id', (i) => ({ target_id: file(i) })],
      ['since+until (week)', (i) => week(i)],
      ['ip', (i) => ({ ip: ip(i) })],
      ['ip network /16', (i) => ({ ip: net(i) })],
      ['q (common word)', (i) => ({ q: words[i % 8] })],
      ['q (rare: a name)', (i) => ({ q: `${words[i % 8]} ${i * 31 % 100000}.pdf` })],
      ['actor+action*', (i) => ({ actor_id: actor(i), action: 'file.*' })],
      ['action+week', (i) => ({ action: 'auth.login', ...week(i) })],
      ['type+q', (i) => ({ target_type: 'file', q: words[i % 8] })],
      ['ip-net+action*+week', (i) => ({ ip: net(i), action: 'share_link.*', ...week(i) })],
      ['actor+q+until', (i) => ({ actor_id: actor(i), q: words[i % 8], until: week(i).until })],
      ['action*+type+q+since', (i) => ({ action: 'file.*', target_type: 'file', q: words[i % 8], since: week(i).since })],
    ];

    /**
     * The `before` cursor of the page ~1000 deep for these filters: the row at DEEP_OFFSET of the
     * same query admin_logs runs (built by the same SQL functions), encoded by SQL's own cursor
     * function. Setup only, not timed.
     */
    const deepCursors = new Map();
    const deepCursor = async (args) => {
      const key = JSON.stringify(args);
      if (!deepCursors.has(key)) deepCursors.set(key, await findDeepCursor(args));
      return deepCursors.get(key);
    };
    const findDeepCursor = async (args) => {
      const [{ q }] = await sql`select private.activity_log_sql(
        private.activity_log_actions_matching(${args.action ?? null}),
        private.activity_log_conditions(${args.actor_id ?? null}::uuid, ${args.target_type ?? null}, ${args.target_id ?? null},
          ${args.since ?? null}::timestamptz, ${args.until ?? null}::timestamptz, ${args.ip ?? null}, ${args.q ?? null}, null),
        ${DEEP_OFFSET}) as q`;
      const [row] = await sql.unsafe(`select count(*)::int as n,
        (array_agg(private.keyset_cursor(created_at, id::text) order by created_at, id))[1] as before from (${q}) x`);
      return { before: row.n >= 50 ? row.before : null, depth: row.n >= 50 ? row.n : 0 };
    };

    const results = [];
    for (const [name, make] of cases) {
      for (const deep of [false, true]) {
        const times = [];
        const depths = [];
        let rows = 0;
        for (let i = -3; i < RUNS; i++) {
          // Deep pages cycle through ten value sets: finding each one's deep cursor reads 50,000 rows.
          const args = make(deep ? 1001 + (Math.abs(i) % 10) : Math.abs(i) + 1);
          let before = null;
          if (deep) {
            const c = await deepCursor(args);
            before = c.before;
            depths.push(c.depth);
          }
          const t0 = performance.now();
          const page = await rpc('admin_logs', { ...args, before });
          const ms = performance.now() - t0;
          if (i >= 0) (times.push(ms), (rows += page.items.length));
        }
        times.sort((a, b) => a - b);
        const depth = deep ? `~${Math.round(depths.reduce((s, d) => s + d, 0) / depths.length).toLocaleString()} deep` : 'first';
        results.push({ name, depth, p50: percentile(times, 50), p95: percentile(times, 95), rows: rows / RUNS });
        const r = results.at(-1);
        console.log(`${name.padEnd(22)}${depth.padEnd(14)}${fmt(r.p50)} ${fmt(r.p95)}  ${(r.p95 / TARGET_MS).toFixed(2).padStart(5)}x target  ${r.rows.toFixed(0).padStart(3)} rows`);
      }
    }

    // Baseline in the same run: OFFSET paging of the same log (how admin_list_users pages), page 1000, no filter.
    const offsetTimes = [];
    for (let i = 0; i < Math.min(RUNS, 10); i++) {
      const t0 = performance.now();
      await sql.begin(async (tx) => {
        await tx`select id from app.activity_log order by created_at desc, id desc limit 50 offset ${DEEP_OFFSET + i * 50}`;
      });
      offsetTimes.push(performance.now() - t0);
    }
    offsetTimes.sort((a, b) => a - b);
    const keysetDeep = results.find((r) => r.name === 'no filter' && r.depth !== 'first');
    console.log(`\nbaseline: OFFSET ${DEEP_OFFSET.toLocaleString()} (page 1000, no filter, SQL only) p50 ${fmt(percentile(offsetTimes, 50))}; ` +
      `keyset through HTTP p50 ${fmt(keysetDeep.p50)}: ratio ${(percentile(offsetTimes, 50) / keysetDeep.p50).toFixed(1)}x`);
    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(`worst p95: ${worst.name} (${worst.depth}) ${fmt(worst.p95)} = ${(worst.p95 / TARGET_MS).toFixed(2)}x the ${TARGET_MS} ms target; ` +
      `${results.filter((r) => r.p95 < TARGET_MS).length} of ${results.length} cases under it`);

    // The CSV export of CSV_ROWS rows through the real function, RSS sampled.
    const [{ since }] = await sql`select created_at as since from app.activity_log order by created_at desc, id desc offset ${CSV_ROWS - 1} limit 1`;
    const pid = gatewayPid();
    const samples = [];
    const sample = () => pid && samples.push(rssMb(pid));
    sample();
    t = performance.now();
    const res = await fetch(`${stack.apiUrl}/functions/v1/admin/logs.csv?since=${encodeURIComponent(since.toISOString())}`,
      { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`logs.csv: HTTP ${res.status}: ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    const timer = setInterval(sample, 200);
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    clearInterval(timer);
    sample();
    const secs = (performance.now() - t) / 1000;
    console.log(`\nCSV export: ${(lines - 1).toLocaleString()} rows, ${(bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(1)} s ` +
      `(${((lines - 1) / secs / 1000).toFixed(0)}k rows/s)`);
    if (samples.length > 2) {
      const tenth = samples[Math.max(1, Math.floor(samples.length / 10))];
      console.log(`gateway RSS (pid ${pid}): before ${samples[0].toFixed(0)} MB, at 10% ${tenth.toFixed(0)} MB, ` +
        `max ${Math.max(...samples).toFixed(0)} MB, end ${samples.at(-1).toFixed(0)} MB (${samples.length} samples every 200 ms)`);
    } else {
      console.log('gateway RSS: the gateway process was not found; not sampled');
    }
  } finally {
    await sql.end();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
