/**
 * What the REST API reads from a request before the database sees it: the
 * body types PostgREST accepts for each route (415 otherwise, so another
 * site's HTML form cannot call a function), bounded JSON nesting, a path
 * that must decode, and 5xx answers that never carry the database's detail.
 */
import assert from "node:assert/strict";
import { call, dbTest, json, testHandler, token } from "../testing/support.ts";
import type { RestHandler } from "./handler.ts";

let shared: RestHandler | null = null;
async function gw(): Promise<RestHandler> {
  shared ??= await testHandler();
  return shared;
}

const send = (method: string, type: string | null, body: BodyInit, headers: Record<string, string> = {}) => {
  const h = new Headers(headers);
  if (type !== null) h.set("content-type", type);
  return { method, headers: h, body };
};
/** A header no HTML form can send: a browser preflights a cross-site request that carries it. */
const apikey = { apikey: await token({ role: "anon" }) };

function errorBody(r: { body: unknown }): Record<string, unknown> {
  const body = r.body as Record<string, unknown>;
  for (const k of ["code", "message", "details", "hint"]) assert.ok(k in body, `${k} in ${JSON.stringify(body)}`);
  return body;
}

Deno.test({ name: "a text/plain body to a function taking JSON arguments is refused (415): a cross-site form cannot call it", ...dbTest }, async () => {
  const h = await gw();
  // What an HTML form with enctype="text/plain" sends: a JSON-looking body without a preflight.
  for (const type of ["text/plain", "text/plain;charset=UTF-8"]) {
    const r = await json(await call(h, "/rpc/gw_add", send("POST", type, '{"a": 2, "b": 3}')));
    assert.equal(r.status, 415, JSON.stringify(r));
    assert.equal(errorBody(r).message, "Content-Type not acceptable: text/plain");
    // Even with a header a form cannot send: text/plain is only ever a single unnamed text parameter.
    assert.equal((await call(h, "/rpc/gw_add", send("POST", type, '{"a": 2}', apikey))).status, 415);
  }
  // The same for a function that takes the whole body as JSON, and for a real login.
  assert.equal((await call(h, "/rpc/gw_echo", send("POST", "text/plain", '{"x": 1}'))).status, 415);
  const login = await json(await call(h, "/rpc/login", send("POST", "text/plain", '{"email": "a@b.c", "password": "x"}')));
  assert.equal(login.status, 415);
  for (const type of ["multipart/form-data; boundary=x", "text/html", "application/xml", "application/vnd.pgrst.object+json", "text/csv"]) {
    const r = await json(await call(h, "/rpc/gw_add", send("POST", type, "a=1", apikey)));
    assert.equal(r.status, 415, `${type}: ${JSON.stringify(r)}`);
    errorBody(r);
  }
});

Deno.test({ name: "the body types PostgREST takes for a function: JSON, form fields and raw text, xml or bytes", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual(await json(await call(h, "/rpc/gw_add", send("POST", "application/json; charset=utf-8", '{"a": 2, "b": 3}'))), { status: 200, body: 5 });
  // No Content-Type is JSON, as in PostgREST.
  assert.deepEqual(await json(await call(h, "/rpc/gw_add", { method: "POST", body: new TextEncoder().encode('{"a": 2}') })), { status: 200, body: 3 });
  // Form fields are named arguments, from a client that sends an apikey or Authorization header.
  assert.deepEqual(await json(await call(h, "/rpc/gw_add", send("POST", "application/x-www-form-urlencoded", "a=2&b=5", apikey))), { status: 200, body: 7 });
  const form = await json(await call(h, "/rpc/gw_add", send("POST", "application/x-www-form-urlencoded", "a=2&b=5")));
  assert.equal(form.status, 415, "an HTML form's own encoding, with no header a form cannot send");
  // A single unnamed parameter takes the raw body of its own type.
  assert.deepEqual(await json(await call(h, "/rpc/gw_text", send("POST", "text/plain", "héllo", apikey))), { status: 200, body: "text:héllo" });
  assert.equal((await call(h, "/rpc/gw_text", send("POST", "text/plain", "héllo"))).status, 415);
  assert.deepEqual(await json(await call(h, "/rpc/gw_xml", send("POST", "text/xml", "<a>1</a>"))), { status: 200, body: "xml:<a>1</a>" });
  const bytes = new Uint8Array([0, 255, 128, 10]);
  assert.deepEqual(await json(await call(h, "/rpc/gw_bytes", send("POST", "application/octet-stream", bytes))), { status: 200, body: "00ff800a" });
  assert.deepEqual(await json(await call(h, "/rpc/gw_echo", send("POST", "application/json", '{"x": [1]}'))), { status: 200, body: { x: [1] } });
  // JSON names an unnamed parameter "", as PostgREST reads it.
  assert.deepEqual(await json(await call(h, "/rpc/gw_text", send("POST", "application/json", '{"": "by position"}'))), { status: 200, body: "text:by position" });
  // The raw types name the function's parameter type: bytes are not text.
  assert.equal((await call(h, "/rpc/gw_text", send("POST", "application/octet-stream", bytes))).status, 415);
});

