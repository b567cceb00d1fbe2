// One way to act as the caller (supabase/functions/_shared/caller.ts), for
// the REST API and every edge function alike: a statement timeout set on the
// `authenticated` role (`alter role authenticated set statement_timeout`)
// stops a slow statement whichever way it was reached.
import assert from "node:assert/strict";
import { reloadCallerSettings } from "../supabase/functions/_shared/db.ts";
import { adminSql as filesAdminSql, createUser, localUrl, uploadFile, withServer } from "../supabase/functions/files/test-support.ts";
import { adminSql, call, dbTest, testHandler } from "./testing/support.ts";

/** Runs `fn` while `authenticated` has this statement timeout in the test database, for both paths. */
async function withAuthenticatedTimeout<T>(timeout: string, reload: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
  const sql = adminSql();
  const [{ db }] = await sql`select current_database() as db`;
  try {
    await sql.unsafe(`alter role authenticated in database "${db}" set statement_timeout = '${timeout}'`);
    reloadCallerSettings();
    await reload();
    return await fn();
  } finally {
    await sql.unsafe(`alter role authenticated in database "${db}" reset statement_timeout`);
    reloadCallerSettings();
    await reload();
    await sql.end();
  }
}

Deno.test({
  ...dbTest,
  name: "a statement timeout on `authenticated` stops a slow statement reached through an edge function, and through REST",
  async fn() {
    const rest = await testHandler();
    try {
      await withServer(async (base) => {
        const ada = await createUser();
        // A complete upload's file, then a second upload whose completion will wait on a lock.
        await uploadFile(base, ada, "first.txt", new TextEncoder().encode("one"), "text/plain");
        const begin = await fetch(`${base}/uploads`, {
          method: "POST",
          headers: { ...ada.auth, "content-type": "application/json" },
          body: JSON.stringify({ name: "second.txt", size: 3, mime: "text/plain" }),
        });
        const up = await begin.json();
        const put = await fetch(localUrl(up.url, base), { method: "PUT", headers: up.headers, body: new TextEncoder().encode("two") });
        assert.equal(put.status, 200);
        await put.body?.cancel();

        await withAuthenticatedTimeout("300ms", () => rest.reload(), async () => {
          // The function path: complete_upload locks the upload row, which another transaction holds.
          const holder = filesAdminSql();
          let release!: () => void;
          const released = new Promise<void>((r) => (release = r));
          const held = holder.begin(async (tx) => {
            await tx`select 1 from app.uploads where id = ${up.upload_id} for update`;
            await released;
          });
          try {
            await new Promise((r) => setTimeout(r, 100));
            const started = performance.now();
            const done = await Promise.race([
              fetch(`${base}/uploads/${up.upload_id}/complete`, { method: "POST", headers: ada.auth }),
              new Promise<null>((r) => setTimeout(() => r(null), 3000)),
            ]);
            assert.ok(done, "the statement was not stopped: it waited on the lock for 3 s");
            const ms = performance.now() - started;
            assert.equal(done.status, 500);
            assert.equal((await done.json()).code, "57014");
            assert.ok(ms < 2000, `stopped after ${ms} ms`);
          } finally {
            release();
            await held;
            await holder.end();
          }

          // The REST path: a slow function, as the same signed-in user.
          const started = performance.now();
          const slow = await call(rest, "/rpc/gw_sleep", {
            method: "POST",
            headers: { ...ada.auth, "content-type": "application/json" },
            body: JSON.stringify({ seconds: 2 }),
          });
          assert.equal(slow.status, 500);
          assert.equal((await slow.json()).code, "57014");
          assert.ok(performance.now() - started < 1500);
        });
      });
    } finally {
      await rest.close();
    }
  },
});
