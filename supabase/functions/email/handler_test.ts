// Draining the outbox over HTTP is the service role's, by SQL's grants on
// private.claim_emails: the function runs it as its caller, so a signed-in
// user's token gets 403 and sends nothing.
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { adminSql, createUser, dbTest, JWT_SECRET, useTestFunction } from "../files/test-support.ts";
import { handler } from "./handler.ts";

const post = (authorization?: string) =>
  handler(new Request("http://functions.test/email", { method: "POST", headers: authorization ? { authorization } : {} }));

Deno.test({
  ...dbTest,
  name: "the email function drains for the service role only: a user's token gets 403 and nothing is sent",
  async fn() {
    useTestFunction();
    const sql = adminSql();
    try {
      await sql`delete from private.email_outbox`;
      const [{ id }] = await sql`select private.enqueue_email('c@example.com', 'Hi', 'body', 'x', null) as id`;
      const ada = await createUser();
      const refused = await post(ada.auth.authorization);
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).code, "42501");
      assert.equal((await post()).status, 401);
      const [queued] = await sql`select status from private.email_outbox where id = ${id}`;
      assert.equal(queued.status, "pending", "nothing was claimed");

      const key = await new SignJWT({ role: "service_role" }).setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setAudience("authenticated").setExpirationTime("1h").sign(new TextEncoder().encode(JWT_SECRET));
      const drained = await post(`Bearer ${key}`);
      assert.equal(drained.status, 200, await drained.clone().text());
      assert.deepEqual(await drained.json(), { sent: 1, failed: 0 });
    } finally {
      await sql.end();
    }
  },
});
