// Uploads against the quota, on a real migrated database and the fs driver:
// store_file needs a Content-Length (so SQL reserves the bytes before any
// arrive), and the bytes of an upload that is refused or aborted are deleted
// at once, not left on disk for maintenance to find an hour later.
import assert from "node:assert/strict";
import { adminSql, createUser, dbTest, objectsOnDisk, streamOf, localUrl, type TestUser, useTestFunction, withServer } from "./test-support.ts";

const ELF: Uint8Array<ArrayBuffer> = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]);

const diskBytes = async () => (await objectsOnDisk()).reduce((n, o) => n + o.size, 0);

/** The user's uploads still pending (each holds a reservation against the quota). */
async function pendingUploads(user: TestUser): Promise<number> {
  const sql = adminSql();
  try {
    const [{ n }] = await sql`select count(*)::int as n from app.uploads where owner_id = ${user.id} and status = 'pending'`;
    return n;
  } finally {
    await sql.end();
  }
}

/** POST /files/rpc/store_file with `body`: a Uint8Array goes with its length, a stream goes chunked. */
function storeFile(base: string, user: TestUser, path: string, body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>) {
  return fetch(`${base}/rpc/store_file`, {
    method: "POST",
    headers: { ...user.auth, "content-type": "application/octet-stream", "file-path": path },
    body,
  });
}

/** Sends a store_file that declares `declared` bytes, sends `sent` of them and hangs up. */
async function abortedStoreFile(port: number, user: TestUser, declared: number, sent: number): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const head = [
    "POST /files/rpc/store_file HTTP/1.1",
    `Host: 127.0.0.1:${port}`,
    `Authorization: ${user.auth.authorization}`,
    "Content-Type: application/octet-stream",
    "File-Path: /aborted/half.bin",
    `Content-Length: ${declared}`,
    "",
    "",
  ].join("\r\n");
  await conn.write(new TextEncoder().encode(head));
  await conn.write(new Uint8Array(sent).fill(7));
  // Long enough for the function to reserve the upload and start writing the bytes.
  await new Promise((r) => setTimeout(r, 300));
  conn.close();
}

/** Waits until `check` holds (the function cleans up once it notices the hang-up), or fails. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(what);
}

Deno.test({
  ...dbTest,
  name: "store_file refuses a body without Content-Length with 411, reserving and storing nothing",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const before = await diskBytes();
      const res = await storeFile(base, ada, "/chunked/a.bin", streamOf(new Uint8Array(900).fill(1)));
      assert.equal(res.status, 411);
      assert.deepEqual(await res.json(), {
        code: "PT411",
        message: "Content-Length is required: send the bytes with their length, not chunked.",
        details: null,
        hint: null,
      });
      assert.equal(await diskBytes(), before);
      assert.equal(await pendingUploads(ada), 0);
    });
  },
});

Deno.test({
  ...dbTest,
  name: "six parallel 900-byte store_files against a 1000-byte quota never leave more than the quota on disk",
  async fn() {
    await withServer(async (base) => {
      for (const framing of ["chunked", "with a length"] as const) {
        const ada = await createUser({ quota: 1000 });
        const before = await diskBytes();
        const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => {
          const data = new Uint8Array(900).fill(i + 1);
          return storeFile(base, ada, `/q/${i}.bin`, framing === "chunked" ? streamOf(data) : data)
            .then(async (r) => (await r.body?.cancel(), r.status));
        }));
        const stored = answers.filter((s) => s === 200).length;
        assert.ok(stored <= 1, `${framing}: ${answers}`);
        assert.ok(answers.every((s) => s === 200 || s === 411 || s === 413), `${framing}: ${answers}`);
        // At once: nothing waits for maintenance.
        assert.equal(await diskBytes() - before, stored * 900, framing);
        assert.equal(await pendingUploads(ada), 0, framing);
      }
    });
  },
});

Deno.test({
  ...dbTest,
  name: "a store_file refused after its bytes arrived (an executable named .txt) deletes them at once and releases the quota",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const before = await diskBytes();
      const res = await storeFile(base, ada, "/innocent.txt", ELF);
      assert.equal(res.status, 415);
      assert.equal((await res.json()).code, "PT415");
      assert.equal(await diskBytes(), before);
      assert.equal(await pendingUploads(ada), 0);
    });
  },
});

Deno.test({
  ...dbTest,
  name: "an aborted store_file keeps no bytes and no reservation",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const before = await diskBytes();
      await abortedStoreFile(Number(new URL(base).port), ada, 100_000, 40_000);
      await eventually(async () => (await pendingUploads(ada)) === 0, "the aborted upload still holds its reservation");
      assert.equal(await diskBytes(), before);
    });
  },
});

Deno.test({
  ...dbTest,
  name: "a signed upload whose completion is refused (an executable named .txt) has its bytes deleted at once",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const before = await diskBytes();
      const begin = await fetch(`${base}/uploads`, {
        method: "POST",
        headers: { ...ada.auth, "content-type": "application/json" },
        body: JSON.stringify({ name: "notes.txt", size: ELF.byteLength, mime: "text/plain" }),
      });
      assert.equal(begin.status, 201);
      const up = await begin.json();
      const put = await fetch(localUrl(up.url, base), { method: "PUT", headers: up.headers, body: ELF });
      assert.equal(put.status, 200, await put.text());
      assert.equal(await diskBytes() - before, ELF.byteLength);
      const done = await fetch(`${base}/uploads/${up.upload_id}/complete`, { method: "POST", headers: ada.auth });
      assert.equal(done.status, 415);
      assert.equal((await done.json()).code, "PT415");
      assert.equal(await diskBytes(), before);
      assert.equal(await pendingUploads(ada), 0);
    });
  },
});

Deno.test({
  ...dbTest,
  name: "a tus upload whose completion is refused loses its bytes and its partial file at once",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const before = await diskBytes();
      const tus = { ...ada.auth, "tus-resumable": "1.0.0" };
      const created = await fetch(`${base}/tus/`, {
        method: "POST",
        headers: { ...tus, "upload-length": String(ELF.byteLength), "upload-metadata": `filename ${btoa("notes.txt")}` },
      });
      assert.equal(created.status, 201, await created.text());
      const id = new URL(created.headers.get("location")!).pathname.split("/").pop()!;
      const patch = await fetch(`${base}/tus/${id}`, {
        method: "PATCH",
        headers: { ...tus, "upload-offset": "0", "content-type": "application/offset+octet-stream" },
        body: ELF,
      });
      assert.equal(patch.status, 415, await patch.text());
      assert.equal(await diskBytes(), before);
      assert.equal(await pendingUploads(ada), 0);
      const partial = await Array.fromAsync(Deno.readDir(`${useTestFunction()}/storage/tus`));
      assert.deepEqual(partial.filter((e) => e.name.startsWith(id)), []);
    });
  },
});
