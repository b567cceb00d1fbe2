// `api/` wraps the API's calls and knows nothing of the app's state: no
// module in it imports from `stores/` (the stores import the API, never the
// other way round; the session hands its tokens over with `useTokens`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const API_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Every module specifier a source file imports or re-exports, statically or dynamically. */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]);
  return found;
}

/** Does `specifier`, imported from `file`, lead into web/src/lib/stores? */
function reachesStores(file: string, specifier: string): boolean {
  if (specifier === '$lib/stores' || specifier.startsWith('$lib/stores/')) return true;
  if (!specifier.startsWith('.')) return false;
  const target = path.resolve(path.dirname(file), specifier);
  const stores = path.resolve(API_DIR, '..', 'stores');
  return target === stores || target.startsWith(stores + path.sep);
}

describe('the api folder', () => {
  it('imports nothing from stores/', () => {
    const offending: string[] = [];
    for (const name of fs.readdirSync(API_DIR)) {
      if (!/\.(ts|js|svelte)$/.test(name) || name.endsWith('.test.ts')) continue;
      const file = path.join(API_DIR, name);
      for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
        if (reachesStores(file, specifier)) offending.push(`${name} imports ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('finds every form of import', () => {
    const source = [
      "import { a } from '$lib/stores/session.svelte';",
      "import type { B } from '../stores/uploads.svelte';",
      "export { c } from './client';",
      "import '$lib/stores/side-effect';",
      "const d = await import('$lib/stores/lazy');",
      'import {\n  e,\n  f,\n} from "../stores/multi-line";',
    ].join('\n');
    expect(importsOf(source)).toEqual(
      expect.arrayContaining([
        '$lib/stores/session.svelte',
        '../stores/uploads.svelte',
        './client',
        '$lib/stores/side-effect',
        '$lib/stores/lazy',
        '../stores/multi-line',
      ]),
    );
    expect(reachesStores(path.join(API_DIR, 'x.ts'), '../stores/uploads.svelte')).toBe(true);
    expect(reachesStores(path.join(API_DIR, 'x.ts'), './errors')).toBe(false);
  });
});
