// The outbox drain against a real migrated database: sends, retries with
// back-off, gives up after the limit keeping the last error, scrubs secrets.
import assert from "node:assert/strict";
import postgres from "postgres";
import type { EmailDriver, EmailMessage } from "../_shared/email/mod.ts";
import { drainOutbox, type Run } from "./drain.ts";

/** Each step in its own transaction on a superuser connection (the handler's steps run as the service role). */
const direct = (sql: postgres.Sql): Run => (step) => sql.begin((tx) => step(tx)) as ReturnType<typeof step>;

const url = Deno.env.get("TEST_DATABASE_URL");

function recorder(fail: string | null = null): EmailDriver & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    name: "test",
    sent,
    send(message) {
      if (fail) return Promise.reject(new Error(fail));
      sent.push(message);
      return Promise.resolve();
    },
  };
}

Deno.test({
  name: "drainOutbox sends due messages, fills in the secret and scrubs it afterwards",
  ignore: !url,
  async fn() {
    const sql = postgres(url!, { max: 1, onnotice: () => {} });
    try {
      await sql`delete from private.email_outbox`;
      const [{ id }] = await sql`
        select private.enqueue_email('a@example.com', 'Reset', 'link?token={{secret}}', 'password_reset', 'S3CRET') as id`;
      const driver = recorder();
      const result = await drainOutbox(direct(sql), driver, { from: "pgdrive <no-reply@example.com>" });
      assert.deepEqual(result, { sent: 1, failed: 0 });
      assert.equal(driver.sent[0].text, "link?token=S3CRET");
      assert.equal(driver.sent[0].to, "a@example.com");
      const [row] = await sql`select status, secret from private.email_outbox where id = ${id}`;
      assert.deepEqual({ ...row }, { status: "sent", secret: null });
      assert.deepEqual(await drainOutbox(direct(sql), driver, { from: "x@example.com" }), { sent: 0, failed: 0 });
    } finally {
      await sql.end();
    }
  },
});

Deno.test({
  name: "drainOutbox retries a failing message later and marks it failed after the limit",
  ignore: !url,
  async fn() {
    const sql = postgres(url!, { max: 1, onnotice: () => {} });
    try {
      await sql`delete from private.email_outbox`;
      await sql`insert into private.settings (key, value) values ('auth.email_max_attempts', '2')
                on conflict (key) do update set value = excluded.value`;
      const [{ id }] = await sql`select private.enqueue_email('b@example.com', 'Hi', 'body {{secret}}', 'x', 'tok') as id`;
      const broken = recorder("connection refused");
      assert.deepEqual(await drainOutbox(direct(sql), broken, { from: "x@example.com" }), { sent: 0, failed: 1 });
      let [row] = await sql`select status, attempts, last_error, next_attempt_at > now() as later from private.email_outbox where id = ${id}`;
      assert.deepEqual({ ...row }, { status: "pending", attempts: 1, last_error: "connection refused", later: true });
      // Not due yet: nothing is sent.
      assert.deepEqual(await drainOutbox(direct(sql), recorder(), { from: "x@example.com" }), { sent: 0, failed: 0 });
      await sql`update private.email_outbox set next_attempt_at = now() where id = ${id}`;
      await drainOutbox(direct(sql), broken, { from: "x@example.com" });
      [row] = await sql`select status, attempts, last_error, secret from private.email_outbox where id = ${id}`;
      assert.deepEqual({ ...row }, { status: "failed", attempts: 2, last_error: "connection refused", secret: null });
    } finally {
      await sql`delete from private.settings where key = 'auth.email_max_attempts'`;
      await sql.end();
    }
  },
});
