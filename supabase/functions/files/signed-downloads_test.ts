// Signed downloads follow the same rule as public links: only inline-safe
// types go out as themselves (and readable by any site); a script, a page,
// a stylesheet go out as attachment bytes (application/octet-stream), which
// with nosniff no `<script src>` runs, readable from the web client's own
// origin alone (its previews read text), never with a wildcard.
import assert from "node:assert/strict";
import { adminSql, createUser, dbTest, localUrl, type TestUser, uploadFile, withServer } from "./test-support.ts";

const text = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);

async function signedUrl(base: string, user: TestUser, fileId: string, disposition: "inline" | "attachment"): Promise<string> {
  const res = await fetch(`${base}/download-url`, {
    method: "POST",
    headers: { ...user.auth, "content-type": "application/json" },
    body: JSON.stringify({ file_id: fileId, disposition }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return localUrl((await res.json()).url, base);
}

/** The web client's origin, as the SQL knows it (private.settings site_url). */
async function siteOrigin(): Promise<string> {
  const sql = adminSql();
  try {
    const [row] = await sql`select private.site_url() as url`;
    return new URL(row.url).origin;
  } finally {
    await sql.end();
  }
}

Deno.test({
  ...dbTest,
  name: "a signed download serves a script as attachment bytes without wildcard CORS; the site alone may read it",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const site = await siteOrigin();
      for (const [name, body, mime] of [
        // .js itself is refused at upload; a script still arrives under another name or an older file.
        ["widget.mjs", "alert(document.domain)", "text/javascript"],
        ["page.html", "<!doctype html><script>alert(1)</script>", "text/html"],
        ["style.css", "body{background:url(x)}", "text/css"],
        ["data.json", '{"a":1}', "application/json"],
      ] as const) {
        const file = await uploadFile(base, ada, name, text(body), mime);
        for (const disposition of ["inline", "attachment"] as const) {
          const url = await signedUrl(base, ada, file.id, disposition);
          const evil = await fetch(url, { headers: { origin: "https://evil.example" } });
          assert.equal(evil.status, 200, name);
          assert.equal(evil.headers.get("content-type"), "application/octet-stream", `${name} ${disposition}`);
          assert.match(evil.headers.get("content-disposition") ?? "", /^attachment;/, `${name} ${disposition}`);
          assert.equal(evil.headers.get("x-content-type-options"), "nosniff", name);
          assert.equal(evil.headers.get("access-control-allow-origin"), null, `${name}: no other site may read it`);
          assert.equal(await evil.text(), body, name);
          const own = await fetch(url, { headers: { origin: site } });
          assert.equal(own.headers.get("access-control-allow-origin"), site, `${name}: the web client may (its text preview)`);
          assert.match(own.headers.get("vary") ?? "", /origin/i, name);
          await own.body?.cancel();
        }
      }
      // An inline-safe type keeps its type, shows inline when asked, and any site may read it.
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      const photo = await uploadFile(base, ada, "photo.png", png, "image/png");
      const res = await fetch(await signedUrl(base, ada, photo.id, "inline"), { headers: { origin: "https://elsewhere.example" } });
      assert.equal(res.headers.get("content-type"), "image/png");
      assert.match(res.headers.get("content-disposition") ?? "", /^inline;/);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      await res.body?.cancel();
    });
  },
});
