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
  },
};

export default config;
