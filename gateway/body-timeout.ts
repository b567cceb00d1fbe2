/**
 * Request bodies that stop arriving: a client that declares more bytes than
 * it sends would otherwise hold its connection (and, for an upload, a
 * reservation and a half-written file) until it gives up. The gateway reads
 * every body through `withIdleTimeout`, which fails the stream with a 408
 * when no byte comes for the idle timeout while its reader waits.
 */
import { HttpError } from "./errors.ts";

/** The chunk a default reader gets (BYOB readers bring their own buffer). */
const CHUNK = 64 * 1024;

/** The error a stalled body fails with; functions that let it through answer 408 too. */
export function bodyTimeoutError(ms: number): HttpError {
  return new HttpError(
    408,
    "PGRST408",
    "Request Timeout",
    `No byte of the request body arrived for ${ms / 1000} seconds.`,
  );
}

/**
 * `source`, failing with a 408 (and cancelling `source`, which aborts the
 * read from the socket) once a read waits more than `ms` for the client.
 * Only waiting for the client counts: a consumer that reads slowly (a busy
 * disk) is never timed out. It is a byte stream that hands a BYOB read
 * straight to the source's BYOB reader, so an upload that reads into its own
 * buffers still copies nothing. `ms` of 0 turns the timeout off.
 */
export function withIdleTimeout(
  source: ReadableStream<Uint8Array>,
  ms: number,
  onTimeout: () => void = () => {},
): ReadableStream<Uint8Array> {
  if (ms <= 0) return source;
  let byob: ReadableStreamBYOBReader | null = null;
  let plain: ReadableStreamDefaultReader<Uint8Array> | null = null;
  try {
    byob = source.getReader({ mode: "byob" });
  } catch {
    plain = source.getReader();
  }
  const reader = (byob ?? plain)!;

  /** Resolves with `read`, or rejects with the timeout error (cancelling the source) after `ms`. */
  async function timed<T>(read: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expired: HttpError | null = null;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = bodyTimeoutError(ms);
        onTimeout();
        reject(expired);
        // Aborts the read from the socket; the read it was waiting for then ends, unused.
        reader.cancel(expired).catch(() => {});
      }, ms);
    });
    try {
      const result = await Promise.race([read, timeout]);
      if (expired) throw expired;
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  const passThrough: UnderlyingByteSource = {
    type: "bytes",
    autoAllocateChunkSize: CHUNK,
    async pull(controller: ReadableByteStreamController) {
      const request = controller.byobRequest;
      if (byob && request?.view) {
        const view = request.view;
        // The source reads into our reader's buffer (transferring it), and we answer with its view.
        const { done, value } = await timed(byob.read(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)));
        if (done) {
          controller.close();
          if (value) request.respondWithNewView(value);
          return;
        }
        request.respondWithNewView(value);
        return;
      }
      const { done, value } = byob
        ? await timed(byob.read(new Uint8Array(CHUNK)))
        : await timed(plain!.read());
      if (done) {
        controller.close();
        request?.respond(0);
        return;
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  };
  return new ReadableStream(passThrough);
}

const stalled = new WeakSet<Request>();

/** Reads `req`'s body with the idle timeout, remembering when it stalls (see `bodyStalled`). */
export function timedBody(req: Request, ms: number): ReadableStream<Uint8Array> | null {
  return req.body ? withIdleTimeout(req.body, ms, () => stalled.add(req)) : null;
}

/** True once `req`'s body (read through `timedBody`) timed out. */
export function bodyStalled(req: Request): boolean {
  return stalled.has(req);
}

/**
 * `res`, telling the client the connection ends with it. (Deno's HTTP server keeps a
 * connection whose request body never completed open after the response, whatever the
 * header, until the client sends the rest or leaves, as it keeps any idle connection:
 * measured, still open after 70 s. What matters is that nothing of the request is held any
 * more: no handler waits, no upload stays reserved, no file stays open.)
 */
export function closingConnection(res: Response): Response {
  const headers = new Headers(res.headers);
  headers.set("connection", "close");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
