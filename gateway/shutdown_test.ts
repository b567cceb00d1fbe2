// SIGTERM ends the gateway gracefully: it stops accepting, lets a request in
// flight finish with its answer, and exits 0 within its bound (5 s for
// requests, after the jobs' runs in flight are given theirs).
import assert from "node:assert/strict";
import { authenticatorUrl, dbTest, freePort, JWT_SECRET, loadFixture, spawnGateway } from "./testing/support.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test({ name: "SIGTERM: the request in flight gets its answer, new connections are refused, the exit is clean and prompt", ...dbTest }, async () => {
  await loadFixture();
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child, output } = spawnGateway({
    PGRST_DB_URI: authenticatorUrl(),
    PGRST_JWT_SECRET: JWT_SECRET,
    PGRST_SERVER_PORT: String(port),
  });
  let exited = false;
  try {
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${base}/rest/v1/gw_authors?select=id&limit=1`).catch(() => null);
      await res?.body?.cancel();
      if (res?.status === 200) break;
      await delay(50);
    }
    const slow = fetch(`${base}/rest/v1/rpc/gw_sleep`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ seconds: 1.5 }) });
    await delay(300);
    const signalled = performance.now();
    child.kill("SIGTERM");
    await delay(200);
    await assert.rejects(fetch(`${base}/rest/v1/gw_authors?select=id&limit=1`), "a new connection is refused once stopping");
    const res = await slow;
    assert.equal(res.status, 200, "the request in flight finished");
    assert.equal(await res.json(), 1);
    const status = await child.status;
    exited = true;
    const took = performance.now() - signalled;
    assert.equal(status.code, 0, await output);
    assert.ok(took < 6000, `exited ${took.toFixed(0)} ms after SIGTERM`);
  } finally {
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
      await child.status;
    }
    await output;
  }
});
