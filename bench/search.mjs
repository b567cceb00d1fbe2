// bench/search: search_files on a million files, p50/p95 per query shape
// through the gateway, against the original plan's `name ILIKE '%q%'`
// without an index on the same data. Prints a table, the ratio and a recall check.
//
//   node bench/search.mjs                  a throwaway stack, 1,000,000 files (about 15 minutes, 8 generating)
//   BENCH_FILES=100000 node bench/search.mjs                         a smaller drive
//   BENCH_KEEP_DIR=/tmp/pgdrive-bench node bench/search.mjs          keep the stack's data folder
//       there and reuse it on the next run (new migrations are applied to it; the files are
//       generated only once): for iterating. Recorded figures come from a clean run without it.
//   BENCH_DATABASE_URL=postgres://... node bench/search.mjs          an existing database (SQL only: no gateway)
//   BENCH_SHAPES=substring,combination node bench/search.mjs         only the shapes whose names contain one of
//       these words, without the naive baseline and the recall check: for iterating, not for the record.
//   BENCH_SLOWEST=20 node bench/search.mjs                           print the 20 slowest calls of each shape (5)
//   BENCH_SHAPES=tag,shares node bench/search.mjs                    `shares` adds the 50-shares section to a partial run
//   BENCH_AB=70cf56c node bench/search.mjs                           the search functions of that commit against the
//       current ones on the same drive, in alternating rounds (before, after, after, before): a before/after pair
//       that a busy machine weighs on equally; prints only that comparison.
//
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { SignJWT } from 'jose';
import { ROOT, loadConfig } from '../scripts/lib/config.mjs';
import { freePort } from '../scripts/lib/processes.mjs';
import { startStack } from '../scripts/lib/stack.mjs';
import { startTestStack } from '../scripts/lib/test-stack.mjs';

const FILES = Number(process.env.BENCH_FILES || 1_000_000);
const USERS = Number(process.env.BENCH_USERS || Math.max(10, Math.round(FILES / 1000)));
const HEAVY = Number(process.env.BENCH_HEAVY_FILES || Math.round(FILES / 5));
const RUNS = Number(process.env.BENCH_RUNS || 200);
const PAGE = 50;
const KEEP_DIR = process.env.BENCH_KEEP_DIR ? path.resolve(process.env.BENCH_KEEP_DIR) : null;
const SLOWEST = Number(process.env.BENCH_SLOWEST || 5);
const ONLY = process.env.BENCH_SHAPES ? process.env.BENCH_SHAPES.split(',').map((w) => w.trim()).filter(Boolean) : null;

/** A stack on a data folder that outlives the run (BENCH_KEEP_DIR): free ports, migrated on start. */
async function startKeptStack(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const env = {
    ...process.env, DATA_DIR: dataDir, PG_PORT: String(await freePort()), GATEWAY_PORT: String(await freePort()),
    WEB: 'off', DATABASE_URL: '', GATEWAY_LOG: 'off',
  };
  const log = (line) => fs.appendFileSync(path.join(dataDir, 'stack.log'), line + '\n');
  const stack = await startStack(loadConfig(env), { log, env });
  return { ...stack, jwtSecret: stack.secrets.jwtSecret, dataDir };
}

const DOC_WORDS = ['report', 'budget', 'invoice', 'contract', 'proposal', 'meeting', 'notes', 'agenda', 'summary',
  'roadmap', 'strategy', 'review', 'analysis', 'forecast', 'minutes', 'resume', 'letter', 'design', 'requirements',
  'onboarding', 'handbook', 'policy', 'timesheet', 'expenses', 'receipt', 'statement', 'quarterly', 'marketing',
  'research', 'thesis', 'chapter', 'lecture', 'homework', 'syllabus', 'recipe', 'itinerary', 'insurance', 'mortgage',
  'payroll', 'inventory', 'schedule', 'checklist', 'feedback', 'survey', 'newsletter', 'pricing', 'partnership',
  'hiring', 'interview', 'benchmark', 'architecture', 'security', 'audit', 'compliance', 'training', 'workshop'];
