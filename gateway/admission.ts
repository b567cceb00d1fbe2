/**
 * Admission below Deno.serve: at most `maxActive` connections are served at a
 * time; the others are accepted (so no client's connect times out in a full
 * listen backlog) but not read: their requests wait in the kernel's socket
 * buffers (backpressure, not errors) until a slot is free.
 *
 * Why below the handler: Deno's HTTP server takes in each in-flight request's
 * body whether or not the handler reads it, and keeps each connection's
 * buffers while it lives (measured in bench/files: 1,000 concurrent 1 MiB
 * uploads peaked a plain Deno server at 2.2 GB; one running only 64 handlers
 * at a time still at 1.7 GB, and a relay reading only 64 connections' requests
 * at a time but keeping 1,000 open at 1.2 GB of native memory, with V8's heap
 * at 77 MB). So the connections themselves are what is counted: we accept the
 * TCP connections and relay each admitted one to an inner `Deno.serve` on
 * loopback.
 *
 * A slot is given back when its connection ends. So that connections waiting
 * are not stuck behind idle keep-alive ones: while any wait, every response
 * carries `Connection: close` (the client opens a new connection for its next
 * request and queues fairly; no race with a request it was sending), and a
 * connection with no request in flight and no byte for `idleTimeoutMs` is
 * closed; so is one whose request head, once begun, has not arrived whole
 * within that time (a client that sends half a head and stops, or trickles it a
 * byte at a time to keep its slot).
 * An event stream leaves the budget once its response starts: it is cheap
 * (about 100 KB) and would otherwise hold its slot for hours; it is answered
 * `Connection: close`, so its connection carries nothing else.
 *
 * The handler sees the client's own address: the inner connection's source
 * port names the accepted connection it relays. A connection to the inner
 * port that we did not make is answered 421 and learns nothing.
 */

/** What the handler is told about a request's connection (as Deno.serve's info). */
export interface AdmittedInfo {
  remoteAddr: Deno.NetAddr;
  completed: Promise<void>;
}

export interface AdmissionOptions {
  hostname: string;
  port: number;
  /** Connections with a request in flight at once; more wait unread. */
  maxActive: number;
  /** An idle connection (no request in flight, no byte from the client) is closed after this long; 0: never. */
  idleTimeoutMs: number;
  onListen?: (addr: Deno.NetAddr) => void;
}

/** A server like Deno.serve's: its address, a graceful shutdown, and how many connections are active and waiting. */
export interface AdmittedServer {
  addr: Deno.NetAddr;
  /** Stops accepting, closes idle and waiting connections, lets requests in flight finish. */
  shutdown(): Promise<void>;
  finished: Promise<void>;
  stats(): { active: number; waiting: number; connections: number };
}

/**
 * A small read while a connection is idle or starting a request; a big one while bytes stream, and for every
 * answer. Each chunk is an op into Deno and back, so fewer, bigger ones move more (a 1 GiB GET relayed with
 * 64 KiB reads: 304 MiB/s; with 256 KiB: 436 MiB/s; on a busy machine), and a 4 KiB answer read into a big
 * buffer is one op where 4 KiB reads took two (a relay alone, wrk at 32 connections: 4 KB answers 41 us each
 * instead of 51, 20 KB ones 50 instead of 82). At most two per slot are in use: 32 MiB for 64 slots.
 */
const SMALL = 4 * 1024;
const BIG = 256 * 1024;

/** A FIFO counting semaphore. */
class Slots {
  #free: number;
  #waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  active = 0;
  constructor(max: number) {
    this.#free = max;
  }
  get waiting(): number {
    return this.#waiters.length;
  }
  acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      this.active++;
      return Promise.resolve();
    }
    // The slot passes straight from release() to the first waiter (active stays counted).
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }
  release(): void {
    const next = this.#waiters.shift();
    if (next) return next.resolve();
    this.active--;
    this.#free++;
  }
  rejectAll(err: Error): void {
    for (const w of this.#waiters.splice(0)) w.reject(err);
  }
}

