import assert from "node:assert/strict";
import { adminSql, call, dbTest, json, testHandler, token } from "../testing/support.ts";
import type { RestHandler } from "./handler.ts";

let shared: RestHandler | null = null;
async function gw(): Promise<RestHandler> {
  // Some tests undo their writes with `Prefer: tx=rollback`, which only this mode honours
  // (as upstream's PostgREST test suite runs); the default is tested in transactions_test.ts.
  shared ??= await testHandler({ PGRST_DB_TX_END: "commit-allow-override" });
  return shared;
}
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

Deno.test({ name: "reads columns, aliases, casts and JSON paths with order and limit", ...dbTest }, async () => {
  const h = await gw();
  const r = await json(await call(h, "/gw_books?select=id,name:title,b:data->a->>b,n:id::text&order=id.desc&limit=2"));
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, [{ id: 3, name: "B1", b: null, n: "3" }, { id: 2, name: "A2", b: "2", n: "2" }]);
});

Deno.test({ name: "filters: operators, not, in, is, or/and trees, arrays and full-text", ...dbTest }, async () => {
  const h = await gw();
  const ids = async (q: string) => ((await json(await call(h, `/gw_books?select=id&order=id&${q}`))).body as { id: number }[]).map((r) => r.id);
  assert.deepEqual(await ids("id=gt.1"), [2, 3]);
  assert.deepEqual(await ids("id=not.eq.2"), [1, 3]);
  assert.deepEqual(await ids("id=in.(1,3)"), [1, 3]);
  assert.deepEqual(await ids("published=is.null"), [3]);
  assert.deepEqual(await ids("title=like.A*"), [1, 2]);
  assert.deepEqual(await ids("title=ilike.a*"), [1, 2]);
  assert.deepEqual(await ids("title=match.^B"), [3]);
  assert.deepEqual(await ids("tags=cs.{y}"), [1, 2]);
  assert.deepEqual(await ids("tags=ov.{x,z}"), [1]);
  assert.deepEqual(await ids("data->a->>b=eq.2"), [2]);
  assert.deepEqual(await ids("or=(id.eq.1,and(author_id.eq.2,title.like.B*))"), [1, 3]);
  assert.deepEqual(await ids("body=fts(english).fox"), [1]);
  assert.deepEqual(await ids("body=wfts.lazy dogs"), [2]);
  assert.deepEqual(await ids("published=isdistinct.2020-01-01"), [2, 3]);
  assert.deepEqual(await ids("title=like(any).{A1,B*}"), [1, 3]);
});

Deno.test({ name: "embeds many-to-one, one-to-many and many-to-many through views, with !inner and nested filters", ...dbTest }, async () => {
  const h = await gw();
  let r = await json(await call(h, "/gw_books?select=title,author:gw_authors(name)&id=eq.1"));
  assert.deepEqual(r.body, [{ title: "A1", author: { name: "Ann" } }]);
  r = await json(await call(h, "/gw_authors?select=name,gw_books(title)&gw_books.order=title.desc&gw_books.limit=1&id=lt.3&order=id"));
  assert.deepEqual(r.body, [{ name: "Ann", gw_books: [{ title: "A2" }] }, { name: "Bob", gw_books: [{ title: "B1" }] }]);
  r = await json(await call(h, "/gw_books?select=title,gw_labels!inner(name)&gw_labels.name=eq.red"));
  assert.deepEqual(r.body, [{ title: "A1", gw_labels: [{ name: "red" }] }]);
  r = await json(await call(h, "/gw_books?select=title,gw_labels(name)&id=eq.2"));
  assert.deepEqual(r.body, [{ title: "A2", gw_labels: [] }]);
  r = await json(await call(h, "/gw_books?select=title,...gw_authors(author:name)&id=eq.3"));
  assert.deepEqual(r.body, [{ title: "B1", author: "Bob" }]);
  r = await json(await call(h, "/gw_books?select=title,nope(*)"));
  assert.equal(r.status, 400);
  assert.equal((r.body as { code: string }).code, "PGRST200");
});

