// `npm test`: every test layer, then one summary line over all of them.
//   node scripts/test.mjs [pgtap|deno|scripts|web|api|browser ...]   runs only those.
//   PGTAP_MAJORS=15 PGTAP_FILES=95,96 node scripts/test.mjs pgtap   one Postgres, some files.
//   DENO_FILES=gateway/observability_test.ts node scripts/test.mjs deno          some Deno test files.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT } from './lib/config.mjs';
import { DENO } from './lib/stack.mjs';
import { installPgtap, installPlpgsqlCheck, startTestServer } from './lib/test-database.mjs';
import { ensureWebBuild } from './lib/web-build.mjs';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Runs a command with inherited output teed to a string; resolves with exit code and output. */
function run(command, args, { env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tee = (stream, out) =>
      stream.on('data', (chunk) => {
        output += chunk;
        out.write(chunk);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('error', (err) => resolve({ code: 1, output: `${output}\n${err.message}` }));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: stripAnsi(output) }));
  });
}

/** pgTAP on Postgres 15 (Supabase's floor) and 17 (new hosted projects). */
async function pgtap() {
  // PGTAP_FILES=95,96 runs only the files whose names start with those prefixes (while working on them).
  const only = process.env.PGTAP_FILES?.split(',').filter(Boolean);
  const files = fs.readdirSync(path.join(ROOT, 'supabase/tests'))
    .filter((f) => f.endsWith('.test.sql') && (!only || only.some((prefix) => f.startsWith(prefix))))
    .sort();
  const helpers = fs.readdirSync(path.join(ROOT, 'supabase/tests/helpers')).filter((f) => f.endsWith('.sql')).sort();
  const total = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const major of (process.env.PGTAP_MAJORS || '15,17').split(',')) {
    console.log(`\n# pgTAP on Postgres ${major}`);
    await installPgtap(major);
    const server = await startTestServer(major);
    try {
      await server.createDatabase('tap');
      const env = { ...process.env, PGPASSWORD: server.password };
      const psql = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-d', 'tap'];
      // pgTAP in `extensions`, as Supabase keeps extensions (db advisors flags one in public).
      let setup = await run('psql', [...psql, '-c',
        `create extension if not exists pgtap with schema extensions; alter database tap set search_path = "$user", public, extensions`], { env });
      for (const helper of helpers) {
        if (setup.code !== 0) break;
        setup = await run('psql', [...psql, '-f', path.join('supabase/tests/helpers', helper)], { env });
      }
      if (setup.code !== 0) {
        total.failed += 1;
        continue;
      }
      const res = await run(
        'pg_prove',
        ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'postgres', '-d', 'tap', ...files.map((f) => path.join('supabase/tests', f))],
        { env },
      );
      const tests = Number(/Tests=(\d+)/.exec(res.output)?.[1] ?? 0);
      const failed = [...res.output.matchAll(/Failed (\d+)\/\d+ subtests/g)].reduce((n, m) => n + Number(m[1]), 0);
      const broken = res.code !== 0 && failed === 0 ? 1 : 0;
      for (const m of res.output.matchAll(/^(\S+\.test\.sql) +\(Wstat: [^)]*\)/gm)) total.failures.push(`PG${major} ${m[1]}`);
      total.passed += tests - failed;
      total.failed += failed + broken;
      if (major === '15') {
        const lint = await lintDatabase(server.urlFor('tap'));
        total[lint]++;
        total[await adviseDatabase(server.urlFor('tap'))]++;
      }
    } finally {
      await server.stop();
    }
  }
  return total;
}

/**
 * `supabase db lint` (plpgsql_check) over our schemas: a function that
 * references a missing column or has a type error fails here, not in use.
 */
async function lintDatabase(url) {
  if (!(await installPlpgsqlCheck())) {
    console.log('db lint: skipped (apt-get install -y postgresql-15-plpgsql-check to run it)');
    return 'skipped';
  }
  console.log('\n# supabase db lint --fail-on error');
  const res = await run(path.join(ROOT, 'node_modules/.bin/supabase'), [
    'db', 'lint', `--remote=${url}?sslmode=disable`, '--schema', 'api,app,private', '--fail-on', 'error',
  ]);
  return res.code === 0 ? 'passed' : 'failed';
}

/**
 * What `supabase db advisors` finds is an issue for users too (exposed data,
 * slow policies), so anything above info fails, but for the deliberate
 * exceptions below, each with the reason it stays.
 */
const ADVISOR_EXCEPTIONS = [
  // No SET clause on purpose: it runs before every request, and a SET clause saves and restores
  // the setting on each call (bench/gateway.md); every name in it is qualified.
  ['function_search_path_mutable', 'app.pre_request'],
  // No SET clause on purpose: an SQL function with one is never inlined, and the near-miss index
  // files_search_name_trgm re-checks it on every candidate row; every name in it is qualified.
  ['function_search_path_mutable', 'app.search_owner_code'],
];

