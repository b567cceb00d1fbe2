import assert from "node:assert/strict";
import { HttpError } from "../errors.ts";
import { parseFilter, parseField, parseOrder, parseQuery, parseSelect, type SelectEmbed } from "./parse.ts";

Deno.test("select parses aliases, casts, JSON paths and nested embeds with hints", () => {
  const items = parseSelect("id,t:title::text,b:data->a->>b,author:authors!author_id!inner(name,books(id)),...x(y)");
  assert.deepEqual(items[0], { type: "field", field: { name: "id", json: [] }, alias: null, cast: null });
  assert.deepEqual(items[1], { type: "field", field: { name: "title", json: [] }, alias: "t", cast: "text" });
  assert.deepEqual(items[2], {
    type: "field",
    field: { name: "data", json: [{ op: "->", key: "a" }, { op: "->>", key: "b" }] },
    alias: "b",
    cast: null,
  });
  const embed = items[3];
  assert.ok(embed.type === "embed");
  assert.equal(embed.alias, "author");
  assert.equal(embed.hint, "author_id");
  assert.equal(embed.join, "inner");
  assert.equal(embed.select.length, 2);
  assert.ok(items[4].type === "embed" && items[4].spread);
});

Deno.test("filters parse negation, lists with quotes, quantifiers and fts configs", () => {
  const f = (s: string) => parseFilter({ name: "c", json: [] }, s);
  assert.deepEqual(f('in.(1,"a,b",c)').value, ["1", "a,b", "c"]);
  assert.equal(f("not.eq.5").negate, true);
  assert.deepEqual(f("like(any).{a*,b*}").value, ["a*", "b*"]);
  assert.equal(f("fts(english).fox").config, "english");
  assert.throws(() => f("nope.1"), HttpError);
  assert.throws(() => f("is.maybe"), HttpError);
});

Deno.test("or/and trees nest and embedded paths are kept apart", () => {
  const parts = parseQuery(new URLSearchParams("or=(a.eq.1,and(b.gt.2,c.not.is.null))&books.title=eq.x&books.order=id.desc&limit=5"));
  const root = parts.conditions.get("")!;
  assert.equal(root[0].type, "logic");
  assert.equal(parts.conditions.get("books")!.length, 1);
  assert.deepEqual(parts.order.get("books"), [{ relation: null, field: { name: "id", json: [] }, dir: "desc", nulls: null }]);
  assert.equal(parts.limit.get(""), 5);
});

Deno.test("order accepts direction and nulls placement only", () => {
  assert.deepEqual(parseOrder("a.desc.nullslast"), [{ relation: null, field: { name: "a", json: [] }, dir: "desc", nulls: "last" }]);
  assert.throws(() => parseOrder("a.sideways"), HttpError);
});

Deno.test("order names a column of an embedded resource as relation(column)", () => {
  assert.deepEqual(parseOrder("author(name).desc,id"), [
    { relation: "author", field: { name: "name", json: [] }, dir: "desc", nulls: null },
    { relation: null, field: { name: "id", json: [] }, dir: null, nulls: null },
  ]);
});

Deno.test("fields refuse empty names", () => {
  assert.throws(() => parseField(""), HttpError);
  assert.throws(() => parseQuery(new URLSearchParams("limit=-1")), HttpError);
});

Deno.test("select parses aggregates: count(), col.fn(), with aliases and both casts", () => {
  const items = parseSelect("count(),n:id.sum()::text,price::numeric.avg(),...rel(x.max())");
  assert.deepEqual(items[0], { type: "field", field: { name: "*", json: [] }, alias: null, cast: null, aggregate: "count", countAll: true, aggregateCast: null });
  assert.deepEqual(items[1], { type: "field", field: { name: "id", json: [] }, alias: "n", cast: null, aggregate: "sum", aggregateCast: "text" });
  assert.deepEqual(items[2], { type: "field", field: { name: "price", json: [] }, alias: null, cast: "numeric", aggregate: "avg", aggregateCast: null });
  const spread = items[3] as SelectEmbed;
  assert.equal(spread.spread, true);
  assert.equal((spread.select[0] as { aggregate: string }).aggregate, "max");
});
