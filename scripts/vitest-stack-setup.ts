// Vitest global setup for the api and browser projects: one throwaway stack
// per run, handed to the tests through `inject('stack')`.
import type { TestProject } from 'vitest/node';
import { startTestStack } from './lib/test-stack.mjs';
import { ensureWebBuild } from './lib/web-build.mjs';

export interface TestStack {
  apiUrl: string;
  webUrl: string | null;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  dbUrl: string;
  dataDir: string;
  /** The Daraja simulator's URL and the callback secret (payments tests). */
  mpesaSimulatorUrl: string | null;
  mpesaCallbackSecret: string;
  /** The superadmin the stack ensures at start (SUPERADMIN_EMAIL/PASSWORD), for the admin console's story. */
  superadmin: { email: string; password: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
    withWeb: boolean;
  }
}

export default async function setup(project: TestProject) {
  const web = project.config.provide?.withWeb === true;
  // The web client is tested against what hosted Supabase answers, which caps a response at 1000
  // rows by default ("Max rows"): the gateway does the same with PGRST_DB_MAX_ROWS.
  // The browser stack, like a deployment, makes sure of one superadmin at start (the admin
  // console's story signs in as it). Not the API stack: its tests count superadmins of their own.
  const superadmin = { email: 'root@pgdrive.test', password: 'keys to the kingdom 1' };
  const env = web
    ? { PGRST_DB_MAX_ROWS: '1000', SUPERADMIN_EMAIL: superadmin.email, SUPERADMIN_PASSWORD: superadmin.password }
    : {};
  // `npx vitest run --project browser` must not depend on someone having run `npm test` or `npm run
  // build` first: without a build the stack starts no web server, and every story would skip itself
  // silently on `stack.webUrl` being null. Build when stale, and refuse a browser stack without a web.
  if (web && !ensureWebBuild()) throw new Error('the web client failed to build (npm run build, see above)');
  // The shared stack's Postgres is not for tests to restart (and its functions do not serialise).
  const { stop, postgres: _ownOnly, ...stack } = await startTestStack({ web, env });
  if (web && !stack.webUrl) {
    await stop();
    throw new Error('the browser tests need the web server, and the stack started none (is web/build missing?)');
  }
  project.provide('stack', { ...stack, superadmin });
  return async () => {
    await stop();
  };
}
