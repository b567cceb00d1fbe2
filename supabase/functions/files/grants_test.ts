// Signed URLs end with the session they were made for. A signed download
// URL and a signed upload URL are minted for one session; after a logout,
// a password reset or a disabled account, the download answers 401 (the
// session has ended, as on every other path) and the upload PUT is refused
// with 401 before a byte is stored.
import assert from "node:assert/strict";
import { adminSql, createUser, dbTest, localUrl, objectsOnDisk, type TestUser, uploadFile, withServer } from "./test-support.ts";

const DATA: Uint8Array<ArrayBuffer> = new TextEncoder().encode("the quarterly numbers, in plain text\n");

/** The claims of a test user's access token. */
function claimsOf(user: TestUser): Record<string, unknown> {
  const payload = user.auth.authorization.split(".")[1];
  return JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/")));
}

/** Runs `text` as a role with these claims, as the gateway would (superuser connection, role switched). */
async function sqlAs(role: string, claims: Record<string, unknown>, text: string, params: unknown[] = []): Promise<void> {
  const sql = adminSql();
  try {
    await sql.begin(async (tx) => {
      await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      await tx.unsafe(text, params as never[]);
    });
  } finally {
    await sql.end();
  }
}

/** The three ways a session ends, each through the SQL the API runs for it. */
const endings: Record<string, (user: TestUser) => Promise<void>> = {
  async logout(user) {
    await sqlAs("authenticated", claimsOf(user), "select api.logout()");
  },
  async "password reset"(user) {
    const token = crypto.randomUUID();
    const sql = adminSql();
    try {
      await sql`insert into private.password_reset_tokens (user_id, token_hash, expires_at)
                values (${user.id}, extensions.digest(${token}, 'sha256'), now() + interval '1 hour')`;
    } finally {
      await sql.end();
    }
    await sqlAs("anon", { role: "anon" }, "select api.reset_password($1, $2)", [token, "a brand new passphrase, long enough"]);
  },
  async "disabled account"(user) {
    const admin = await createUser();
    const sql = adminSql();
    try {
      await sql`insert into app.user_roles (user_id, role_id) select ${admin.id}, id from app.roles where name = 'admin'`;
    } finally {
      await sql.end();
    }
    await sqlAs("authenticated", claimsOf(admin), "select api.admin_disable_user($1)", [user.id]);
  },
};

/** A signed download URL for the file, as the web client asks for one. */
async function downloadUrl(base: string, user: TestUser, fileId: string): Promise<string> {
  const res = await fetch(`${base}/download-url`, {
    method: "POST",
    headers: { ...user.auth, "content-type": "application/json" },
    body: JSON.stringify({ file_id: fileId, disposition: "attachment" }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return localUrl((await res.json()).url, base);
}

/** A signed upload reserved for `size` bytes: its id and PUT URL. */
async function signedUpload(base: string, user: TestUser, name: string, size: number): Promise<{ id: string; url: string }> {
  const res = await fetch(`${base}/uploads`, {
    method: "POST",
    headers: { ...user.auth, "content-type": "application/json" },
    body: JSON.stringify({ name, size, mime: "text/plain" }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const up = await res.json();
  return { id: up.upload_id, url: localUrl(up.url, base) };
}

async function receivedSize(uploadId: string): Promise<string | null> {
  const sql = adminSql();
  try {
    const [row] = await sql`select received_size from app.uploads where id = ${uploadId}`;
    return row?.received_size ?? null;
  } finally {
    await sql.end();
  }
}

const diskBytes = async () => (await objectsOnDisk()).reduce((n, o) => n + o.size, 0);

for (const [ending, end] of Object.entries(endings)) {
  Deno.test({
    ...dbTest,
    name: `after a ${ending}, the session's signed download answers 401 and its signed upload stores no byte`,
    async fn() {
      await withServer(async (base) => {
        const ada = await createUser();
        const file = await uploadFile(base, ada, "numbers.txt", DATA, "text/plain");
        const download = await downloadUrl(base, ada, file.id);
        const upload = await signedUpload(base, ada, "later.txt", DATA.byteLength);

        // While the session lives, the download serves.
        const before = await fetch(download);
        assert.equal(before.status, 200);
        assert.equal(await before.text(), new TextDecoder().decode(DATA));

        await end(ada);

        const after = await fetch(download);
        assert.equal(after.status, 401, ending);
        assert.equal((await after.json()).code, "PT401", ending);
        const range = await fetch(download, { headers: { range: "bytes=5-" } });
        assert.equal(range.status, 401, `${ending}: a range too`);
        await range.body?.cancel();

        const disk = await diskBytes();
        const put = await fetch(upload.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: DATA });
        assert.equal(put.status, 401, ending);
        assert.equal((await put.json()).code, "PT401", ending);
        assert.equal(await diskBytes(), disk, `${ending}: no byte of the refused PUT is stored`);
        assert.equal(await receivedSize(upload.id), null, `${ending}: nothing is recorded`);
      });
    },
  });
}

Deno.test({
  ...dbTest,
  name: "a signed download URL stops at 404 once its file is purged, and a signed upload takes its bytes once",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const file = await uploadFile(base, ada, "gone.txt", DATA, "text/plain");
      const download = await downloadUrl(base, ada, file.id);
      await sqlAs("authenticated", claimsOf(ada), "select api.trash_file($1)", [file.id]);
      const trashed = await fetch(download);
      assert.equal(trashed.status, 200, "a file in the trash is still its owner's to download");
      await trashed.body?.cancel();
      await sqlAs("authenticated", claimsOf(ada), "select api.purge_file($1)", [file.id]);
      const purged = await fetch(download);
      assert.equal(purged.status, 404);
      assert.equal((await purged.json()).code, "PT404");

      const upload = await signedUpload(base, ada, "once.txt", DATA.byteLength);
      const first = await fetch(upload.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: DATA });
      assert.equal(first.status, 200);
      await first.body?.cancel();
      const disk = await diskBytes();
      const again = await fetch(upload.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: DATA });
      assert.equal(again.status, 409);
      assert.equal((await again.json()).message, "The bytes of this upload were already received.");
      const larger = await signedUpload(base, ada, "small.txt", 4);
      const tooMany = await fetch(larger.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: DATA });
      assert.equal(tooMany.status, 413);
      assert.equal((await tooMany.json()).message, "The upload is larger than the 4 bytes it reserved.");
      assert.equal(await diskBytes(), disk, "neither refused PUT stored a byte");
    });
  },
});