Deno.test({ name: "the body types PostgREST takes for a table: JSON, CSV and form fields; a delete reads none", ...dbTest }, async () => {
  const h = await gw();
  const rep = { prefer: "return=representation" };
  const tag = crypto.randomUUID().slice(0, 6);
  let r = await json(await call(h, "/gw_labels?select=name", send("POST", "text/csv", `name\ncsv-${tag}-1\n"csv-${tag}, two"\n`, rep)));
  assert.deepEqual(r, { status: 201, body: [{ name: `csv-${tag}-1` }, { name: `csv-${tag}, two` }] });
  r = await json(await call(h, "/gw_labels?select=name", send("POST", "application/x-www-form-urlencoded", `name=form-${tag}`, { ...rep, ...apikey })));
  assert.deepEqual(r, { status: 201, body: [{ name: `form-${tag}` }] });
  r = await json(await call(h, `/gw_labels?select=name&name=eq.form-${tag}`, send("PATCH", "text/plain", `{"name": "x-${tag}"}`, { ...rep, ...apikey })));
  assert.equal(r.status, 415);
  assert.equal(errorBody(r).message, "Content-Type not acceptable: text/plain");
  r = await json(await call(h, "/gw_labels", send("POST", "text/plain", `{"name": "plain-${tag}"}`, apikey)));
  assert.equal(r.status, 415);
  r = await json(await call(h, "/gw_labels", send("POST", "text/csv", "name,extra\nonly-one\n")));
  assert.equal(r.status, 400);
  errorBody(r);
  const gone = await call(h, `/gw_labels?name=like.*-${tag}*`, send("DELETE", "text/plain", "ignored"));
  assert.equal(gone.status, 204);
  assert.deepEqual((await json(await call(h, `/gw_labels?select=name&name=like.*-${tag}*`))).body, []);
});

Deno.test({ name: "JSON nested too deep is a 400 before it reaches the database", ...dbTest }, async () => {
  const h = await gw();
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  const post = (body: string) => send("POST", "application/json", body);
  for (const [path, body] of [
    ["/rpc/gw_echo", deep(200_000)],
    ["/rpc/gw_add", `{"a": ${deep(200_000)}}`],
    ["/rpc/gw_tagged", `{"tags": ${deep(5000)}}`],
    ["/gw_books", `{"title": "t", "data": ${"{\"a\":".repeat(5000)}1${"}".repeat(5000)}}`],
  ]) {
    const r = await json(await call(h, path, post(body)));
    assert.equal(r.status, 400, `${path}: ${JSON.stringify(r).slice(0, 300)}`);
    assert.equal(errorBody(r).code, "PGRST102");
    assert.doesNotMatch(JSON.stringify(r.body), /max_stack_depth/);
  }
  // Brackets inside strings are data, not nesting.
  const r = await json(await call(h, "/rpc/gw_echo", post(JSON.stringify({ s: deep(1000) }))));
  assert.equal(r.status, 200);
  // Moderate nesting is fine; an array too deep for text[] is still the client's mistake.
  assert.equal((await json(await call(h, "/rpc/gw_echo", post(deep(100))))).status, 200);
  const seven = await json(await call(h, "/rpc/gw_tagged", post(`{"tags": ${"[".repeat(7)}"a"${"]".repeat(7)}}`)));
  assert.equal(seven.status, 400, JSON.stringify(seven));
});

Deno.test({ name: "a path that does not percent-decode is a 400, not a 500", ...dbTest }, async () => {
  const h = await gw();
  for (const path of ["/%E0%A4%A", "/rpc/%ZZ", "/gw_books%", "/rpc/gw_add%C3"]) {
    const url = new URL(`http://gateway.test/rest/v1${path}`);
    const r = await json(await h(new Request(url), path));
    assert.equal(r.status, 400, `${path}: ${JSON.stringify(r)}`);
    errorBody(r);
  }
});

Deno.test({ name: "a 5xx never carries the database's detail or hint", ...dbTest }, async () => {
  const h = await gw();
  const r = await json(await call(h, "/rpc/gw_internal", send("POST", "application/json", "{}")));
  assert.equal(r.status, 500);
  const body = errorBody(r);
  // Only a request id, which the gateway's log holds the database's words under.
  assert.match(String(body.details), /^request id [0-9a-f-]{36}$/);
  assert.equal(body.hint, null);
  assert.doesNotMatch(JSON.stringify(body), /4242|max_stack_depth/);
  // A 4xx keeps them: they are the function's own words to the client (PostgREST passes them on).
  const fail = errorBody(await json(await call(h, "/rpc/gw_fail", send("POST", "application/json", "{}"))));
  assert.deepEqual([fail.details, fail.hint], ["the detail", "the hint"]);
});
