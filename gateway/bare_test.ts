// The gateway as a bare PostgREST: the real server, started with only the
// settings PostgREST itself needs (database URI, schemas, anon role, JWT
// secret), serves /rest/v1, answers /functions/v1 with a JSON error instead
// of running functions it has no settings for, starts no job, and takes a
// `pgrst.*` setting changed in the database on `NOTIFY pgrst, 'reload config'`.
import assert from "node:assert/strict";
import { adminSql, authenticatorUrl, dbTest, freePort, JWT_SECRET, loadFixture, spawnGateway } from "./testing/support.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

async function get(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : JSON.parse(text) };
}

Deno.test({
  name: "the gateway started with only PostgREST's settings serves REST, refuses functions in JSON, and reloads pgrst.* on NOTIFY",
  ...dbTest,
}, async () => {
  await loadFixture();
  const sql = adminSql();
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child, output } = spawnGateway({
    // What a bare PostgREST needs, and where to listen; nothing of the functions'.
    PGRST_DB_URI: authenticatorUrl(),
    PGRST_DB_SCHEMAS: "api",
    PGRST_DB_ANON_ROLE: "anon",
    PGRST_JWT_SECRET: JWT_SECRET,
    PGRST_SERVER_PORT: String(port),
  });
  try {
    await until("REST served", async () => (await get(base, "/rest/v1/gw_authors?select=id&limit=1").catch(() => null))?.status === 200);
    const authors = await get(base, "/rest/v1/gw_authors?select=name&order=id&limit=1");
    assert.equal(authors.status, 200);
    assert.ok(Array.isArray(authors.body) && authors.body.length === 1, JSON.stringify(authors.body));

    // No functions' settings: every /functions/v1 route answers the same JSON 404, never a 500.
    for (const path of ["/functions/v1/email", "/functions/v1/files/maintenance", "/functions/v1/nope", "/functions/v1"]) {
      const res = await get(base, path, { method: "POST" });
      assert.equal(res.status, 404, path);
      assert.deepEqual(Object.keys(res.body as object).sort(), ["code", "details", "hint", "message"], path);
      assert.equal((res.body as { code: string }).code, "FUNCTIONS_NOT_CONFIGURED", path);
    }

    // pgrst.db_aggregates_enabled: off by PostgREST's default, on after the database says so and NOTIFY.
    assert.equal((await get(base, "/rest/v1/gw_books?select=count()")).status, 400);
    await sql`alter role authenticator set pgrst.db_aggregates_enabled = 'true'`;
    await sql`select pg_notify('pgrst', 'reload config')`;
    await until("the aggregate allowed", async () => (await get(base, "/rest/v1/gw_books?select=count()")).status === 200);
    const counted = await get(base, "/rest/v1/gw_books?select=count()");
    assert.equal((counted.body as { count: number }[])[0].count, Number((await sql`select count(*)::int as n from api.gw_books`)[0].n));
  } finally {
    await sql`alter role authenticator reset pgrst.db_aggregates_enabled`;
    await sql.end();
    try {
      child.kill("SIGTERM");
    } catch { /* it exited already: the status says how */ }
    const status = await child.status;
    const text = await output;
    assert.equal(status.code, 0, `the gateway exits cleanly on SIGTERM:\n${text}`);
    // One line says why the functions are off; no job ran (they would have logged failures).
    assert.equal(text.match(/edge functions and jobs off \(SUPABASE_DB_URL is unset\)/g)?.length, 1, text);
    assert.doesNotMatch(text, /jobs: |unexpected error/, text);
  }
});
