/**
 * A request body that stops arriving is given up on: the REST API answers
 * 408, and a function reading the body sees its stream fail (and cleans up),
 * instead of the request waiting, with its upload open, until the client leaves.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { withIdleTimeout } from "./body-timeout.ts";
import { loadConfig } from "./config.ts";
import { functions } from "./functions.ts";
import { createGateway } from "./server.ts";
import { adminSql, authenticatorUrl, DATABASE_URL, dbTest, JWT_SECRET, loadFixture } from "./testing/support.ts";
import { config as functionsConfig, loadConfig as loadFunctionsConfig, setConfig } from "../supabase/functions/_shared/config.ts";
import { setStorage } from "../supabase/functions/_shared/storage/index.ts";
import { HttpError } from "./errors.ts";

const IDLE_MS = 300;

/** A byte stream that sends `first` and then nothing, as a client that stopped; records its cancellation. */
function stalled(first: Uint8Array) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    type: "bytes",
    start(c) {
      c.enqueue(first);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

Deno.test("an idle-timeout body passes every byte through, to BYOB and default readers alike", async () => {
  const bytes = new Uint8Array(300_000);
  for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  const source = () =>
    new ReadableStream<Uint8Array>({
      type: "bytes",
      start(c) {
        for (let at = 0; at < bytes.length; at += 70_000) c.enqueue(bytes.slice(at, at + 70_000));
        c.close();
      },
    });
  const byob = withIdleTimeout(source(), IDLE_MS).getReader({ mode: "byob" });
  const got: number[] = [];
  let buffer = new Uint8Array(1 << 16);
  for (;;) {
    const { done, value } = await byob.read(buffer.subarray(0));
    if (value) buffer = new Uint8Array(value.buffer);
    if (done) break;
    got.push(...value!);
  }
  assert.deepEqual(new Uint8Array(got), bytes);
  const text = new Uint8Array(await new Response(withIdleTimeout(source(), IDLE_MS)).arrayBuffer());
  assert.deepEqual(text, bytes);
});

Deno.test("an idle-timeout body fails with a 408 once no byte comes for the timeout, and cancels its source", async () => {
  const { stream, state } = stalled(new Uint8Array([1, 2, 3]));
  const reader = withIdleTimeout(stream, IDLE_MS).getReader();
  assert.deepEqual((await reader.read()).value, new Uint8Array([1, 2, 3]));
  const started = performance.now();
  await assert.rejects(reader.read(), (err) => err instanceof HttpError && err.status === 408);
  const waited = performance.now() - started;
  assert.ok(waited >= IDLE_MS - 20 && waited < IDLE_MS * 5, `${waited} ms`);
  assert.equal(state.cancelled, true);
});

Deno.test("a slow reader is not timed out: only waiting for the client counts", async () => {
  let sent = 0;
  const source = new ReadableStream({
    type: "bytes",
    pull(c: ReadableByteStreamController) {
      if (sent++ < 3) return c.enqueue(new Uint8Array([sent]));
      c.close();
      c.byobRequest?.respond(0); // a byte stream ends a pending BYOB read this way, as request bodies do
    },
  });
  const reader = withIdleTimeout(source, 50).getReader();
  const got: number[] = [];
  for (;;) {
    await new Promise((r) => setTimeout(r, 120)); // the consumer (a slow disk) takes its time
    const { done, value } = await reader.read();
    if (done) break;
    got.push(...value);
  }
  assert.deepEqual(got, [1, 2, 3]);
});

/**
 * Sends `head` and `partial` on a raw socket, then waits (the client gives up after 20 idle
 * timeouts); answers the status line, the headers, the JSON body and how long the answer took.
 */
async function stalledRequest(port: number, head: string, partial: string) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const started = performance.now();
  const chunks: Uint8Array[] = [];
  const deadline = setTimeout(() => conn.close(), IDLE_MS * 20);
  let text = "";
  try {
    await conn.write(new TextEncoder().encode(head + partial));
    const buf = new Uint8Array(65536);
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
      text = new TextDecoder().decode(concat(chunks));
      const m = /\r\ncontent-length: (\d+)\r\n[\s\S]*?\r\n\r\n([\s\S]*)$/i.exec(text);
      if (m && new TextEncoder().encode(m[2]).length >= Number(m[1])) break;
    }
  } finally {
    clearTimeout(deadline);
    try {
      conn.close();
    } catch { /* closed already */ }
  }
  const ms = performance.now() - started;
  const [headers, body = ""] = text.split("\r\n\r\n");
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(body);
  } catch { /* not JSON */ }
  return { status: headers.split("\r\n")[0], headers, json, ms };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function withGateway<T>(fn: (port: number) => Promise<T>): Promise<T> {
  await loadFixture();
  const storageRoot = Deno.makeTempDirSync({ prefix: "pgdrive-body-timeout-" });
  setConfig(loadFunctionsConfig({
    SUPABASE_URL: "http://127.0.0.1:9",
    SUPABASE_DB_URL: DATABASE_URL,
    SUPABASE_JWT_SECRET: JWT_SECRET,
    DATA_DIR: storageRoot,
    STORAGE_FS_ROOT: `${storageRoot}/storage`,
    FILES_MAINTENANCE_INTERVAL_MS: "0",
  }));
  setStorage(null);
  const gateway = createGateway(loadConfig({
    PGRST_DB_URI: authenticatorUrl(),
    PGRST_JWT_SECRET: JWT_SECRET,
    PGRST_DB_POOL: "2",
    GATEWAY_BODY_IDLE_TIMEOUT_MS: String(IDLE_MS),
  }));
  await gateway.rest.reload();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req, info) => gateway.fetch(req, { remoteAddr: (info.remoteAddr as Deno.NetAddr).hostname }),
  );
  try {
    return await fn(server.addr.port);
  } finally {
    await server.shutdown();
    await gateway.rest.close();
    Deno.removeSync(storageRoot, { recursive: true });
  }
}

