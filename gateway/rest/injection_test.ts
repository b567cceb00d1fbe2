/**
 * Safety by construction, tested from the outside: SQL injection attempts
 * through every part of the grammar must fail as 4xx JSON (or be taken as
 * plain data) and leave the database as it was; random query strings must
 * only ever produce 2xx or a 4xx JSON error.
 */
import assert from "node:assert/strict";
import { adminSql, call, dbTest, testHandler } from "../testing/support.ts";
import { ident, qualified } from "./sql.ts";

const PAYLOADS = [
  `'; drop table gw_app.gw_labels; --`,
  `"; drop table gw_app.gw_labels; --`,
  `id"); drop table gw_app.gw_labels; --`,
  `1) or (1=1`,
  `$1`,
  `id::text; select pg_sleep(1)`,
  `\\'; select 1; --`,
  `(select 1)`,
  `x' || pg_sleep(1) || '`,
  `*/ select 1 /*`,
];

/** A string body is sent as text/plain unless told otherwise: these bodies are JSON. */
const JSON_BODY = { "content-type": "application/json" };

async function labelCount(): Promise<number> {
  const sql = adminSql();
  try {
    return Number((await sql`select count(*)::int as n from gw_app.gw_labels`)[0].n);
  } finally {
    await sql.end();
  }
}

async function expectSafe(res: Response, where: string) {
  const text = await res.text();
  assert.ok(res.status < 500, `${where}: status ${res.status} ${text}`);
  if (res.status >= 400) {
    const body = JSON.parse(text);
    assert.ok(typeof body.message === "string" && "code" in body && "details" in body && "hint" in body, `${where}: ${text}`);
  }
}

/** The grammar behind PostgREST's switches is attacked too: aggregates and EXPLAIN on. */
const ALL_ON = { PGRST_DB_AGGREGATES_ENABLED: "true", PGRST_DB_PLAN_ENABLED: "true" };

Deno.test({ name: "injection through every grammar part is refused or taken as data", ...dbTest }, async () => {
  const h = await testHandler(ALL_ON);
  try {
    const before = await labelCount();
    for (const p of PAYLOADS) {
      const e = encodeURIComponent(p);
      const attempts: [string, RequestInit?][] = [
        [`/gw_books?select=${e}`],
        [`/gw_books?select=alias${e}:id`],
        [`/gw_books?select=${e}:id`],
        [`/gw_books?select=id::${e}`],
        [`/gw_books?select=data->${e}`],
        [`/gw_books?select=id,${e}(*)`],
        [`/gw_books?select=id,gw_authors!${e}(*)`],
        [`/gw_books?${e}=eq.1`],
        [`/gw_books?id=${e}.1`],
        [`/gw_books?title=eq.${e}`],
        [`/gw_books?title=in.(${e})`],
        [`/gw_books?title=fts(${e}).x`],
        [`/gw_books?title=like(any).{${e}}`],
        [`/gw_books?data->>${e}=eq.1`],
        [`/gw_books?or=(${e}.eq.1)`],
        [`/gw_books?or=(id.eq.${e})`],
        [`/gw_books?order=${e}`],
        [`/gw_books?order=id.${e}`],
        [`/gw_books?limit=${e}`],
        [`/gw_books?offset=${e}`],
        [`/gw_books?gw_authors.${e}=eq.1&select=*,gw_authors(*)`],
        // Aggregates, spreads, computed fields and relationships, and EXPLAIN's options.
        [`/gw_books?select=${e}.sum()`],
        [`/gw_books?select=id.sum()::${e}`],
        [`/gw_books?select=count()::${e}`],
        [`/gw_books?select=${e}:count(),title`],
        [`/gw_books?select=...${e}(*)`],
        [`/gw_books?select=...gw_authors(${e})`],
        [`/gw_books?select=...gw_authors(${e}.max())`],
        [`/gw_authors?select=${e}:gw_written(${e})`],
        [`/gw_authors?select=gw_written!${e}(*)`],
        [`/gw_books?select=gw_shout,${e}`],
        [`/gw_books?gw_shout=eq.${e}&order=gw_shout.${e}`],
        [`/gw_books`, { headers: { accept: `application/vnd.pgrst.plan+json; for="${p}"; options=${p}` } }],
        [`/gw_books?select=${e}`, { headers: { accept: "application/vnd.pgrst.plan+text; options=analyze" } }],
        [`/rpc/gw_over`, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ "": p }) }],
        [`/${e}`],
        [`/rpc/${e}`],
        [`/rpc/gw_add?a=${e}`],
        [`/rpc/gw_add?${e}=1`],
        [`/rpc/gw_add`, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ [p]: 1 }) }],
        [`/rpc/gw_add`, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ a: p }) }],
        [`/gw_labels`, { method: "POST", headers: JSON_BODY, body: JSON.stringify({ [p]: "x" }) }],
        [`/gw_labels?on_conflict=${e}`, { method: "POST", headers: { ...JSON_BODY, prefer: "resolution=merge-duplicates" }, body: '{"name":"red"}' }],
        [`/gw_labels?columns=${e}`, { method: "POST", headers: JSON_BODY, body: '{"name":"z"}' }],
        [`/gw_labels?id=eq.-1`, { method: "PATCH", headers: JSON_BODY, body: JSON.stringify({ [p]: "x" }) }],
        [`/gw_labels?${e}=eq.1`, { method: "DELETE" }],
        [`/gw_books`, { headers: { "accept-profile": p } }],
        [`/gw_books`, { headers: { prefer: p, range: p, accept: p.replaceAll("\\", "") } }],
      ];
      for (const [path, init] of attempts) await expectSafe(await call(h, path, init), `${path} ${init?.body ?? ""}`);
    }
    // Stored as plain data, not run: the value round-trips exactly.
    const name = PAYLOADS[0];
    const res = await call(h, "/gw_labels?select=name", {
      method: "POST",
      headers: { ...JSON_BODY, prefer: "return=representation" },
      body: JSON.stringify({ name }),
    });
    assert.deepEqual(await res.json(), [{ name }]);
    await call(h, `/gw_labels?name=eq.${encodeURIComponent(name)}`, { method: "DELETE" });
    assert.equal(await labelCount(), before);
  } finally {
    await h.close();
  }
});

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = [
  "id", "title", "data", "tags", "author_id", "gw_authors", "gw_labels", "name", "*", "nope", "select", "order", "limit",
  "offset", "or", "and", "not", "eq", "neq", "gt", "in", "is", "like", "ilike", "fts", "cs", "ov", "null", "true", "asc",
  "desc", "nullsfirst", "1", "-1", "99999999999999999999", "'", '"', "(", ")", ",", ".", ":", "::", "->", "->>", "!", "inner",
  "{", "}", "*", "%", "\\", ";", "--", "=", "&", " ", "é", "\u0000", "$1", "a.b", "text", "int", "2020-01-01",
  "...", "count()", ".sum()", ".max()", "gw_written", "gw_shout", "gw_profiles",
];