const PHOTO_WORDS = ['beach', 'sunset', 'birthday', 'wedding', 'vacation', 'hiking', 'family', 'garden', 'concert',
  'mountain', 'graduation', 'christmas', 'roadtrip', 'picnic', 'museum', 'skiing', 'camping', 'festival', 'portrait'];
const CODE_WORDS = ['config', 'helpers', 'database', 'router', 'schema', 'migration', 'client', 'server', 'logger',
  'worker', 'parser', 'session', 'payment', 'search', 'upload', 'notification', 'service', 'controller'];
const WORDS = [...DOC_WORDS, ...PHOTO_WORDS, ...CODE_WORDS];
const GROUPS = ['image', 'document', 'pdf', 'spreadsheet', 'code', 'video', 'audio', 'archive', 'presentation'];

let seed = 42;
/** A deterministic random number in [0, 1), so two runs ask the same questions. */
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = (list) => list[Math.floor(random() * list.length)];

/** A misspelling: swap, drop, double or replace one letter (never the first). */
function misspell(word) {
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1: return word.slice(0, i) + word.slice(i + 1);
    case 2: return word.slice(0, i) + word[i] + word.slice(i);
    default: return word.slice(0, i) + 'qxz'[Math.floor(random() * 3)] + word.slice(i + 1);
  }
}

const daysAgo = (d) => new Date(Date.now() - d * 86_400_000).toISOString();

/** The query shapes: each a list of search_files argument objects. */
function shapes(tagNames) {
  const make = (fn) => Array.from({ length: RUNS }, fn);
  return {
    '3-letter substring': make(() => {
      const w = pick(WORDS);
      const i = Math.floor(random() * (w.length - 2));
      return { q: w.slice(i, i + 3) };
    }),
    'misspelled word': make(() => ({ q: misspell(pick(WORDS.filter((w) => w.length >= 6))) })),
    'tag filter': make(() => ({ tags: [pick(tagNames)] })),
    'type + date': make(() => {
      const from = Math.floor(random() * 1700);
      return { type_group: pick(GROUPS), modified_from: daysAgo(from + 90), modified_to: daysAgo(from) };
    }),
    combination: make(() => ({
      q: pick(DOC_WORDS),
      type_group: pick(['document', 'pdf', 'spreadsheet']),
      modified_from: daysAgo(365 + Math.floor(random() * 1000)),
      tags: random() < 0.5 ? [pick(tagNames)] : undefined,
    })),
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms) => ms.toFixed(1).padStart(8);

/** Times `run(args)` for every argument object; returns sorted latencies, the totals seen and the slowest calls. */
async function measure(list, run) {
  const times = [];
  const totals = [];
  const calls = [];
  for (const args of list) {
    const started = performance.now();
    const total = await run(args);
    const ms = performance.now() - started;
    times.push(ms);
    totals.push(total);
    calls.push({ ms, args, total });
  }
  return { times: times.sort((a, b) => a - b), totals, slowest: calls.sort((a, b) => b.ms - a.ms).slice(0, SLOWEST) };
}

/** Where the tail of each shape comes from, for whoever works on it next. */
function printSlowest(results) {
  console.log('\nslowest calls of each shape (ms, total, arguments):');
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name}: ${r.slowest.map((c) => `${c.ms.toFixed(1)} ${c.total} ${JSON.stringify(c.args)}`).join('; ')}`);
  }
}

const AB = process.env.BENCH_AB || null;

/**
 * The definitions of the search functions at a commit (`null`: the working tree), from the schema
 * reference (supabase/schema: one generated file per object): every app.search_* function and
 * api.search_files, as CREATE OR REPLACE statements with their grants. A function only one side has
 * stays defined on the other side, unused by it.
 */
function searchFunctions(commit) {
  const files = commit
    ? execFileSync('git', ['ls-tree', '-r', '--name-only', commit, 'supabase/schema/app', 'supabase/schema/api'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
    : ['app', 'api'].flatMap((d) => fs.readdirSync(path.join(ROOT, 'supabase/schema', d)).map((f) => `supabase/schema/${d}/${f}`));
  return files
    .filter((f) => /^supabase\/schema\/(app\/search_[^/]+|api\/search_files)\.sql$/.test(f))
    .map((f) => commit
      ? execFileSync('git', ['show', `${commit}:${f}`], { cwd: ROOT, encoding: 'utf8' })
      : fs.readFileSync(path.join(ROOT, f), 'utf8'))
    // The functions and their grants only (a file may also hold a type of the same name).
    .flatMap((text) => [...text.matchAll(/^CREATE OR REPLACE FUNCTION[\s\S]*?^\$function\$;$|^grant execute on function .*;$/gm)].map((m) => m[0]))
    .join('\n');
}

/** Each shape with the functions of BENCH_AB and the current ones, in alternating rounds of its queries. */
async function compareFunctions({ sql, list, search, chosen, row }) {
  const sides = { before: searchFunctions(AB), after: searchFunctions(null) };
  const use = async (side) => {
    await sql.unsafe(sides[side]);
  };
  console.log(`search functions of ${AB} (before) against the working tree's (after), rounds before, after, after, before:`);
  console.log('shape                 p50 ms   p95 ms   max ms   mean total   p95 after / before');
  let worst = 0;
  try {
    for (const [name, args] of Object.entries(list)) {
      if (!chosen(name)) continue;
      const pooled = { before: [], after: [] };
      const totals = { before: [], after: [] };
      for (const side of ['before', 'after', 'after', 'before']) {
        await use(side);
        // New definitions drop the cached plans of each connection: warm them again, untimed.
        for (const a of args.slice(0, 20)) await search(a);
        const r = await measure(args, async (a) => (await search(a)).total);
        pooled[side].push(...r.times);
        totals[side] = r.totals;
      }
      const sorted = (t) => t.sort((a, b) => a - b);
      const ratio = percentile(sorted(pooled.after), 95) / percentile(sorted(pooled.before), 95);
      worst = Math.max(worst, ratio);
      console.log(name);
      row('  before', { times: pooled.before, totals: totals.before });
      row('  after', { times: pooled.after, totals: totals.after }, `   ${ratio.toFixed(2)}x`);
    }
    console.log(`p95 after / before: worst ${worst.toFixed(2)}x (target: within 1.10x)`);
  } finally {
    await use('after');
  }
}

