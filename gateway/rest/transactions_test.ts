/**
 * How a request's transaction ends: PostgREST's db-tx-end (the client's
 * `Prefer: tx=` counts only where the server allows it), and transient
 * conflicts (deadlocks, serialization failures) retried before a 409.
 */
import assert from "node:assert/strict";
import { adminSql, call, dbTest, json, testHandler } from "../testing/support.ts";
import type { RestHandler } from "./handler.ts";

const insertLabel = (name: string, prefer: string) => ({
  method: "POST",
  headers: { "content-type": "application/json", prefer: `return=representation, ${prefer}` },
  body: JSON.stringify({ name }),
});

/** Inserts a label with this Prefer; answers whether the row is there afterwards, and the response. */
async function kept(h: RestHandler, prefer: string): Promise<{ kept: boolean; res: Response }> {
  const name = `tx-${crypto.randomUUID().slice(0, 8)}`;
  const res = await call(h, "/gw_labels", insertLabel(name, prefer));
  assert.equal(res.status, 201, await res.clone().text());
  await res.body?.cancel();
  const after = await json(await call(h, `/gw_labels?select=name&name=eq.${name}`));
  await call(h, `/gw_labels?name=eq.${name}`, { method: "DELETE" });
  return { kept: (after.body as unknown[]).length === 1, res };
}

Deno.test({ name: "by default Prefer: tx=rollback is ignored and the write commits, as PostgREST's db-tx-end = commit", ...dbTest }, async () => {
  const h = await testHandler();
  try {
    const { kept: stays, res } = await kept(h, "tx=rollback");
    assert.equal(stays, true);
    assert.doesNotMatch(res.headers.get("preference-applied") ?? "", /tx=/);
  } finally {
    await h.close();
  }
});

Deno.test({ name: "db-tx-end: the allow-override modes honour tx=, the others decide alone", ...dbTest }, async () => {
  const cases: [string, string, boolean][] = [
    // mode, preference, kept
    ["commit", "tx=rollback", true],
    ["commit-allow-override", "tx=rollback", false],
    ["commit-allow-override", "tx=commit", true],
    ["commit-allow-override", "count=exact", true],
    ["rollback", "count=exact", false],
    ["rollback", "tx=commit", false],
    ["rollback-allow-override", "tx=commit", true],
    ["rollback-allow-override", "count=exact", false],
  ];
  for (const [mode, prefer, expected] of cases) {
    const h = await testHandler({ PGRST_DB_TX_END: mode });
    try {
      const { kept: stays, res } = await kept(h, prefer);
      assert.equal(stays, expected, `${mode} with ${prefer}`);
      const honoured = mode.endsWith("allow-override") && prefer.startsWith("tx=");
      assert.equal(res.headers.get("preference-applied")?.includes(prefer) ?? false, honoured, `${mode} with ${prefer}`);
    } finally {
      await h.close();
    }
  }
});

Deno.test({ name: "db-tx-end is read from the database (pgrst.db_tx_end) unless PGRST_DB_TX_END is set", ...dbTest }, async () => {
  const sql = adminSql();
  try {
    await sql`alter role authenticator set pgrst.db_tx_end = 'commit-allow-override'`;
    const fromDb = await testHandler();
    const fromEnv = await testHandler({ PGRST_DB_TX_END: "commit" });
    try {
      assert.equal((await kept(fromDb, "tx=rollback")).kept, false);
      assert.equal((await kept(fromEnv, "tx=rollback")).kept, true);
    } finally {
      await fromDb.close();
      await fromEnv.close();
    }
  } finally {
    await sql`alter role authenticator reset pgrst.db_tx_end`;
    await sql.end();
  }
});

Deno.test({ name: "40 wrong passwords with Prefer: tx=rollback still count: rpc/login ends in 429", ...dbTest }, async () => {
  const h = await testHandler();
  try {
    const email = `tx-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const url = new URL("http://gateway.test/rest/v1/rpc/login");
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const req = new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", prefer: "tx=rollback" },
        body: JSON.stringify({ email, password: `wrong ${i}` }),
      });
      const res = await h(req, "/rpc/login", { url, clientIp: "198.51.100.40" });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.equal(statuses.at(-1), 429, statuses.join(","));
  } finally {
    await h.close();
  }
});

Deno.test({ name: "serialization failures are retried, then answered 409 without the database's detail", ...dbTest }, async () => {
  const h = await testHandler();
  const sql = adminSql();
  const post = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  try {
    await sql`alter sequence gw_app.gw_attempts restart`;
    // Two failed attempts, then the third succeeds: the client sees only the success.
    assert.deepEqual(await json(await call(h, "/rpc/gw_conflict", post({ fails: 2 }))), { status: 200, body: 3 });
    for (const code of ["40001", "40P01"]) {
      await sql`alter sequence gw_app.gw_attempts restart`;
      const r = await json(await call(h, "/rpc/gw_conflict", post({ fails: 1000, code })));
      assert.equal(r.status, 409, JSON.stringify(r));
      const body = r.body as Record<string, unknown>;
      assert.equal(body.code, code);
      assert.equal(body.details, null);
      assert.equal(body.hint, "Retry the request.");
      assert.doesNotMatch(JSON.stringify(body), /Process 4242|server log/);
      const [{ attempts }] = await sql`select last_value::int as attempts from gw_app.gw_attempts`;
      assert.ok(attempts > 1 && attempts <= 5, `${attempts} attempts`);
    }
  } finally {
    await sql.end();
    await h.close();
  }
});

Deno.test({ name: "two requests that deadlock each other both succeed: the one Postgres aborts is run again", ...dbTest }, async () => {
  const h = await testHandler();
  const sql = adminSql();
  const post = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  try {
    await sql`update gw_app.gw_counters set n = 0`;
    const [a, b] = await Promise.all([
      call(h, "/rpc/gw_bump_both", post({ first: 1, second: 2 })).then(json),
      call(h, "/rpc/gw_bump_both", post({ first: 2, second: 1 })).then(json),
    ]);
    assert.deepEqual([a.status, b.status], [200, 200], JSON.stringify([a, b]));
    const rows = await sql`select n from gw_app.gw_counters order by id`;
    assert.deepEqual(rows.map((r) => r.n), [2, 2]);
  } finally {
    await sql.end();
    await h.close();
  }
});