async function adviseDatabase(url) {
  console.log('\n# supabase db advisors (nothing above info)');
  const res = await run(path.join(ROOT, 'node_modules/.bin/supabase'), [
    'db', 'advisors', `--remote=${url}?sslmode=disable`, '--level', 'warn', '-o', 'json',
  ]);
  const start = res.output.indexOf('[');
  if (res.code !== 0 || start < 0) return 'failed';
  // The `tests` schema is the pgTAP layer's own scaffolding, never deployed.
  const found = JSON.parse(res.output.slice(start, res.output.lastIndexOf(']') + 1)).filter(
    (a) => a.metadata?.schema !== 'tests' &&
      !ADVISOR_EXCEPTIONS.some(([name, object]) => a.name === name && a.detail.includes(`\`${object}\``)),
  );
  for (const a of found) console.log(`advisor ${a.level} ${a.name}: ${a.detail}`);
  return found.length === 0 ? 'passed' : 'failed';
}

/** Deno tests for the gateway and the edge functions, with a throwaway migrated database. */
async function deno() {
  const server = await startTestServer('15');
  try {
    const { url, jwtSecret } = await server.createDatabase('deno');
    const env = { ...process.env, NO_COLOR: '1', TEST_DATABASE_URL: url, TEST_JWT_SECRET: jwtSecret };
    // DENO_FILES=a_test.ts,b_test.ts runs only those (as PGTAP_FILES does for pgTAP).
    const files = process.env.DENO_FILES ? process.env.DENO_FILES.split(',') : ['gateway', 'supabase/functions'];
    const res = await run(DENO, ['test', '--allow-all', '--quiet', ...files], { env });
    const m = /(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored)?/.exec(res.output);
    // Deno's closing list of failures, "name => file:line:column" (each once; the list can repeat them).
    const failures = [...new Set([...res.output.matchAll(/^(.+) => (\S+:\d+:\d+)$/gm)].map((f) => `${f[2]} ${f[1]}`))];
    if (!m) return { passed: 0, failed: res.code === 0 ? 0 : 1, skipped: 0, failures };
    return { passed: Number(m[1]), failed: Number(m[3]) || (res.code === 0 ? 0 : 1), skipped: Number(m[5] ?? 0), failures };
  } finally {
    await server.stop();
  }
}

/** One vitest project (web unit tests, API tests or browser tests). */
function vitest(project) {
  return async () => {
    if (!fs.existsSync(path.join(ROOT, 'vitest.config.ts'))) return { passed: 0, failed: 0, skipped: 0 };
    if (project === 'browser' && !ensureWebBuild()) return { passed: 0, failed: 1, skipped: 0 };
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const report = path.join(ARTIFACTS, `vitest-${project}.json`);
    fs.rmSync(report, { force: true });
    if (project === 'web' && fs.existsSync(path.join(ROOT, 'web/svelte.config.js'))) {
      // web/tsconfig.json extends the one `svelte-kit sync` generates.
      await run(path.join(ROOT, 'node_modules/.bin/svelte-kit'), ['sync'], { cwd: path.join(ROOT, 'web') });
    }
    const res = await run(path.join(ROOT, 'node_modules/.bin/vitest'), [
      'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
    ]);
    // Vitest exits 0 when a global setup throws; its "Unhandled Error" banner is the only sign.
    const unhandled = /Unhandled (Errors?|Rejection)/.test(res.output) ? 1 : 0;
    if (/No test files found/.test(res.output)) return { passed: 0, failed: unhandled, skipped: 0 };
    if (!fs.existsSync(report)) return { passed: 0, failed: Math.max(unhandled, res.code === 0 ? 0 : 1), skipped: 0 };
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    const failed = r.numFailedTests + (r.numFailedTests === 0 && (res.code !== 0 || unhandled) ? 1 : 0);
    return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests, failures: vitestFailures(r) };
  };
}

/** Each failed test of a vitest JSON report, with the first line of why, or a file that failed as a whole. */
function vitestFailures(report) {
  const firstLine = (messages) => stripAnsi(messages?.[0] ?? '').split('\n')[0].slice(0, 200);
  const failures = [];
  for (const file of report.testResults) {
    const name = path.relative(ROOT, file.name);
    const tests = file.assertionResults.filter((t) => t.status === 'failed');
    for (const t of tests) failures.push(`${name} > ${t.fullName ?? t.title}: ${firstLine(t.failureMessages)}`);
    if (!tests.length && file.status === 'failed') failures.push(`${name}: ${firstLine([file.message])}`);
  }
  return failures;
}

const LAYERS = { pgtap, deno, scripts: vitest('scripts'), web: vitest('web'), api: vitest('api'), browser: vitest('browser') };

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !LAYERS[w]);
  if (unknown.length) {
    console.error(`unknown layer(s): ${unknown.join(', ')}; choose from ${Object.keys(LAYERS).join(', ')}`);
    process.exit(2);
  }
  const results = [];
  for (const name of wanted.length ? wanted : Object.keys(LAYERS)) {
    console.log(`\n=== ${name} ===`);
    const started = Date.now();
    let result;
    try {
      result = await LAYERS[name]();
    } catch (err) {
      console.error(`${name}: ${err.message}`);
      result = { passed: 0, failed: 1, skipped: 0 };
    }
    results.push({ name, ...result, seconds: Math.round((Date.now() - started) / 1000) });
  }
  console.log('\n=== summary ===');
  for (const r of results) {
    console.log(`${r.name.padEnd(8)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${r.seconds}s)`);
  }
  // The failures again at the very end, where a CI log's tail shows them.
  for (const r of results) for (const f of r.failures ?? []) console.log(`FAILED ${r.name}: ${f}`);
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  const skipped = sum('skipped');
  console.log(`${sum('passed')} passed, ${sum('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(sum('failed') > 0 ? 1 : 0);
}

main();
