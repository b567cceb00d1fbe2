// Vitest global setup for the api and browser projects: one throwaway stack
// per run, handed to the tests through `inject('stack')`.
import type { TestProject } from 'vitest/node';
import { startTestStack } from './lib/test-stack.mjs';

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
  const env = web ? { PGRST_DB_MAX_ROWS: '1000' } : {};
  const { stop, ...stack } = await startTestStack({ web, env });
  project.provide('stack', stack);
  return async () => {
    await stop();
  };
}