Deno.test({ name: "counts, Content-Range, the Range header and HEAD", ...dbTest }, async () => {
  const h = await gw();
  let res = await call(h, "/gw_books?select=id&order=id&offset=1&limit=1", { headers: { prefer: "count=exact" } });
  assert.equal(res.status, 206);
  assert.equal(res.headers.get("content-range"), "1-1/3");
  assert.deepEqual(await res.json(), [{ id: 2 }]);
  res = await call(h, "/gw_books?select=id&order=id", { headers: { range: "0-1" } });
  assert.equal(res.headers.get("content-range"), "0-1/*");
  assert.equal((await res.json()).length, 2);
  res = await call(h, "/gw_books", { method: "HEAD", headers: { prefer: "count=exact" } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-range"), "0-2/3");
  assert.equal(await res.text(), "");
});

Deno.test({ name: "a singular object needs exactly one row (406 otherwise); CSV on request", ...dbTest }, async () => {
  const h = await gw();
  const object = { accept: "application/vnd.pgrst.object+json" };
  let r = await json(await call(h, "/gw_books?select=title&id=eq.1", { headers: object }));
  assert.deepEqual(r, { status: 200, body: { title: "A1" } });
  r = await json(await call(h, "/gw_books?select=title", { headers: object }));
  assert.equal(r.status, 406);
  assert.deepEqual(r.body, {
    code: "PGRST116",
    details: "The result contains 3 rows",
    hint: null,
    message: "Cannot coerce the result to a single JSON object",
  });
  const csv = await call(h, "/gw_books?select=id,title&order=id&limit=2", { headers: { accept: "text/csv" } });
  assert.equal(await csv.text(), "id,title\n1,A1\n2,A2");
});

Deno.test({ name: "insert, upsert, update and delete with return preferences", ...dbTest }, async () => {
  const h = await gw();
  const rep = { prefer: "return=representation" };
  let res = await call(h, "/gw_authors?select=name", post([{ name: "W1" }, { name: "W2" }], rep));
  assert.equal(res.status, 201);
  assert.deepEqual(await res.json(), [{ name: "W1" }, { name: "W2" }]);
  res = await call(h, "/gw_authors", post({ name: "W3" }));
  assert.equal(res.status, 201);
  assert.equal(await res.text(), "");
  res = await call(h, "/gw_authors", post({ name: "W4" }, { prefer: "return=headers-only" }));
  assert.match(res.headers.get("location") ?? "", /^\/gw_authors\?id=eq\.\d+$/);
  res = await call(h, "/gw_authors?on_conflict=name&select=name", post({ name: "W1" }, { prefer: "resolution=merge-duplicates,return=representation" }));
  assert.deepEqual(await res.json(), [{ name: "W1" }]);
  res = await call(h, "/gw_authors?on_conflict=name", post({ name: "W1" }, { prefer: "resolution=ignore-duplicates,return=representation" }));
  assert.deepEqual(await res.json(), []);
  res = await call(h, "/gw_authors?name=eq.W2&select=name", { method: "PATCH", body: '{"name":"W2b"}', headers: { ...rep, "content-type": "application/json" } });
  assert.deepEqual(await res.json(), [{ name: "W2b" }]);
  res = await call(h, "/gw_authors?name=like.W*", { method: "DELETE" });
  assert.equal(res.status, 204);
  const left = await json(await call(h, "/gw_authors?name=like.W*"));
  assert.deepEqual(left.body, []);
});

Deno.test({ name: "write errors: unique 409, unknown column PGRST204, mismatched keys, singular write rolled back", ...dbTest }, async () => {
  const h = await gw();
  let r = await json(await call(h, "/gw_authors", post({ name: "Ann" })));
  assert.equal(r.status, 409);
  assert.equal((r.body as { code: string }).code, "23505");
  r = await json(await call(h, "/gw_authors", post({ nom: "x" })));
  assert.equal(r.status, 400);
  assert.equal((r.body as { code: string }).code, "PGRST204");
  r = await json(await call(h, "/gw_authors", post([{ name: "x" }, { id: 9 }])));
  assert.equal((r.body as { message: string }).message, "All object keys must match");
  r = await json(await call(h, "/gw_authors", post("{not json")));
  assert.equal((r.body as { code: string }).code, "PGRST102");
  r = await json(await call(h, "/gw_books?id=lt.3", {
    method: "PATCH",
    body: '{"title":"Same"}',
    headers: { accept: "application/vnd.pgrst.object+json", prefer: "return=representation", "content-type": "application/json" },
  }));
  assert.equal(r.status, 406);
  r = await json(await call(h, "/gw_books?id=eq.1&select=title"));
  assert.deepEqual(r.body, [{ title: "A1" }]);
});

Deno.test({ name: "rpc: scalar, set with select and order, void, OUT params, raw json body, GET args", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual(await json(await call(h, "/rpc/gw_add", post({ a: 2, b: 3 }))), { status: 200, body: 5 });
  assert.deepEqual(await json(await call(h, "/rpc/gw_add?a=2")), { status: 200, body: 3 });
  const set = await json(await call(h, "/rpc/gw_books_by?select=title&order=title.desc", post({ author: "Ann" })));
  assert.deepEqual(set.body, [{ title: "A2" }, { title: "A1" }]);
  const voidRes = await call(h, "/rpc/gw_void", post({}));
  assert.equal(voidRes.status, 204);
  assert.deepEqual((await json(await call(h, "/rpc/gw_pair", post({})))).body, { x: 1, y: "one" });
  assert.deepEqual((await json(await call(h, "/rpc/gw_echo", post({ any: [1, "two"] })))).body, { any: [1, "two"] });
  const volatileGet = await call(h, "/rpc/gw_void");
  assert.equal(volatileGet.status, 405);
});

Deno.test({ name: "rpc errors: unknown function or argument 404 PGRST202, raised errors pass through", ...dbTest }, async () => {
  const h = await gw();
  let r = await json(await call(h, "/rpc/gw_nope", post({})));
  assert.equal(r.status, 404);
  assert.equal((r.body as { code: string }).code, "PGRST202");
  r = await json(await call(h, "/rpc/gw_add", post({ x: 1 })));
  assert.equal(r.status, 404);
  assert.match((r.body as { message: string }).message, /gw_add\(x\)/);
  r = await json(await call(h, "/rpc/gw_fail", post({})));
  assert.deepEqual(r, { status: 400, body: { code: "P0001", details: "the detail", hint: "the hint", message: "nope" } });
  r = await json(await call(h, "/rpc/gw_teapot", post({})));
  assert.equal(r.status, 418);
  assert.equal((r.body as { message: string }).message, "short and stout");
  r = await json(await call(h, "/rpc/gw_add", post({ a: "not a number" })));
  assert.equal(r.status, 400);
  assert.equal((r.body as { code: string }).code, "22P02");
});

Deno.test({ name: "the request runs as the JWT's role with PostgREST's settings and the role's timeout", ...dbTest }, async () => {
  // The accounts' pre-request wants a live session; this test's own pre-request (env wins) does not.
  const h = await testHandler({ PGRST_DB_PRE_REQUEST: "api.gw_pre_request" });
  const t = await token({ role: "authenticated", sub: "u-1" });
  const r = await json(await call(h, "/rpc/gw_whoami", {
    headers: { authorization: `Bearer ${t}`, "x-client-ip": "10.0.0.9", cookie: "c=yum" },
  }));
  assert.deepEqual(r.body, { role: "authenticated", sub: "u-1", method: "GET", path: "/rpc/gw_whoami", ip: "10.0.0.9", cookie: "yum", timeout: "8s" });
  const anon = await json(await call(h, "/rpc/gw_whoami"));
  assert.equal((anon.body as { role: string; timeout: string }).role, "anon");
  assert.equal((anon.body as { timeout: string }).timeout, "3s");
  await h.close();
});

Deno.test({ name: "auth errors: bad token 401 with WWW-Authenticate, a role the authenticator cannot use 401", ...dbTest }, async () => {
  const h = await gw();
  let res = await call(h, "/gw_books", { headers: { authorization: "Bearer a.b.c" } });
  assert.equal(res.status, 401);
  assert.match(res.headers.get("www-authenticate") ?? "", /invalid_token/);
  res = await call(h, "/gw_books", { headers: { authorization: `Bearer ${await token({ role: "postgres" })}` } });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).code, "PGRST301");
});

