/**
 * Embedding as PostgREST 14 resolves it (rest/resolve.ts): one-to-one as an object,
 * self-references, computed relationships and fields, spreads, and aggregates behind
 * db-aggregates-enabled.
 */
import assert from "node:assert/strict";
import { call, dbTest, json, testHandler } from "../testing/support.ts";
import type { RestHandler } from "./handler.ts";

let plain: RestHandler | null = null;
let aggregating: RestHandler | null = null;
const gw = async () => (plain ??= await testHandler());
const agg = async () => (aggregating ??= await testHandler({ PGRST_DB_AGGREGATES_ENABLED: "true" }));
const get = async (h: RestHandler, path: string) => await json(await call(h, path));

Deno.test({ name: "a one-to-one relationship embeds an object from either side", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual((await get(h, "/gw_authors?select=name,gw_profiles(bio)&id=eq.1")).body, [{ name: "Ann", gw_profiles: { bio: "writes A" } }]);
  assert.deepEqual((await get(h, "/gw_profiles?select=bio,gw_authors(name)&author_id=eq.2")).body, [{ bio: "writes B", gw_authors: { name: "Bob" } }]);
  assert.deepEqual((await get(h, "/gw_authors?select=name,gw_profiles(bio)&id=eq.3")).body, [{ name: "Cy", gw_profiles: null }]);
});

Deno.test({ name: "a self-reference: the table's name embeds the children, the column the parent", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual((await get(h, "/gw_folders?select=name,gw_folders(name)&id=eq.1&gw_folders.order=id")).body, [
    { name: "root", gw_folders: [{ name: "docs" }, { name: "pics" }] },
  ]);
  assert.deepEqual((await get(h, "/gw_folders?select=name,parent_id(name)&id=eq.2")).body, [{ name: "docs", parent_id: { name: "root" } }]);
  const r = await get(h, "/gw_folders?select=name,gw_folders!gw_folders_parent_id_fkey(name)");
  assert.equal(r.status, 400);
  assert.equal((r.body as { code: string }).code, "PGRST200");
});

Deno.test({ name: "an embed with no columns filters but is not shown; the same key twice is refused", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual((await get(h, "/gw_books?select=title,gw_authors!inner()&gw_authors.name=eq.Bob")).body, [{ title: "B1" }]);
  const twice = await get(h, "/gw_books?select=gw_authors(name),gw_authors(id)");
  assert.equal(twice.status, 400);
  assert.equal((twice.body as { code: string }).code, "42712");
});

Deno.test({ name: "computed relationships and computed fields: functions over a row", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual((await get(h, "/gw_authors?select=name,books:gw_written(title)&id=eq.1&books.order=id")).body, [
    { name: "Ann", books: [{ title: "A1" }, { title: "A2" }] },
  ]);
  // `rows 1` makes a set-returning function to-one.
  assert.deepEqual((await get(h, "/gw_authors?select=name,first:gw_first_book(title,gw_shout)&id=eq.1")).body, [
    { name: "Ann", first: { title: "A1", gw_shout: "A1" } },
  ]);
  assert.deepEqual((await get(h, "/gw_books?select=loud:gw_shout&gw_shout=eq.B1")).body, [{ loud: "B1" }]);
  assert.deepEqual((await get(h, "/gw_books?select=id&order=gw_shout.desc&limit=1")).body, [{ id: 3 }]);
  const missing = await get(h, "/gw_books?select=nope");
  assert.deepEqual(missing, { status: 400, body: { code: "42703", message: "column gw_books.nope does not exist", details: null, hint: null } });
});

Deno.test({ name: "spreads: to-one lifts the columns, to-many lifts arrays of them", ...dbTest }, async () => {
  const h = await gw();
  assert.deepEqual((await get(h, "/gw_books?select=title,...gw_authors(author:name,...gw_profiles(bio))&id=eq.1")).body, [
    { title: "A1", author: "Ann", bio: "writes A" },
  ]);
  assert.deepEqual((await get(h, "/gw_authors?select=name,...gw_books(title)&id=eq.1&gw_books.order=id")).body, [
    { name: "Ann", title: ["A1", "A2"] },
  ]);
});

Deno.test({ name: "aggregates: refused unless db-aggregates-enabled, then grouped by the other fields", ...dbTest }, async () => {
  const off = await get(await gw(), "/gw_books?select=count()");
  assert.deepEqual(off, { status: 400, body: { code: "PGRST123", message: "Use of aggregate functions is not allowed", details: null, hint: null } });
  const h = await agg();
  assert.deepEqual((await get(h, "/gw_books?select=count()")).body, [{ count: 3 }]);
  assert.deepEqual((await get(h, "/gw_books?select=author_id,n:count(),top:id.max()&order=author_id")).body, [
    { author_id: 1, n: 2, top: 2 },
    { author_id: 2, n: 1, top: 3 },
  ]);
  assert.deepEqual((await get(h, "/gw_authors?select=name,gw_books(count)&id=eq.1")).body, [{ name: "Ann", gw_books: [{ count: 2 }] }]);
  assert.deepEqual((await get(h, "/gw_books?select=id.sum()::text")).body, [{ sum: "6" }]);
  // A to-one spread's aggregate is computed at its parent, grouped by the parent's other fields.
  const byAuthor = (await get(h, "/gw_books?select=...gw_authors(name),count()")).body as { name: string }[];
  assert.deepEqual(byAuthor.sort((a, b) => a.name.localeCompare(b.name)), [
    { name: "Ann", count: 2 },
    { name: "Bob", count: 1 },
  ]);
});
