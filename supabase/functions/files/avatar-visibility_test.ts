// Who sees an avatar is SQL's to say (app.avatar_object): profile pictures
// are public by URL (an `<img>` sends no token) for an enabled account, and
// gone once the account is disabled, for anyone without the right to list it.
import assert from "node:assert/strict";
import { Image } from "imagescript";
import { handler } from "./handler.ts";
import { adminSql, createUser, dbTest, useTestFunction } from "./test-support.ts";

Deno.test({
  ...dbTest,
  name: "an avatar is served to anyone without a token while its account is enabled, and not once it is disabled",
  async fn() {
    useTestFunction();
    const ada = await createUser();
    const png = new Uint8Array(await new Image(32, 32).encode());
    const res = await handler(new Request("http://functions.test/files/avatar", {
      method: "POST",
      headers: { ...ada.auth, "content-type": "image/png" },
      body: png,
    }));
    assert.equal(res.status, 200, await res.clone().text());
    const path = new URL((await res.json()).avatar_url).pathname.replace("/functions/v1", "");
    const anonymous = await handler(new Request(new URL(path, "http://functions.test")));
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.headers.get("content-type"), "image/webp");
    await anonymous.body?.cancel();

    const sql = adminSql();
    try {
      await sql`update app.users set disabled_at = now() where id = ${ada.id}`;
    } finally {
      await sql.end();
    }
    const gone = await handler(new Request(new URL(path, "http://functions.test")));
    assert.equal(gone.status, 404);
    assert.equal((await gone.json()).code, "PT404");
  },
});
