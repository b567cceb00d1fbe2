// Admission below Deno.serve (admission.ts): only so many connections are
// served at once and the rest after, none failing; idle keep-alive
// connections give their slot to waiting ones; event streams hold none; the
// handler sees each client's own address; shutdown drains.
import assert from "node:assert/strict";
import { type AdmittedInfo, serveAdmitted } from "./admission.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const decoder = new TextDecoder();

/** One HTTP/1.1 exchange on an open connection: the status and the body (by Content-Length). */
async function exchange(conn: Deno.Conn, path: string, body = ""): Promise<{ status: number; body: string; head: string }> {
  const head = body
    ? `POST ${path} HTTP/1.1\r\nhost: t\r\ncontent-length: ${body.length}\r\n\r\n`
    : `GET ${path} HTTP/1.1\r\nhost: t\r\n\r\n`;
  await conn.write(new TextEncoder().encode(head + body));
  let text = "";
  const buf = new Uint8Array(4096);
  for (;;) {
    const split = text.indexOf("\r\n\r\n");
    if (split >= 0) {
      const length = Number(/content-length: (\d+)/i.exec(text.slice(0, split))?.[1] ?? 0);
      if (text.length >= split + 4 + length) {
        return { status: Number(text.slice(9, 12)), body: text.slice(split + 4, split + 4 + length), head: text.slice(0, split).toLowerCase() };
      }
    }
    const n = await conn.read(buf);
    if (n === null) throw new Error(`connection ended after ${JSON.stringify(text)}`);
    text += decoder.decode(buf.subarray(0, n));
  }
}

/** A handler whose requests wait until released, counting how many run at once. */
function gatedHandler() {
  const gates: (() => void)[] = [];
  const state = { running: 0, most: 0, started: 0 };
  const handler = async (req: Request, info: AdmittedInfo) => {
    state.started++;
    state.running = Math.max(0, state.running) + 1;
    state.most = Math.max(state.most, state.running);
    const path = new URL(req.url).pathname;
    if (path === "/held") await new Promise<void>((resolve) => gates.push(resolve));
    if (req.body) await req.body.cancel();
    state.running--;
    return Response.json({ host: info.remoteAddr.hostname, port: info.remoteAddr.port });
  };
  return { handler, state, gates };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await delay(10);
  assert.ok(check(), what);
}

Deno.test("N + k connections: only N are served at once, the rest after, none fail, each with its own address", async () => {
  const { handler, state, gates } = gatedHandler();
  // An idle timeout shorter than the wait: waiting for a slot is not idleness.
  const server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 3, idleTimeoutMs: 150 }, handler);
  const conns: Deno.TcpConn[] = [];
  try {
    for (let i = 0; i < 8; i++) conns.push(await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port }));
    const answers = conns.map((c, i) => exchange(c, "/held", i % 2 ? "x".repeat(10_000) : ""));
    await until(() => state.started === 3, "three requests started");
    await delay(300);
    assert.equal(state.started, 3, "no fourth request reached the handler while three were in flight");
    assert.deepEqual({ active: server.stats().active, waiting: server.stats().waiting }, { active: 3, waiting: 5 });
    while (state.started < 8 || gates.length) {
      gates.shift()?.();
      await delay(20);
    }
    const results = await Promise.all(answers);
    assert.equal(state.most, 3, "never more than three at once");
    results.forEach((r, i) => {
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.body), { host: "127.0.0.1", port: conns[i].localAddr.port }, "the handler saw this client's own address");
    });
    await until(() => server.stats().active === 0, "every slot given back");
  } finally {
    for (const c of conns) c.close();
    await server.shutdown();
  }
});

Deno.test("an idle keep-alive connection gives its slot to a waiting one after the idle timeout; one in flight is never idle", async () => {
  const { handler, state, gates } = gatedHandler();
  const server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 1, idleTimeoutMs: 300 }, handler);
  const a = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  let b: Deno.TcpConn | null = null;
  try {
    const first = await exchange(a, "/quick");
    assert.equal(first.status, 200);
    assert.ok(!first.head.includes("connection: close"), "nobody waited: the connection is kept");
    // `a` stays open, idle, on the only slot: `b` is served once the idle timeout has closed `a`.
    b = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
    const started = performance.now();
    assert.equal((await exchange(b, "/quick")).status, 200);
    const waited = performance.now() - started;
    assert.ok(waited > 200 && waited < 2000, `b waited ${waited.toFixed(0)} ms for a's idle timeout`);
    assert.equal(await a.read(new Uint8Array(16)).catch(() => null), null, "the idle connection was closed");
    // A request in flight is never idle, however long it takes.
    const held = exchange(b, "/held");
    await until(() => gates.length === 1, "held request started");
    await delay(500);
    gates.shift()!();
    assert.equal((await held).status, 200);
    assert.equal(state.most, 1);
  } finally {
    a.close();
    b?.close();
    await server.shutdown();
  }
});

