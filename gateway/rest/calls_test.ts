/**
 * RPC beyond the basics, as PostgREST 14 does it: max-affected on set-returning calls.
 */
import assert from "node:assert/strict";
import { call, dbTest, json, testHandler } from "../testing/support.ts";
import type { RestHandler } from "./handler.ts";

let shared: RestHandler | null = null;
async function gw(): Promise<RestHandler> {
  shared ??= await testHandler({ PGRST_DB_TX_END: "commit-allow-override" });
  return shared;
}
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

Deno.test({ name: "rpc: handling=strict with max-affected undoes a call that returned more rows (PGRST124)", ...dbTest }, async () => {
  const h = await gw();
  const refused = await json(await call(h, "/rpc/gw_retitle", post({ status_is: "draft", new_title: "x" }, { prefer: "handling=strict, max-affected=1" })));
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, { code: "PGRST124", message: "Query result exceeds max-affected preference constraint", details: "The query affects 2 rows", hint: null });
  const titles = await json(await call(h, "/gw_notes?select=title&status=eq.draft&order=id"));
  assert.deepEqual(titles.body, [{ title: "n2" }, { title: "n3" }]);
  const allowed = await call(h, "/rpc/gw_retitle?select=id", post({ status_is: "draft", new_title: "x" }, { prefer: "handling=strict, max-affected=2, tx=rollback" }));
  assert.equal(allowed.status, 200);
  assert.deepEqual(await allowed.json(), [{ id: 2 }, { id: 3 }]);
  // A function returning one value has nothing to count: PostgREST refuses the preference.
  const single = await json(await call(h, "/rpc/gw_add", post({ a: 1 }, { prefer: "handling=strict, max-affected=1" })));
  assert.equal(single.status, 400);
  assert.equal((single.body as { code: string }).code, "PGRST128");
});

Deno.test({ name: "rpc overloads as PostgREST resolves them: callable unnamed parameters, ambiguity, functions over rows", ...dbTest }, async () => {
  const h = await gw();
  // gw_over(int) has an unnamed int parameter, which PostgREST does not expose: only gw_over(text) is called.
  assert.deepEqual(await json(await call(h, "/rpc/gw_over", post({ "": "a" }))), { status: 200, body: "text:a" });
  assert.deepEqual(await json(await call(h, "/rpc/gw_opt", post({ "": "b" }))), { status: 200, body: "one:b" });
  assert.deepEqual(await json(await call(h, "/rpc/gw_opt", post({}))), {
    status: 300,
    body: {
      code: "PGRST203",
      message: "Could not choose the best candidate function between: api.gw_opt(), api.gw_opt( => text)",
      details: null,
      hint: "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
    },
  });
  // A function over a row is a computed field, not an endpoint.
  assert.deepEqual(await json(await call(h, "/rpc/gw_shout", post({}))), {
    status: 404,
    body: {
      code: "PGRST202",
      message: "Could not find the function api.gw_shout without parameters in the schema cache",
      details: "Searched for the function api.gw_shout without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
      hint: null,
    },
  });
});
