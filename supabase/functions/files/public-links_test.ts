// Public links against the real function and database: one range parser
// decides what is served and what is counted, so no Range header gets the
// first byte of a file without the download being counted; and only the
// inline-safe types go out under their own type, the rest as opaque bytes.
import assert from "node:assert/strict";
import { adminSql, createUser, dbTest, publish, type TestUser, uploadFile, withServer } from "./test-support.ts";

const DATA: Uint8Array<ArrayBuffer> = new Uint8Array(5000).map((_, i) => (i * 7 + 3) & 0xff);

/** How many downloads of the file the links have counted (each is logged). */
async function counted(fileId: string): Promise<number> {
  const sql = adminSql();
  try {
    const [{ n }] = await sql`select count(*)::int as n from app.activity_log
                              where action = 'file.public_download' and target_id = ${fileId}`;
    return n;
  } finally {
    await sql.end();
  }
}

async function publicFile(base: string, user: TestUser, name: string, data: Uint8Array<ArrayBuffer>, mime?: string) {
  const file = await uploadFile(base, user, name, data, mime);
  return { file, token: await publish(user, file.id) };
}

Deno.test({
  ...dbTest,
  name: "every Range header that gets the first byte of a public file counts as a download",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const { file, token } = await publicFile(base, ada, "movie.bin", DATA);
      // [header, status, first byte served, length served]
      const cases: [string, number, number][] = [
        ["garbage", 200, DATA.byteLength],
        ["bytes=00-", 206, DATA.byteLength],
        ["bytes=-999999", 206, DATA.byteLength],
        ["BYTES=0-", 206, DATA.byteLength],
        ["bytes= 0-", 200, DATA.byteLength],
        ["Bytes=0-0", 206, 1],
        ["bytes=0-9, 100-199", 200, DATA.byteLength],
        ["bytes=100-199, 0-9", 200, DATA.byteLength],
        ["bytes=9-0", 200, DATA.byteLength],
        ["items=0-10", 200, DATA.byteLength],
        ["bytes=0x10-", 200, DATA.byteLength],
      ];
      const wrong: string[] = [];
      for (const [range, status, length] of cases) {
        const before = await counted(file.id);
        const res = await fetch(`${base}/public/${token}`, { headers: { range } });
        const body = new Uint8Array(await res.arrayBuffer());
        const seen = `${res.status}, ${body.byteLength} bytes from ${body[0] === DATA[0] ? "the first" : "a later"} byte`;
        if (res.status !== status || body.byteLength !== length || body[0] !== DATA[0]) wrong.push(`${range}: ${seen}`);
        if (await counted(file.id) !== before + 1) wrong.push(`${range}: ${seen}, not counted`);
      }
      assert.deepEqual(wrong, []);
      const expected = await counted(file.id);
      // A later range is not a new download (a player seeking); nor is a range outside the file.
      for (const [range, status] of [["bytes=100-199", 206], ["bytes=4999-", 206], ["bytes=1-", 206], ["bytes=5000-", 416], ["bytes=-0", 416]] as const) {
        const res = await fetch(`${base}/public/${token}`, { headers: { range } });
        assert.equal(res.status, status, range);
        await res.body?.cancel();
        assert.equal(await counted(file.id), expected, `${range} was counted`);
      }
      // An If-Range that does not match makes even a later range the whole file: counted.
      const stale = await fetch(`${base}/public/${token}`, { headers: { range: "bytes=100-", "if-range": '"stale"' } });
      assert.equal(stale.status, 200);
      assert.equal((await stale.arrayBuffer()).byteLength, DATA.byteLength);
      assert.equal(await counted(file.id), expected + 1);
    });
  },
});

Deno.test({
  ...dbTest,
  name: "a public link serves only inline-safe types as themselves; a script goes out as attachment bytes without wildcard CORS",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const text = (s: string) => new TextEncoder().encode(s);
      for (const [name, body, mime] of [
        // .js itself is refused at upload now; a script still arrives under another name or an older file.
        ["widget.mjs", "alert(document.domain)", "text/javascript"],
        ["style.css", "body{background:url(x)}", "text/css"],
        ["page.html", "<!doctype html><script>alert(1)</script>", "text/html"],
        ["data.json", '{"a":1}', "application/json"],
      ] as const) {
        const { token } = await publicFile(base, ada, name, text(body), mime);
        for (const query of ["", "?disposition=inline"]) {
          const res = await fetch(`${base}/public/${token}${query}`);
          assert.equal(res.status, 200, name);
          assert.equal(res.headers.get("content-type"), "application/octet-stream", name);
          assert.match(res.headers.get("content-disposition") ?? "", /^attachment;/, name);
          assert.equal(res.headers.get("access-control-allow-origin"), null, name);
          assert.equal(res.headers.get("x-content-type-options"), "nosniff", name);
          assert.equal(await res.text(), body, name);
        }
      }
      // An inline-safe type keeps its type, shows inline, and may be read by any site.
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      const { token } = await publicFile(base, ada, "photo.png", png, "image/png");
      const res = await fetch(`${base}/public/${token}`);
      assert.equal(res.headers.get("content-type"), "image/png");
      assert.match(res.headers.get("content-disposition") ?? "", /^inline;/);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      await res.body?.cancel();
    });
  },
});
