// The stream on its own against the test database: a heartbeat comment on
// its interval, and the end when its session ends (the hub's NOTIFY).
import assert from "node:assert/strict";
import postgres from "postgres";
import { loadConfig, setConfig } from "../_shared/config.ts";
import { closeSql } from "../_shared/db.ts";
import { createHandler } from "./handler.ts";

const DATABASE_URL = Deno.env.get("TEST_DATABASE_URL") ?? "";
const JWT_SECRET = Deno.env.get("TEST_JWT_SECRET") ?? "";

Deno.test({
  name: "a stream sends heartbeats and ends with its session",
  ignore: DATABASE_URL === "" || JWT_SECRET === "",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    setConfig(loadConfig({
      SUPABASE_URL: "http://127.0.0.1:9",
      SUPABASE_DB_URL: DATABASE_URL,
      SUPABASE_JWT_SECRET: JWT_SECRET,
      DATA_DIR: Deno.makeTempDirSync({ prefix: "pgdrive-notifications-test-" }),
    }));
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const [user] = await sql`
        insert into app.users (email, password_hash) values (${`beat-${crypto.randomUUID()}@example.com`}, 'x') returning id`;
      const [session] = await sql`insert into app.sessions (user_id) values (${user.id}) returning id`;
      const [{ token }] = await sql`select private.access_token(${user.id}, ${session.id}) as token`;

      const res = await createHandler({ heartbeatMs: 50 })(
        new Request("http://functions.test/notifications/stream", { headers: { authorization: `Bearer ${token}` } }),
      );
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      while ((text.match(/^: heartbeat$/gm) ?? []).length < 2) text += (await reader.read()).value ?? "";
      assert.match(text, /^retry: 2000\n\nid: \d+\nevent: ready\ndata: \{\}\n\n/);

      await sql`update app.sessions set ended_at = now(), end_reason = 'logout' where id = ${session.id}`;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      assert.match(text, /event: end\ndata: \{"reason":"session_ended"\}\n\n$/);
    } finally {
      await sql.end();
      await closeSql();
    }
  },
});
