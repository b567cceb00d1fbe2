// `$env/dynamic/public` under vitest (SvelteKit provides it only in the app):
// a stack that is never called, so that modules which build the API client
// load in unit tests. Tests pass fakes to the stores instead of calling it.
export const env: Record<string, string | undefined> = {
  PUBLIC_SUPABASE_URL: 'http://127.0.0.1:9',
  PUBLIC_SUPABASE_ANON_KEY: 'unit-test-anon-key',
};
