/**
 * PostgREST's answers beyond the rows: counts on writes, upsert statuses, CSV as Postgres
 * prints records, `nulls=stripped`, and EXPLAIN behind db-plan-enabled.
 */
import assert from "node:assert/strict";
import { call, dbTest, json, testHandler } from "../testing/support.ts";
import type { RestHandler } from "./handler.ts";

let plain: RestHandler | null = null;
let planning: RestHandler | null = null;
const gw = async () => (plain ??= await testHandler({ PGRST_DB_TX_END: "commit-allow-override" }));
const planner = async () => (planning ??= await testHandler({ PGRST_DB_PLAN_ENABLED: "true" }));
const write = (method: string, body: unknown, prefer: string) => ({
  method,
  headers: { "content-type": "application/json", prefer },
  body: JSON.stringify(body),
});

Deno.test({ name: "count=exact on writes counts the changed rows; an upsert that only updated answers 200", ...dbTest }, async () => {
  const h = await gw();
  let res = await call(h, "/gw_labels", write("POST", [{ name: "c1" }, { name: "c2" }], "count=exact, tx=rollback"));
  assert.equal(res.status, 201);
  assert.equal(res.headers.get("content-range"), "*/2");
  await res.body?.cancel();
  res = await call(h, "/gw_notes?status=eq.draft", write("PATCH", { title: "t" }, "count=exact, tx=rollback"));
  assert.equal(res.headers.get("content-range"), "0-1/2");
  await res.body?.cancel();
  const upsert = (rows: unknown) => call(h, "/gw_labels", write("POST", rows, "resolution=merge-duplicates, return=representation, tx=rollback"));
  res = await upsert([{ id: 1, name: "red" }]);
  assert.equal(res.status, 200);
  await res.body?.cancel();
  res = await upsert([{ id: 1, name: "red" }, { id: 99, name: "new" }]);
  assert.equal(res.status, 201);
  await res.body?.cancel();
});

Deno.test({ name: "CSV quotes as Postgres quotes a record; nulls=stripped leaves null fields out", ...dbTest }, async () => {
  const h = await gw();
  const csv = await call(h, "/gw_books?select=id,title,body,data&id=in.(1,3)&order=id", { headers: { accept: "text/csv" } });
  assert.equal(await csv.text(), 'id,title,body,data\n1,A1,"the quick brown fox","{""a"": {""b"": 1}}"\n3,B1,,');
  // The same read without and then with nulls=stripped: the second is not the first's cached answer.
  const kept = await json(await call(h, "/gw_books?select=id,published&id=eq.3"));
  assert.deepEqual(kept.body, [{ id: 3, published: null }]);
  const stripped = await json(await call(h, "/gw_books?select=id,published&id=eq.3", { headers: { accept: "application/vnd.pgrst.array+json;nulls=stripped" } }));
  assert.deepEqual(stripped.body, [{ id: 3 }]);
});

Deno.test({ name: "EXPLAIN through the plan media type only with db-plan-enabled", ...dbTest }, async () => {
  const accept = { accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=verbose;' };
  const off = await json(await call(await gw(), "/gw_books", { headers: accept }));
  assert.equal(off.status, 406);
  assert.equal((off.body as { code: string }).code, "PGRST107");
  const h = await planner();
  const res = await call(h, "/gw_books?id=eq.1", { headers: accept });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), 'application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8');
  const plan = await res.json() as { Plan: { "Node Type": string } }[];
  assert.equal(plan[0].Plan["Node Type"], "Aggregate");
  const text = await call(h, "/gw_books", { headers: { accept: "application/vnd.pgrst.plan+text" } });
  assert.match(await text.text(), /^Aggregate {2}\(cost=/);
});