/** The big read buffers, kept for reuse: only connections whose bytes are streaming hold one. */
class BufferPool {
  #free: Uint8Array[] = [];
  constructor(private keep: number) {}
  take(): Uint8Array {
    return this.#free.pop() ?? new Uint8Array(BIG);
  }
  give(buf: Uint8Array): void {
    if (this.#free.length < this.keep) this.#free.push(buf);
  }
}

interface Relay {
  client: Deno.TcpConn;
  inner: Deno.TcpConn;
  held: boolean;
  inFlight: number;
  /** When it is closed for idleness (performance.now() ms); Infinity while a request is in flight. */
  idleDeadline: number;
  /** A request head has begun (bytes came with none in flight): the clock runs from its first byte, not its last. */
  heading: boolean;
  closed: boolean;
  /** Its last response said `Connection: close`: the connection ends once that response is sent. */
  closeAfter: boolean;
  /** Settles once both directions have ended. */
  done: Promise<unknown>;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

/**
 * Copies `from` to `to` until `from` ends. Reads are small until one fills its
 * buffer (bytes are streaming) or `eager()` says bytes are due (an answer),
 * then 256 KiB from the pool, given back at the first short read once not
 * eager, so an idle connection's pending read holds 4 KiB only. `onBytes` runs
 * as each chunk comes in.
 */
async function pump(
  from: Deno.Conn,
  to: Deno.Conn,
  pool: BufferPool,
  onBytes: () => void,
  eager: () => boolean = () => false,
): Promise<void> {
  const small = new Uint8Array(SMALL);
  let big: Uint8Array | null = null;
  try {
    for (;;) {
      if (!big && eager()) big = pool.take();
      const buf = big ?? small;
      const n = await from.read(buf);
      if (n === null) return;
      onBytes();
      await writeAll(to, buf.subarray(0, n));
      if (n === buf.length) big ??= pool.take();
      else if (big && n < SMALL && !eager()) {
        pool.give(big);
        big = null;
      }
    }
  } finally {
    if (big) pool.give(big);
  }
}

/** Serves `handler` behind the admission relay (see the module comment). */
export function serveAdmitted(
  options: AdmissionOptions,
  handler: (req: Request, info: AdmittedInfo) => Response | Promise<Response>,
): AdmittedServer {
  const slots = new Slots(options.maxActive);
  const pool = new BufferPool(2 * options.maxActive);
  const relays = new Map<number, Relay>();
  let stopping = false;

  const leaveBudget = (r: Relay) => {
    if (r.held) {
      r.held = false;
      slots.release();
    }
  };
  const close = (r: Relay) => {
    if (r.closed) return;
    r.closed = true;
    relays.delete(r.inner.localAddr.port);
    leaveBudget(r);
    for (const c of [r.client, r.inner]) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
  };
  const armIdle = (r: Relay) => {
    if (stopping) return close(r);
    r.idleDeadline = performance.now() + options.idleTimeoutMs;
  };
  // One sweep for every connection's idle clock, not a timer per request (a timer set and cleared each request
  // cost about 8 us of a relay's 40-50).
  const sweeper = options.idleTimeoutMs > 0
    ? setInterval(() => {
      const now = performance.now();
      for (const r of relays.values()) if (r.idleDeadline <= now) close(r);
    }, Math.max(10, Math.min(1000, options.idleTimeoutMs / 4)))
    : undefined;

  const inner = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req, info) => {
    const peer = info.remoteAddr as Deno.NetAddr;
    const r = peer.hostname === "127.0.0.1" ? relays.get(peer.port) : undefined;
    if (!r) {
      return Response.json({ code: "PGRST421", message: "Misdirected Request", details: null, hint: null }, { status: 421 });
    }
    r.inFlight++;
    r.heading = false;
    r.idleDeadline = Infinity;
    const answered = () => {
      if (--r.inFlight > 0) return;
      // Deno's server keeps the connection whatever the header says: our end of input makes it close, after the
      // response's last byte (the client reads it all, then the end). So does a shutdown.
      if (r.closeAfter || stopping) r.inner.closeWrite().catch(() => close(r));
      else armIdle(r);
    };
    info.completed.then(answered, answered);
    let res = await handler(req, { remoteAddr: r.client.remoteAddr, completed: info.completed });
    const stream = res.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
    if (stream || slots.waiting > 0) res = closing(res);
    if (stream) leaveBudget(r);
    // Also a handler's own `Connection: close` (a request body that stalled, body-timeout.ts).
    if (res.headers.get("connection")?.toLowerCase() === "close") r.closeAfter = true;
    return res;
  });
  const innerPort = inner.addr.port;

