// The files housekeeping is the service role's, by SQL's grants: it runs
// every step as its caller, so a signed-in user's token gets 403 and changes
// nothing, and the service role's runs it.
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { loadStorage } from "../_shared/storage/index.ts";
import { adminSql, createUser, dbTest, JWT_SECRET, localUrl, streamOf, uploadFile, withServer } from "./test-support.ts";

async function serviceRoleKey(): Promise<string> {
  return await new SignJWT({ role: "service_role" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience("authenticated")
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(JWT_SECRET));
}

Deno.test({
  ...dbTest,
  name: "maintenance refuses a signed-in user (403, nothing expired) and runs for the service role",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const sql = adminSql();
      try {
        const [{ id }] = await sql`insert into app.uploads (owner_id, name, size, mime_type, object_key, kind, expires_at)
          values (${ada.id}, 'stale.txt', 3, 'text/plain', gen_random_uuid()::text, 'signed', now() - interval '1 minute')
          returning id`;
        const refused = await fetch(`${base}/maintenance`, { method: "POST", headers: ada.auth });
        assert.equal(refused.status, 403);
        assert.equal((await refused.json()).code, "42501");
        assert.equal((await sql`select 1 from app.uploads where id = ${id}`).length, 1, "nothing was expired");

        const ran = await fetch(`${base}/maintenance`, {
          method: "POST",
          headers: { authorization: `Bearer ${await serviceRoleKey()}` },
        });
        assert.equal(ran.status, 200, await ran.clone().text());
        assert.ok((await ran.json()).expiredUploads >= 1);
        assert.equal((await sql`select 1 from app.uploads where id = ${id}`).length, 0, "the expired upload is gone");
      } finally {
        await sql.end();
      }
    });
  },
});

Deno.test({
  ...dbTest,
  name: "a run records the orphans it found and collected, which the admin Storage page reads",
  async fn() {
    await withServer(async (base) => {
      const sql = adminSql();
      try {
        // Bytes no row references: what a crash between writing and recording leaves.
        const driver = await loadStorage();
        const orphan = crypto.randomUUID();
        await driver.write(orphan, streamOf(new TextEncoder().encode("left by a crash")));
        const ran = await fetch(`${base}/maintenance?grace_ms=0`, {
          method: "POST",
          headers: { authorization: `Bearer ${await serviceRoleKey()}` },
        });
        assert.equal(ran.status, 200, await ran.clone().text());
        const report = await ran.json();
        assert.ok(report.orphansFound >= 1, "the orphan was found");
        assert.equal(report.sweptObjects, report.orphansFound, "and every orphan found was collected");
        assert.equal(await driver.stat(orphan), null, "its bytes are gone");
        const [run] = await sql`select orphans_found, orphans_collected, deleted_objects, collection_paused
          from app.maintenance_runs order by ran_at desc, id desc limit 1`;
        assert.deepEqual(
          { ...run },
          { orphans_found: report.orphansFound, orphans_collected: report.sweptObjects, deleted_objects: report.deletedObjects, collection_paused: false },
          "the run is recorded as reported",
        );
      } finally {
        await sql.end();
      }
    });
  },
});

Deno.test({
  ...dbTest,
  name: "a deleted file's bytes are kept for the backup retention, then collected; an upload that never completed is collected at once",
  async fn() {
    await withServer(async (base) => {
      const ada = await createUser();
      const sql = adminSql();
      const driver = await loadStorage();
      const service = { authorization: `Bearer ${await serviceRoleKey()}` };
      // grace_ms=0: the orphan sweep looks at every object, so it too must leave the kept one alone.
      const maintain = async () => {
        const res = await fetch(`${base}/maintenance?grace_ms=0`, { method: "POST", headers: service });
        assert.equal(res.status, 200, await res.clone().text());
        return await res.json();
      };
      try {
        await sql`update private.settings set value = '7' where key = 'backup.retention_days'`;
        const file = await uploadFile(base, ada, "kept.txt", new TextEncoder().encode("kept for the backups"), "text/plain");
        const [{ object_key: kept }] = await sql`select object_key from app.file_versions where file_id = ${file.id}`;
        await sql`delete from app.files where id = ${file.id}`;
        const [queued] = await sql`
          select keep_until > now() + interval '6 days 23 hours' as a_week from app.storage_garbage where object_key = ${kept}`;
        assert.equal(queued?.a_week, true, "queued to be kept for seven days");

        // Bytes of an upload that never completed, past its expiry: nothing was confirmed, nothing is kept.
        const begin = await fetch(`${base}/uploads`, {
          method: "POST",
          headers: { ...ada.auth, "content-type": "application/json" },
          body: JSON.stringify({ name: "never.txt", size: 5, mime: "text/plain" }),
        });
        const up = await begin.json();
        assert.equal(begin.status, 201, JSON.stringify(up));
        const put = await fetch(localUrl(up.url, base), { method: "PUT", headers: up.headers, body: new TextEncoder().encode("never") });
        assert.ok(put.ok, await put.text());
        const [{ object_key: unconfirmed }] = await sql`
          update app.uploads set expires_at = now() - interval '1 minute' where id = ${up.upload_id} returning object_key`;

        await maintain();
        assert.notEqual(await driver.stat(kept), null, "the deleted file's bytes are still there, for a restored backup");
        assert.equal(await driver.stat(unconfirmed), null, "the expired upload's bytes are gone");

        // Once its retention has passed, the next run collects it.
        await sql`update app.storage_garbage set keep_until = now() - interval '1 second' where object_key = ${kept}`;
        const report = await maintain();
        assert.ok(report.deletedObjects >= 1);
        assert.equal(await driver.stat(kept), null, "collected after the retention");
        assert.equal((await sql`select 1 from app.storage_garbage where object_key = ${kept}`).length, 0, "and forgotten");
      } finally {
        await sql`update private.settings set value = '0' where key = 'backup.retention_days'`;
        await sql.end();
      }
    });
  },
});