Deno.test("a request head trickled a byte at a time cannot keep its slot past the idle timeout", async () => {
  const { handler, state } = gatedHandler();
  const server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 1, idleTimeoutMs: 400 }, handler);
  const slow = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  const other = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  try {
    const started = performance.now();
    // A byte every 100 ms: never idle for 400 ms, but the head is not whole 400 ms after its first byte.
    const trickle = (async () => {
      for (const byte of new TextEncoder().encode("GET /quick HTTP/1.1\r\nhost: t\r\nx-pad: " + "a".repeat(40))) {
        await slow.write(Uint8Array.of(byte));
        await delay(100);
      }
    })().catch(() => "ended");
    const served = await exchange(other, "/quick");
    const waited = performance.now() - started;
    assert.equal(served.status, 200, "the waiting connection was served");
    assert.ok(waited > 300 && waited < 2000, `served after ${waited.toFixed(0)} ms, once the trickling head ran out of time`);
    assert.equal(await slow.read(new Uint8Array(16)).catch(() => null), null, "the trickling connection was closed");
    assert.equal(await trickle, "ended", "its next write failed");
    assert.equal(state.started, 1, "only the other request reached the handler");
  } finally {
    slow.close();
    other.close();
    await server.shutdown();
  }
});

Deno.test("while connections wait, each answer closes its connection so the slot passes on", async () => {
  const { handler, state, gates } = gatedHandler();
  const server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 1, idleTimeoutMs: 0 }, handler);
  const a = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  const b = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  try {
    const first = exchange(a, "/held");
    await until(() => state.started === 1, "a's request started");
    const second = exchange(b, "/quick");
    await until(() => server.stats().waiting === 1, "b waits");
    gates.shift()!();
    assert.ok((await first).head.includes("connection: close"), "a was told its connection ends");
    assert.equal((await second).status, 200, "b was served after a, with no idle timeout at all");
  } finally {
    a.close();
    b.close();
    await server.shutdown();
  }
});

Deno.test("an event stream gives its slot back once it starts", async () => {
  let streamController: ReadableStreamDefaultController<Uint8Array> | null = null;
  const server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 1, idleTimeoutMs: 0 }, (req) => {
    if (new URL(req.url).pathname === "/events") {
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (streamController = c) });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    }
    return new Response("ok", { headers: { "content-length": "2" } });
  });
  const stream = await fetch(`http://127.0.0.1:${server.addr.port}/events`);
  try {
    assert.equal(stream.headers.get("content-type"), "text/event-stream");
    const other = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
    const answer = await Promise.race([exchange(other, "/ok"), delay(2000).then(() => null)]);
    other.close();
    assert.deepEqual(answer && { status: answer.status, body: answer.body }, { status: 200, body: "ok" }, "served beside the open stream");
  } finally {
    streamController!.close();
    await stream.body?.cancel();
    await server.shutdown();
  }
});

Deno.test("shutdown refuses new connections, ends waiting ones and lets the request in flight finish", async () => {
  const { handler, state, gates } = gatedHandler();
  const server = serveAdmitted({ hostname: "127.0.0.1", port: 0, maxActive: 1, idleTimeoutMs: 0 }, handler);
  const port = server.addr.port;
  const inFlight = await Deno.connect({ hostname: "127.0.0.1", port });
  const waiting = await Deno.connect({ hostname: "127.0.0.1", port });
  const answer = exchange(inFlight, "/held");
  await until(() => state.started === 1, "first request started");
  const second = exchange(waiting, "/held").catch((err) => err);
  await delay(100);
  const stopped = server.shutdown();
  await delay(50);
  await assert.rejects(Deno.connect({ hostname: "127.0.0.1", port }), "a new connection is refused");
  assert.ok((await second) instanceof Error, "the connection still waiting for a slot was ended, never served");
  gates.shift()!();
  assert.equal((await answer).status, 200, "the request in flight got its answer");
  await stopped;
  assert.equal(state.started, 1);
  inFlight.close();
  waiting.close();
});