Deno.test({ name: "SQL sets the response status and headers", ...dbTest }, async () => {
  const h = await gw();
  const res = await call(h, "/rpc/gw_created", post({}));
  assert.equal(res.status, 202);
  assert.equal(res.headers.get("x-made-by"), "sql");
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(await res.json(), 1);
});

Deno.test({ name: "a statement over the role's timeout is cancelled: 500 with 57014, as PostgREST", ...dbTest }, async () => {
  const h = await gw();
  const r = await json(await call(h, "/rpc/gw_sleep", post({ seconds: 4 })));
  assert.equal(r.status, 500);
  assert.equal((r.body as { code: string }).code, "57014");
});

Deno.test({ name: "GET runs read-only: a writing function called by GET gets 405 25006", ...dbTest }, async () => {
  const h = await gw();
  const sql = adminSql();
  try {
    await sql.unsafe(`create or replace function api.gw_sneaky() returns int language sql stable
      as $$ select nextval('gw_app.gw_labels_id_seq')::int $$`);
    await sql.unsafe(`grant execute on function api.gw_sneaky to anon; notify pgrst, 'reload schema'`);
    await h.reload();
    const r = await json(await call(h, "/rpc/gw_sneaky"));
    assert.equal(r.status, 405);
    assert.equal((r.body as { code: string }).code, "25006");
  } finally {
    await sql.end();
  }
});

