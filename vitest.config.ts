// Vitest projects, one per test layer that runs on Node:
//   web      unit and component tests of the web client
//   scripts  the scripts' own tests (migration runner, schema reference), each on a throwaway Postgres
//   api      the real stack over HTTP, called with @supabase/supabase-js
//   browser  the web client in Debian's headless Chromium (playwright-core)
import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

const webConfig = fs.existsSync('web/vite.config.ts') ? { extends: './web/vite.config.ts' } : {};

export default defineConfig({
  test: {
    projects: [
      {
        ...webConfig,
        test: {
          name: 'web',
          root: './web',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'scripts',
          include: ['scripts/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['supabase/tests/api/**/*.test.ts'],
          globalSetup: ['scripts/vitest-stack-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // One shared stack, one file at a time: several tests check stack-wide
          // invariants (every object referenced, quotas add up) that a
          // neighbour's upload in flight would make flaky.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['web/e2e/**/*.test.ts'],
          globalSetup: ['scripts/vitest-stack-setup.ts'],
          provide: { withWeb: true },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