const SHARES = 50;

/**
 * A user with 50 shares (the sharing issue's target): the measured user shares 50 of their folders
 * with 50 others and 50 others share a folder with them. Their own searches, with and without the
 * shares, in alternating rounds: each shape's p95 with them must stay within 1.10x of without
 * (their search reads no share row: it runs on their own keys). Then searches inside the folders
 * shared with them, against each folder's owner running the same query on it. The shares are
 * removed after.
 */
async function withShares({ sql, heavy, list, results, search, signIn, chosen, row }) {
  const others = (await sql`select id from app.users where id <> ${heavy} order by id limit ${SHARES}`).map((r) => r.id);
  const given = (await sql`select id from app.folders where owner_id = ${heavy} order by id limit ${others.length}`).map((r) => r.id);
  others.length = given.length;
  // Of each other user, their folder holding the most files (with its sub-folders is what the share reaches).
  const received = await sql`
    select distinct on (f.owner_id) f.owner_id, f.folder_id from app.files f
    where f.owner_id in ${sql(others)} and f.folder_id is not null and f.trashed_at is null
    group by f.owner_id, f.folder_id order by f.owner_id, count(*) desc`;
  let ids = [];
  const share = async () => {
    ids = (await sql`
      insert into app.shares (owner_id, recipient_id, folder_id, role)
      select ${heavy}::uuid, o, g, 'viewer' from unnest(${others}::uuid[], ${given}::uuid[]) as x(o, g)
      union all
      select r.owner_id, ${heavy}::uuid, r.folder_id, 'viewer'
      from jsonb_to_recordset(${sql.json(received)}) as r(owner_id uuid, folder_id uuid)
      returning id`).map((r) => r.id);
  };
  const unshare = async () => {
    if (ids.length) await sql`delete from app.shares where id in ${sql(ids)}`;
    ids = [];
  };
  try {
    // Without and with the shares in alternating rounds (without, with, with, without), each over
    // the shape's queries, so that a machine busier in one half weighs on both.
    console.log(`\n${given.length} folders shared by the measured user and ${received.length} shared with them, `
      + 'in alternating rounds without and with them (the same queries):');
    console.log('shape                 p50 ms   p95 ms   max ms   mean total   p95 with / without');
    let worst = 0;
    for (const [name, args] of Object.entries(list)) {
      if (!chosen(name) || !results[name]) continue;
      const pooled = { with: [], without: [] };
      let totals = [];
      for (const round of ['without', 'with', 'with', 'without']) {
        if (round === 'with' && !ids.length) await share();
        if (round === 'without') await unshare();
        const r = await measure(args, async (a) => (await search(a)).total);
        pooled[round].push(...r.times);
        if (round === 'with') totals = r.totals;
      }
      const sorted = (t) => t.sort((a, b) => a - b);
      const [withShares, without] = [sorted(pooled.with), sorted(pooled.without)];
      const ratio = percentile(withShares, 95) / percentile(without, 95);
      worst = Math.max(worst, ratio);
      console.log(name);
      row('  with the shares', { times: withShares, totals }, `   ${ratio.toFixed(2)}x`);
      row('  without', { times: without, totals });
    }
    if (worst) console.log(`target: p95 within 1.10x with ${SHARES} shares: ${worst <= 1.1 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)}x)`);
    if (!ids.length) await share();

    // Inside a shared folder: the recipient, then its owner, the same query on the same folder.
    const owners = new Map();
    for (const r of received) owners.set(r.owner_id, await signIn(r.owner_id));
    const inside = Array.from({ length: RUNS }, () => {
      const r = pick(received);
      const w = pick(WORDS);
      return { owner: r.owner_id, args: { q: random() < 0.5 ? w.slice(0, 3 + Math.floor(random() * (w.length - 2))) : w, folder_id: r.folder_id } };
    });
    for (const { args } of inside.slice(0, 20)) await search(args);
    const asRecipient = await measure(inside, async (c) => (await search(c.args)).total);
    const asOwner = await measure(inside, async (c) => (await search(c.args, owners.get(c.owner))).total);
    row('in a shared folder', asRecipient, '   (the recipient)');
    row('  the same, by owner', asOwner);
    const fewer = asRecipient.totals.filter((t, i) => t < asOwner.totals[i]).length;
    console.log(`recipient / owner: p50 ${(percentile(asRecipient.times, 50) / percentile(asOwner.times, 50)).toFixed(2)}x, `
      + `p95 ${(percentile(asRecipient.times, 95) / percentile(asOwner.times, 95)).toFixed(2)}x; `
      + `${fewer} of ${inside.length} queries found fewer for the recipient (matches through the owner's tag words only)`);
  } finally {
    await unshare();
  }
}

