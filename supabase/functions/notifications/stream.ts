/**
 * One server-sent-events stream of one caller's notifications. It reads
 * what is new for it (seq after the last it sent) as its caller, so RLS
 * decides what it may see and the pre-request ends it with its session;
 * the hub only tells it when to look. Event ids are seqs: a reconnect with
 * Last-Event-ID replays exactly what it missed, folds included.
 */
import { asCaller, type Caller } from "../_shared/db.ts";
import { type Signal, subscribe } from "./hub.ts";

export interface StreamOptions {
  /** The seq a reconnect last saw (Last-Event-ID); null starts from now. */
  after: bigint | null;
  /** How often a comment line keeps proxies from closing an idle stream, and the session is checked (25 s). */
  heartbeatMs: number;
  headers: HeadersInit;
}

interface Row {
  seq: string;
  item: unknown;
}

const encoder = new TextEncoder();
const PAGE = 100;

/** Opens the stream: 401 (thrown) when the caller's session has ended; else the text/event-stream response. */
export async function openStream(caller: Caller, req: Request, options: StreamOptions): Promise<Response> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let last = options.after ?? 0n;
  let ready = false;
  let running = false;
  let dirty = false;
  let closed = false;
  const timer: { heartbeat?: ReturnType<typeof setInterval> } = {};
  let unsubscribe: () => void = () => {};

  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      cleanup();
    }
  };
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer.heartbeat);
    unsubscribe();
  };
  const end = (reason: string) => {
    if (closed) return;
    write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    cleanup();
    try {
      controller.close();
    } catch { /* already closed by the client */ }
  };
  const reasonOf = (err: unknown) => (err as { code?: string })?.code === "PT401" ? "session_ended" : "error";

  /** Sends every notification after `last`, one run at a time; a signal during a run runs it again. */
  const pump = async (): Promise<void> => {
    if (!ready || closed) return;
    if (running) {
      dirty = true;
      return;
    }
    running = true;
    try {
      do {
        dirty = false;
        for (;;) {
          const rows = await asCaller(caller, req, (tx) =>
            tx<Row[]>`
            select n.seq::text as seq, app.notification_json(n) as item
            from app.notifications n
            where n.seq > ${last.toString()}::bigint
            order by n.seq
            limit ${PAGE}`);
          for (const row of rows) {
            write(`id: ${row.seq}\nevent: notification\ndata: ${JSON.stringify(row.item)}\n\n`);
            last = BigInt(row.seq);
          }
          if (rows.length < PAGE || closed) break;
        }
      } while (dirty && !closed);
    } catch (err) {
      end(reasonOf(err));
    } finally {
      running = false;
    }
  };

  const onSignal = (signal: Signal) => {
    if (signal.kind === "ended") {
      if (signal.sessionId === caller.claims.session_id) end("session_ended");
      return;
    }
    void pump();
  };

  const readable = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cleanup();
    },
  });
  req.signal?.addEventListener("abort", cleanup);

  // Subscribe first, then read where to start: nothing can fall between.
  unsubscribe = await subscribe(caller.userId, onSignal);
  try {
    if (options.after === null) {
      const [row] = await asCaller(caller, req, (tx) =>
        tx<{ seq: string }[]>`
        select coalesce(max(n.seq), 0)::text as seq from app.notifications n`);
      last = BigInt(row.seq);
    } else {
      // Checks the session before the first byte, as the start from now does.
      await asCaller(caller, req, (tx) => tx`select 1`);
    }
  } catch (err) {
    cleanup();
    throw err;
  }
  write(`retry: 2000\n\n`);
  ready = true;
  await pump();
  if (!closed) write(`id: ${last}\nevent: ready\ndata: {}\n\n`);

  // Set only while open: cleanup clears it, and a stream that already ended needs none.
  if (!closed) {
    timer.heartbeat = setInterval(async () => {
      if (closed) return;
      write(": heartbeat\n\n");
      try {
        await asCaller(caller, req, (tx) => tx`select 1`);
      } catch (err) {
        end(reasonOf(err));
      }
    }, options.heartbeatMs);
  }

  return new Response(readable, {
    headers: {
      ...Object.fromEntries(new Headers(options.headers)),
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