const head = (path: string, extra = "") =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n${extra}\r\n`;

Deno.test({ name: "REST: a body that declares 100 bytes and sends 10 is answered 408 after the idle timeout", ...dbTest }, async () => {
  await withGateway(async (port) => {
    const r = await stalledRequest(port, head("/rest/v1/rpc/gw_add"), '{"a": 1, "');
    assert.match(r.status, /^HTTP\/1\.1 408/, r.headers);
    assert.equal(r.json?.code, "PGRST408", JSON.stringify(r));
    assert.ok(r.json && "details" in r.json && "hint" in r.json && typeof r.json.message === "string");
    assert.ok(r.ms >= IDLE_MS - 20 && r.ms < IDLE_MS * 10, `${r.ms} ms`);
    assert.match(r.headers, /\r\nconnection: close\r\n/i);
  });
});

Deno.test({ name: "functions: the body a function reads fails after the idle timeout, and the read is aborted", ...dbTest }, async () => {
  const seen: { error?: unknown; bytes: number } = { bytes: 0 };
  functions.body_probe = async (req) => {
    const reader = req.body!.getReader({ mode: "byob" });
    let buffer = new Uint8Array(1024);
    try {
      for (;;) {
        const { done, value } = await reader.read(buffer.subarray(0));
        if (value) buffer = new Uint8Array(value.buffer);
        if (done) break;
        seen.bytes += value!.byteLength;
      }
    } catch (err) {
      seen.error = err;
      throw err;
    }
    return new Response("read it all");
  };
  try {
    await withGateway(async (port) => {
      const r = await stalledRequest(port, head("/functions/v1/body_probe"), "0123456789");
      assert.match(r.status, /^HTTP\/1\.1 408/, r.headers);
      assert.equal(r.json?.code, "PGRST408");
      assert.equal(seen.bytes, 10);
      assert.ok(seen.error instanceof HttpError && seen.error.status === 408, String(seen.error));
      assert.ok(r.ms < IDLE_MS * 10, `${r.ms} ms`);
    });
  } finally {
    delete functions.body_probe;
  }
});

Deno.test({ name: "store_file: a stalled upload is answered 408 and leaves no bytes behind", ...dbTest }, async () => {
  const sql = adminSql();
  let auth: string;
  try {
    const email = `stall-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const [user] = await sql`insert into app.users (email, password_hash, name) values (${email}, 'x', 'test') returning id`;
    const [session] = await sql`insert into app.sessions (user_id) values (${user.id}) returning id`;
    auth = await new SignJWT({ role: "authenticated", email, session_id: session.id })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" }).setSubject(user.id).setAudience("authenticated")
      .setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(JWT_SECRET));
  } finally {
    await sql.end();
  }
  await withGateway(async (port) => {
    const extra = `Authorization: Bearer ${auth}\r\nFile-Path: /stalled.bin\r\n`;
    const r = await stalledRequest(port, head("/rpc/store_file", extra).replace("application/json", "application/octet-stream"), "0123456789");
    assert.match(r.status, /^HTTP\/1\.1 408/, `${r.headers} ${JSON.stringify(r.json)}`);
    assert.ok(r.ms < IDLE_MS * 10, `${r.ms} ms`);
    const left: string[] = [];
    const walk = async (dir: string) => {
      for await (const e of Deno.readDir(dir)) {
        if (e.isDirectory) await walk(`${dir}/${e.name}`);
        else left.push(`${dir}/${e.name}`);
      }
    };
    const storage = functionsConfig().storage;
    if (storage.driver === "fs") await walk(storage.root).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
    assert.deepEqual(left, []);
  });
});