function randomQuery(next: () => number): string {
  const one = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const garbage = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => one(ATOMS)).join("");
  // Mostly well-formed parts, each sometimes swapped for garbage, so requests get past the parser.
  const maybe = (valid: () => string) => (next() < 0.15 ? garbage() : valid());
  const col = () => maybe(() => one(["id", "title", "tags", "author_id", "data->a->>b", "published", "body"]));
  const value = () => maybe(() => one(["1", "A1", "(1,2)", "{y}", "null", "2020-01-01", "fox", "A*", '("a,b",c)']));
  const op = () => maybe(() => one(["eq", "neq", "gt", "lte", "in", "is", "like", "ilike", "cs", "ov", "fts", "not.eq", "isdistinct"]));
  const makers = [
    () => `select=${[1, 2].map(() => maybe(() => one(["id", "title", "n:id::text", "data->a", "gw_authors(name)", "gw_labels!inner(*)", "*"]))).join(",")}`,
    // The grammar PostgREST added later: aggregates, spreads, computed fields and relationships.
    () => `select=${[1, 2, 3].map(() => maybe(() => one(["count()", "id.sum()", "n:id.max()::text", "author_id", "...gw_authors(name)", "...gw_labels(name)", "gw_shout", "gw_written(title)", "gw_authors(count)", "title.count()", "data.avg()"]))).join(",")}`,
    () => `${col()}=${op()}.${value()}`,
    () => `${col()}=${op()}.${value()}`,
    () => `order=${col()}.${maybe(() => one(["asc", "desc", "desc.nullslast"]))}`,
    () => `limit=${maybe(() => one(["0", "1", "10"]))}`,
    () => `or=(${col()}.${op()}.${value()},${col()}.${op()}.${value()})`,
    () => `${garbage()}=${garbage()}`,
  ];
  const params = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
    const [k, ...v] = one(makers)().split("=");
    return `${encodeURIComponent(k)}=${encodeURIComponent(v.join("="))}`;
  });
  return params.join("&");
}

Deno.test({ name: "fuzz: 1500 seeded random query strings only ever give 2xx or a 4xx JSON error", ...dbTest }, async () => {
  const h = await testHandler(ALL_ON);
  const seed = Number(Deno.env.get("FUZZ_SEED") ?? 20261123);
  const next = random(seed);
  const statuses = new Map<number, number>();
  try {
    for (let i = 0; i < 1500; i++) {
      const target = ["/gw_books", "/gw_authors", "/rpc/gw_books_by", "/rpc/gw_add"][i % 4];
      const q = randomQuery(next);
      const method = i % 7 === 0 ? "DELETE" : "GET";
      // Deletes only ever aim at nothing: a filter that matches no row comes first.
      const path = method === "DELETE" ? `/gw_labels?id=eq.-1&${q}` : `${target}?${q}`;
      const res = await call(h, path, { method });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await expectSafe(res, `seed ${seed} case ${i}: ${method} ${path}`);
    }
    // The generator must reach the database, not only the parser.
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    assert.ok(ok >= 30, `only ${ok} of 1500 random requests succeeded: ${JSON.stringify([...statuses])}`);
  } finally {
    await h.close();
  }
});

Deno.test("only a name the schema cache read from the catalog can be quoted into SQL", () => {
  const fromRequest = "gw_labels\"; drop table gw_app.gw_labels; --";
  // deno test type-checks this file: were ident() to take any string, this directive would be unused and fail.
  // @ts-expect-error a request's string is not a CatalogName
  assert.equal(ident(fromRequest), `"gw_labels""; drop table gw_app.gw_labels; --"`);
  // @ts-expect-error nor is a schema name from the request
  assert.ok(qualified("gw_api", fromRequest).startsWith(`"gw_api".`));
});