Deno.test({ name: "reads of tables and views run on the generic plan; RPCs and a role's own plan_cache_mode keep theirs", ...dbTest }, async () => {
  const h = await gw();
  const sql = adminSql();
  try {
    await sql.unsafe(`create or replace view api.gw_plan_mode as select current_setting('plan_cache_mode') as mode`);
    await sql.unsafe(`create or replace function api.gw_plan_mode_fn() returns text language sql stable
      as $$ select current_setting('plan_cache_mode') $$`);
    await sql.unsafe(`grant select on api.gw_plan_mode to anon; grant execute on function api.gw_plan_mode_fn to anon`);
    await h.reload();
    assert.deepEqual((await json(await call(h, "/gw_plan_mode"))).body, [{ mode: "force_generic_plan" }]);
    assert.equal((await json(await call(h, "/rpc/gw_plan_mode_fn"))).body, "auto");
    await sql.unsafe(`alter role anon set plan_cache_mode = 'force_custom_plan'`);
    await h.reload();
    assert.deepEqual((await json(await call(h, "/gw_plan_mode"))).body, [{ mode: "force_custom_plan" }]);
  } finally {
    await sql.unsafe(`alter role anon reset plan_cache_mode`);
    await sql.unsafe(`drop view if exists api.gw_plan_mode; drop function if exists api.gw_plan_mode_fn()`);
    await h.reload();
    await sql.end();
  }
});

Deno.test({ name: "body limit 413, unknown table 404, bad path 404, CORS preflight", ...dbTest }, async () => {
  const h = await testHandler({ GATEWAY_MAX_BODY_BYTES: "100" });
  try {
    let r = await json(await call(h, "/gw_authors", post({ name: "x".repeat(200) })));
    assert.equal(r.status, 413);
    assert.equal((r.body as { code: string }).code, "PGRST413");
    r = await json(await call(h, "/gw_nope"));
    assert.equal(r.status, 404);
    assert.equal((r.body as { code: string }).code, "PGRST205");
    r = await json(await call(h, "/a/b/c"));
    assert.equal(r.status, 404);
    const pre = await call(h, "/gw_books", {
      method: "OPTIONS",
      headers: { origin: "http://web.test", "access-control-request-method": "POST" },
    });
    assert.equal(pre.status, 200);
    assert.equal(pre.headers.get("access-control-allow-origin"), "http://web.test");
    const other = await call(h, "/gw_books", { headers: { origin: "http://evil.test" } });
    assert.equal(other.headers.get("access-control-allow-origin"), null);
  } finally {
    await h.close();
  }
});

Deno.test({ name: "in-database configuration: pgrst.db_pre_request and db_max_rows of the authenticator role", ...dbTest }, async () => {
  const sql = adminSql();
  const db = (await sql`select current_database() as d`)[0].d;
  try {
    await sql.unsafe(`alter role authenticator in database "${db}" set pgrst.db_pre_request = 'api.gw_pre_request'`);
    await sql.unsafe(`alter role authenticator in database "${db}" set pgrst.db_max_rows = '2'`);
    const h = await testHandler();
    try {
      const blocked = await json(await call(h, "/gw_books", { headers: { "x-block": "yes" } }));
      assert.equal(blocked.status, 401);
      assert.equal((blocked.body as { message: string }).message, "blocked by pre-request");
      const page = await json(await call(h, "/gw_books?select=id"));
      assert.equal((page.body as unknown[]).length, 2);
    } finally {
      await h.close();
    }
    const overridden = await testHandler({ PGRST_DB_MAX_ROWS: "1" });
    try {
      assert.equal(((await json(await call(overridden, "/gw_books?select=id"))).body as unknown[]).length, 1);
    } finally {
      await overridden.close();
    }
  } finally {
    await sql.unsafe(`alter role authenticator in database "${db}" reset pgrst.db_pre_request`);
    await sql.unsafe(`alter role authenticator in database "${db}" reset pgrst.db_max_rows`);
    await sql.end();
  }
});