  const listener = Deno.listen({ hostname: options.hostname, port: options.port });
  const addr = listener.addr;
  options.onListen?.(addr);

  /** Waits for a slot (the client's bytes stay unread), then relays the connection until either side ends. */
  async function admit(client: Deno.TcpConn): Promise<void> {
    try {
      await slots.acquire();
    } catch {
      client.close();
      return;
    }
    let innerConn: Deno.TcpConn;
    try {
      innerConn = await Deno.connect({ hostname: "127.0.0.1", port: innerPort });
    } catch {
      slots.release();
      client.close();
      return;
    }
    client.setNoDelay(true);
    innerConn.setNoDelay(true);
    let ended = () => {};
    const done = new Promise<void>((resolve) => (ended = resolve));
    const r: Relay = {
      client,
      inner: innerConn,
      held: true,
      inFlight: 0,
      idleDeadline: Infinity,
      heading: false,
      closed: false,
      closeAfter: false,
      done,
    };
    relays.set(innerConn.localAddr.port, r);
    armIdle(r);
    // The first byte of a request head restarts the clock once: the head then has that long to arrive whole.
    const upstream = pump(client, innerConn, pool, () => {
      if (r.inFlight > 0 || r.heading) return;
      r.heading = true;
      armIdle(r);
    });
    // An answer is due while a request is in flight; an event stream (out of the budget) trickles, small.
    const downstream = pump(innerConn, client, pool, () => {}, () => r.inFlight > 0 && r.held);
    // The client's end of input is passed on (as a direct connection would see it); a failure ends both
    // (also a write into a connection we already ended, after a `Connection: close` answer).
    upstream.then(() => {
      if (!r.closeAfter) innerConn.closeWrite().catch(() => {});
    }, () => close(r));
    await downstream.catch(() => {});
    close(r);
    await upstream.catch(() => {});
    ended();
  }

  const accepting = (async () => {
    for await (const conn of listener) admit(conn as Deno.TcpConn);
  })().catch(() => {});

  return {
    addr,
    stats: () => ({ active: slots.active, waiting: slots.waiting, connections: relays.size }),
    async shutdown() {
      stopping = true;
      clearInterval(sweeper);
      try {
        listener.close();
      } catch { /* closed */ }
      await accepting;
      // Connections still waiting for a slot, or idle, have no request of ours in flight: they end now.
      slots.rejectAll(new Error("shutting down"));
      for (const r of [...relays.values()]) if (r.inFlight === 0) close(r);
      await inner.shutdown();
      // The inner server has sent its last answers and closed its ends: the relays pass on their last bytes, then end.
      const last = [...relays.values()].map((r) => r.done);
      await Promise.race([Promise.allSettled(last), new Promise((resolve) => setTimeout(resolve, 1000))]);
      for (const r of [...relays.values()]) close(r);
    },
    get finished() {
      return inner.finished;
    },
  };
}

/** `res`, ending its connection after it (a new copy when its headers are immutable, as a fetch's are). */
function closing(res: Response): Response {
  try {
    res.headers.set("connection", "close");
    return res;
  } catch {
    const headers = new Headers(res.headers);
    headers.set("connection", "close");
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}
