// The web client's production build: rebuilt when missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './config.mjs';

const SOURCES = ['web/src', 'web/static', 'web/svelte.config.js', 'web/vite.config.ts'];

/** Newest modification time under a file or folder. */
function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((t, name) => Math.max(t, newest(path.join(p, name))), stat.mtimeMs);
}

/** Is there a web client whose build is missing or older than its sources? */
export function webBuildStale() {
  if (!fs.existsSync(path.join(ROOT, 'web/src'))) return false;
  const built = path.join(ROOT, 'web/build/index.js');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return SOURCES.some((s) => newest(path.join(ROOT, s)) > builtAt);
}

/** Builds the web client when stale; returns false if the build failed. */
export function ensureWebBuild(log = console.log) {
  if (!webBuildStale()) return true;
  log('web: building the production bundle (npm run build)...');
  // Called from vitest's global setup too: web/vite.config.ts reads VITEST to pick the plain Svelte
  // plugin for component tests, and an inherited VITEST would build that instead of the SvelteKit app.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'VITEST' && !k.startsWith('VITEST_')));
  const res = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', env });
  return res.status === 0;
}
