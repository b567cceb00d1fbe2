// Vite configuration for the web client. Under vitest (run from the repo root
// through the `web` project) SvelteKit's plugin would look for its config in
// the wrong folder, so tests compile components with the plain Svelte plugin
// and map `$lib` themselves; components under test avoid `$app`, and
// `$env/dynamic/public` is a stub (web/vitest/) so the API client loads.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const testing = Boolean(process.env.VITEST);

export default defineConfig({
  plugins: testing ? [svelte({ configFile: path.join(here, 'svelte.config.js') })] : [sveltekit()],
  resolve: testing
    ? {
        alias: { $lib: path.join(here, 'src/lib'), '$env/dynamic/public': path.join(here, 'vitest/env-dynamic-public.ts') },
        conditions: ['browser'],
      }
    : undefined,
});