async function main() {
  let stack = null;
  let dbUrl = process.env.BENCH_DATABASE_URL;
  if (!dbUrl) {
    console.log(KEEP_DIR ? `bench/search: starting a stack on ${KEEP_DIR} (kept)...` : 'bench/search: starting a throwaway stack...');
    stack = KEEP_DIR ? await startKeptStack(KEEP_DIR) : await startTestStack({ web: false });
    dbUrl = stack.dbUrl;
  }
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const heavy = '00000000-5ea7-4000-8000-000000000001';
    const [{ generated }] = await sql`select to_regproc('tests.search_user_id') is not null
      and exists (select from app.users where id = ${heavy}) as generated`;
    if (!generated) {
      console.log(`bench/search: generating ${FILES.toLocaleString()} files over ${USERS} users (one owns ${HEAVY.toLocaleString()})...`);
      await sql.unsafe(fs.readFileSync(path.join(ROOT, 'supabase/tests/helpers/30_search_data.sql'), 'utf8'));
      const started = performance.now();
      const [{ n }] = await sql`select tests.generate_search_data(${FILES}, ${USERS}, ${HEAVY}) as n`;
      // What autovacuum does after a bulk load: the visibility map lets index-only scans skip the table.
      await sql`vacuum (analyze) app.files`;
      console.log(`bench/search: ${Number(n).toLocaleString()} files generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const [{ files, mine }] = await sql`select count(*)::int as files, count(*) filter (where owner_id = ${heavy})::int as mine from app.files`;
    const tagNames = (await sql`
      select t.name from app.tags t where t.owner_id = ${heavy}
        and exists (select from app.file_tags ft where ft.tag_id = t.id) order by t.name`).map((r) => r.name);

    // A signed-in session for a user, and its access token.
    const [session] = await sql`select to_regclass('app.sessions') is not null as exists`;
    const jwtSecret = stack ? new TextEncoder().encode(stack.jwtSecret) : null;
    const signIn = async (userId) => {
      let sessionId = null;
      if (session.exists) [{ id: sessionId }] = await sql`insert into app.sessions (user_id) values (${userId}) returning id`;
      const claims = { sub: userId, role: 'authenticated', aud: 'authenticated', ...(sessionId ? { session_id: sessionId } : {}) };
      const token = jwtSecret
        && await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h').sign(jwtSecret);
      return { claims, token };
    };
    const heavyUser = await signIn(heavy);

    // Each RPC through the gateway, as the heavy user (or `as`); without a stack (BENCH_DATABASE_URL),
    // in SQL with the same role and claims.
    /** Calls api.<fn>(args) and returns its JSON body. */
    const rpc = async (fn, args, as = heavyUser) => {
      if (stack) {
        const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/${fn}`, {
          method: 'POST',
          headers: { apikey: stack.anonKey, authorization: `Bearer ${as.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(args),
        });
        const body = await res.json();
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
        return body;
      }
      const [row] = await sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(as.claims)}, true)`;
        await tx`set local role authenticated`;
        const names = Object.keys(args).filter((n) => args[n] !== undefined);
        return tx.unsafe(`select api.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as r`,
          names.map((n) => args[n]));
      });
      return row.r;
    };
    const search = (args, as) => rpc('search_files', { ...args, page_size: args.page_size ?? PAGE }, as);
    const via = stack ? `HTTP ${stack.apiUrl}/rest/v1/rpc/search_files` : 'SQL (role authenticated, same claims)';

    const list = shapes(tagNames);
    // A server in use has its working set in memory: first run as many other queries of every
    // shape (the next ones of the same generator, untimed), so no shape pays for a cold start.
    const warmup = shapes(tagNames);
    console.log('bench/search: warming up with other queries of every shape...');
    const chosen = (name) => !ONLY || ONLY.some((w) => name.includes(w));
    for (const args of Object.entries(warmup).filter(([name]) => chosen(name)).flatMap(([, list]) => list)) await search(args);
    const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`\n${new Date().toISOString()}, ${os.cpus().length} cores, load average ${load()}`);
    console.log(`search_files, ${files.toLocaleString()} files, the measured user owns ${mine.toLocaleString()}; ${RUNS} queries per shape, page of ${PAGE}`);
    console.log(`via ${via}\n`);
    const row = (name, r, note = '') => {
      const hits = r.totals.reduce((a, b) => a + Number(b), 0) / r.totals.length;
      console.log(`${name.padEnd(20)}${fmt(percentile(r.times, 50))} ${fmt(percentile(r.times, 95))} ${fmt(r.times.at(-1))}   ${hits.toFixed(0).padStart(10)}${note}`);
    };
    if (AB) {
      await compareFunctions({ sql, list, search, chosen, row });
      console.log(`load average at the end: ${load()}`);
      return;
    }
    console.log('shape                 p50 ms   p95 ms   max ms   mean total');
    const results = {};
    for (const [name, args] of Object.entries(list)) {
      if (!chosen(name)) continue;
      results[name] = await measure(args, async (a) => (await search(a)).total);
      row(name, results[name]);
    }
    if (!ONLY || chosen('shares')) await withShares({ sql, heavy, list, results, search, signIn, chosen, row });
    if (ONLY) {
      printSlowest(results);
      return;
    }

    // The original plan: name ILIKE '%q%' with no search index, under RLS as the same user, on the same
    // data and through the same path (an RPC through the gateway). `name || ''` keeps any index out of it.
    const substrings = list['3-letter substring'];
    await sql.unsafe(`
      create or replace function api.bench_naive_search(q text, page_size integer default 50)
      returns jsonb language sql stable set search_path = '' as $$
        select jsonb_build_object('total', coalesce(max(total), 0), 'items', coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name)), '[]'))
        from (select f.id, f.name, count(*) over () as total from app.files f
              where f.trashed_at is null and f.name || '' ilike '%' || app.like_escape(q) || '%'
              order by f.updated_at desc limit page_size) r
      $$;
      grant execute on function api.bench_naive_search(text, integer) to authenticated;
      notify pgrst, 'reload schema';`);
    let naive;
    try {
      for (let i = 0; ; i++) {
        // The gateway reloads its schema cache on the notification.
        try { await rpc('bench_naive_search', { q: 'abc' }); break; } catch (err) {
          if (i === 50) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      naive = await measure(substrings, async ({ q }) => (await rpc('bench_naive_search', { q, page_size: PAGE })).total);
    } finally {
      await sql.unsafe(`drop function api.bench_naive_search(text, integer); notify pgrst, 'reload schema';`);
    }
    row('naive ILIKE (no idx)', naive, '   (same path, same 3-letter substrings)');
    const ours = results['3-letter substring'];
    const ratio = (p) => percentile(naive.times, p) / percentile(ours.times, p);
    console.log(`\nratio naive / search_files on 3-letter substrings: p50 ${ratio(50).toFixed(1)}x, p95 ${ratio(95).toFixed(1)}x`);

    // Recall: every file the naive ILIKE finds (all of them, not a page) must come back from
    // search_files, paged to the end with its cursor through the same path.
    let complete = 0;
    let expected = 0;
    let pages = 0;
    let duplicates = 0;
    const distinct = [...new Set(substrings.map((a) => a.q))];
    for (const q of distinct) {
      const wanted = (await sql`
        select id from app.files where owner_id = ${heavy} and trashed_at is null
          and name ilike '%' || app.like_escape(${q}) || '%'`).map((r) => r.id);
      const found = new Set();
      let after = null;
      do {
        const page = await search({ q, after, page_size: 200 });
        pages++;
        for (const item of page.items) {
          if (found.has(item.id)) duplicates++;
          found.add(item.id);
        }
        after = page.next_cursor;
      } while (after);
      expected += wanted.length;
      if (wanted.every((id) => found.has(id))) complete++;
    }
    console.log(`recall: search_files returned every file ILIKE finds for ${complete}/${distinct.length} distinct substrings `
      + `(${expected.toLocaleString()} files, ${pages.toLocaleString()} pages of 200, ${duplicates} duplicates)`);
    const worst = Math.max(...Object.values(results).map((r) => percentile(r.times, 95)));
    const recalled = complete === distinct.length && duplicates === 0;
    console.log(`targets: every p95 < 30 ms: ${worst < 30 ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)} ms); `
      + `>= 20x at the same recall: ${ratio(50) >= 20 && ratio(95) >= 20 && recalled ? 'met' : 'NOT met'}`);
    printSlowest(results);
    console.log(`load average at the end: ${load()}`);
  } finally {
    await sql.end();
    if (stack) await stack.stop();
  }
}

main().catch((err) => {
  console.error(`bench/search: ${err.stack || err.message}`);
  process.exit(1);
});