Deno.test({ name: "NOTIFY pgrst 'reload schema' picks up a new table", ...dbTest }, async () => {
  const h = await gw();
  const sql = adminSql();
  try {
    await sql.unsafe(`drop view if exists api.gw_late; create view api.gw_late as select 1 as one;
      grant select on api.gw_late to anon`);
    await sql.unsafe(`notify pgrst, 'reload schema'`);
    let r = { status: 0, body: null as unknown };
    for (let i = 0; i < 50 && r.status !== 200; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      r = await json(await call(h, "/gw_late"));
    }
    assert.deepEqual(r, { status: 200, body: [{ one: 1 }] });
  } finally {
    await sql.end();
  }
});

Deno.test({ name: "GET / describes the schema as OpenAPI 2.0 with comments", ...dbTest }, async () => {
  const h = await gw();
  const res = await call(h, "/");
  assert.match(res.headers.get("content-type") ?? "", /openapi\+json/);
  const doc = await res.json();
  assert.equal(doc.swagger, "2.0");
  assert.equal(doc.definitions.gw_books.description, "Books, for the gateway tests.");
  assert.equal(doc.definitions.gw_books.properties.title.description, "The title as printed.");
  assert.ok(doc.paths["/gw_books"].get);
  assert.ok(doc.paths["/rpc/gw_add"].post);
});

Deno.test({ name: "close the shared handler", ...dbTest }, async () => {
  await shared?.close();
});

Deno.test({ name: "the server's client address replaces a client-supplied x-client-ip", ...dbTest }, async () => {
  const h = await testHandler({ PGRST_DB_PRE_REQUEST: "api.gw_pre_request" });
  const url = new URL("http://gateway.test/rest/v1/rpc/gw_whoami");
  const res = await h(new Request(url, { headers: { "x-client-ip": "6.6.6.6" } }), "/rpc/gw_whoami", { url, clientIp: "10.1.2.3" });
  assert.equal((await res.json()).ip, "10.1.2.3");
  await h.close();
});

Deno.test({ name: "a planned read is reused only for the same query, Range and count preference", ...dbTest }, async () => {
  const h = await gw();
  const ids = async (init: RequestInit = {}) => {
    const res = await call(h, "/gw_books?select=id&order=id", init);
    return { ids: ((await res.json()) as { id: number }[]).map((r) => r.id), range: res.headers.get("content-range") };
  };
  assert.deepEqual(await ids(), { ids: [1, 2, 3], range: "0-2/*" });
  assert.deepEqual(await ids({ headers: { range: "1-1" } }), { ids: [2], range: "1-1/*" });
  assert.deepEqual(await ids({ headers: { prefer: "count=exact" } }), { ids: [1, 2, 3], range: "0-2/3" });
  assert.deepEqual(await ids(), { ids: [1, 2, 3], range: "0-2/*" });
});

Deno.test({ name: "order by a column of an embedded to-one resource; a to-many or absent one is refused", ...dbTest }, async () => {
  const h = await gw();
  const r = await json(await call(h, "/gw_books?select=id,writer:gw_authors(name)&order=writer(name).desc,id"));
  assert.equal(r.status, 200);
  assert.deepEqual((r.body as { id: number }[]).map((b) => b.id), [3, 1, 2]);
  const toMany = await json(await call(h, "/gw_authors?select=id,gw_books(id)&order=gw_books(id)"));
  assert.equal(toMany.status, 400);
  assert.equal((toMany.body as { code: string }).code, "PGRST118");
  const absent = await json(await call(h, "/gw_books?select=id&order=gw_authors(name)"));
  assert.equal(absent.status, 400);
  assert.equal((absent.body as { code: string }).code, "PGRST108");
});

