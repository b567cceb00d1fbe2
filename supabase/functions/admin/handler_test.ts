// The admin function's routes and refusals before any SQL runs.
import assert from "node:assert/strict";
import { handler } from "./handler.ts";

const at = (path: string, init: RequestInit = {}) => handler(new Request(`http://localhost/functions/v1/admin${path}`, init));

Deno.test("an unknown route is a 404 and a write a 405, in PostgREST's shape", async () => {
  const missing = await at("/nothing");
  assert.equal(missing.status, 404);
  assert.deepEqual(Object.keys(await missing.json()).sort(), ["code", "details", "hint", "message"]);
  const post = await at("/logs.csv", { method: "POST" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET");
  await post.body?.cancel();
});

Deno.test("without an access token the export and the system page are 401", async () => {
  for (const path of ["/logs.csv", "/system"]) {
    const res = await at(path);
    assert.equal(res.status, 401, path);
    assert.equal((await res.json()).code !== undefined, true);
  }
});

Deno.test("a preflight is answered with CORS headers that expose the file name", async () => {
  const res = await at("/logs.csv", { method: "OPTIONS" });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-expose-headers"), "content-disposition");
});
