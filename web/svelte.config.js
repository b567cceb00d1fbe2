// SvelteKit configuration: the Node adapter builds a standalone server into
// web/build, started by scripts/web-server.mjs with HOST, PORT and ORIGIN.
import { fileURLToPath } from 'node:url';
import adapterNode from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const node = adapterNode({ out: fileURLToPath(new URL('./build', import.meta.url)) });

/**
 * adapter-node reads `package.json` from the working directory to decide which
 * dependencies stay external. The project has one package.json, at the repo
 * root, so the adapter runs from there (the build itself runs in web/).
 * @type {import('@sveltejs/kit').Adapter}
 */
const adapter = {
  ...node,
  async adapt(builder) {
    const cwd = process.cwd();
    process.chdir(repoRoot);
    try {
      await node.adapt(builder);
    } finally {
      process.chdir(cwd);
    }
  },
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter,
    // Our session routes check the Origin of every state-changing request
    // themselves (JSON bodies are not covered by SvelteKit's form check).
    csrf: { trustedOrigins: [] },
    // A nonce per page for SvelteKit's own inline script; no other inline
    // script or <style>. The gateway's origin (PUBLIC_SUPABASE_URL, known only at
    // run time) and WEB_CSP_SOURCES are added to connect-src, img-src,
    // media-src and frame-src by the handle hook (src/hooks.server.ts).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        // Style attributes only: SvelteKit's own route announcer carries one in
        // its template (app.html's wrapper too). <style> elements stay refused.
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'blob:', 'data:'],
        'media-src': ['self', 'blob:'],
        'frame-src': ['self', 'blob:'],
        'connect-src': ['self'],
        'font-src': ['self'],
        'worker-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