Deno.test({ name: "count=planned gives the planner's estimate; estimated is exact up to db-max-rows", ...dbTest }, async () => {
  const h = await testHandler({ PGRST_DB_MAX_ROWS: "2" });
  const sql = adminSql();
  try {
    const [row] = await sql.unsafe(`explain (format json) select 1 from api.gw_notes`);
    const plan = row["QUERY PLAN"];
    const estimate = Math.round((typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan["Plan Rows"]);
    const planned = await call(h, "/gw_notes?select=id", { headers: { prefer: "count=planned" } });
    await planned.body?.cancel();
    assert.equal(planned.headers.get("content-range"), `0-1/${estimate}`);
    // 1 row matches: below db-max-rows the estimated count is the exact one.
    const small = await call(h, "/gw_notes?select=id&id=eq.1", { headers: { prefer: "count=estimated" } });
    await small.body?.cancel();
    assert.equal(small.headers.get("content-range"), "0-0/1");
    // 3 rows match, more than db-max-rows: the estimate (never below what was counted) takes over.
    const big = await call(h, "/gw_notes?select=id", { headers: { prefer: "count=estimated" } });
    await big.body?.cancel();
    assert.equal(big.headers.get("content-range"), `0-1/${Math.max(estimate, 3)}`);
  } finally {
    await sql.end();
    await h.close();
  }
});

Deno.test({ name: "missing=default fills the keys an object lacks with the column default", ...dbTest }, async () => {
  const h = await gw();
  const body = [{ id: 10, title: "a" }, { id: 11, title: "b", status: "done" }];
  const headers = { prefer: "return=representation, missing=default, tx=rollback" };
  const res = await call(h, "/gw_notes?columns=id,title,status&select=id,status", post(body, headers));
  assert.equal(res.status, 201);
  assert.match(res.headers.get("preference-applied") ?? "", /missing=default/);
  assert.deepEqual(await res.json(), [{ id: 10, status: "draft" }, { id: 11, status: "done" }]);
  // Without it a missing key is null, which the NOT NULL column refuses.
  const strict = await json(await call(h, "/gw_notes?columns=id,title,status", post(body, { prefer: "tx=rollback" })));
  assert.equal(strict.status, 400);
  assert.equal((strict.body as { code: string }).code, "23502");
});

Deno.test({ name: "PUT inserts or replaces the one row its primary key names", ...dbTest }, async () => {
  const h = await gw();
  const put = (path: string, body: unknown) =>
    call(h, path, { method: "PUT", headers: { "content-type": "application/json", prefer: "return=representation" }, body: JSON.stringify(body) });
  try {
    let r = await json(await put("/gw_notes?id=eq.20", { id: 20, title: "new" }));
    assert.deepEqual(r, { status: 200, body: [{ id: 20, title: "new", status: "draft", author_id: null }] });
    r = await json(await put("/gw_notes?id=eq.20", { id: 20, title: "changed", status: "done", author_id: 1 }));
    assert.deepEqual(r, { status: 200, body: [{ id: 20, title: "changed", status: "done", author_id: 1 }] });
    r = await json(await put("/gw_notes?id=eq.20", { id: 21, title: "x" }));
    assert.equal(r.status, 400);
    assert.equal((r.body as { code: string }).code, "PGRST115");
    for (const path of ["/gw_notes", "/gw_notes?id=gt.20", "/gw_notes?id=eq.20&title=eq.x", "/gw_notes?id=eq.20&limit=1"]) {
      r = await json(await put(path, { id: 20, title: "x" }));
      assert.equal(r.status, 405, path);
      assert.equal((r.body as { code: string }).code, "PGRST105");
    }
    const minimal = await call(h, "/gw_notes?id=eq.20", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: 20, title: "again" }) });
    assert.equal(minimal.status, 204);
  } finally {
    await call(h, "/gw_notes?id=eq.20", { method: "DELETE" });
  }
});

Deno.test({ name: "handling=strict with max-affected undoes a write touching more rows (PGRST124)", ...dbTest }, async () => {
  const h = await gw();
  const patch = (prefer: string) =>
    call(h, "/gw_notes?status=eq.draft", { method: "PATCH", headers: { "content-type": "application/json", prefer }, body: JSON.stringify({ title: "t" }) });
  const refused = await json(await patch("handling=strict, max-affected=1"));
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, { code: "PGRST124", message: "Query result exceeds max-affected preference constraint", details: "The query affects 2 rows", hint: null });
  const titles = await json(await call(h, "/gw_notes?select=title&id=in.(2,3)&order=id"));
  assert.deepEqual(titles.body, [{ title: "n2" }, { title: "n3" }]);
  // Lenient (the default) ignores it; strict within the limit applies it.
  const lenient = await patch("max-affected=1, tx=rollback");
  assert.equal(lenient.status, 204);
  const allowed = await patch("handling=strict, max-affected=2, tx=rollback");
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get("preference-applied"), "tx=rollback, handling=strict, max-affected=2");
});
