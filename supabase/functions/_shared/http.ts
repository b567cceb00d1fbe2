/**
 * Errors once for edge functions: throw an HttpError anywhere (or let a
 * Postgres error through); `errorResponse` answers PostgREST's JSON shape
 * `{code, message, details, hint}` and never leaks internals.
 */
import { reportError } from "./error-reports.ts";
import { currentRequestId } from "./request-id.ts";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A JSON response in PostgREST's error shape. */
export function jsonError(
  status: number,
  body: { code: string | null; message: string; details?: string | null; hint?: string | null },
  headers: HeadersInit = {},
): Response {
  const payload = { code: body.code, details: body.details ?? null, hint: body.hint ?? null, message: body.message };
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(payload), { status, headers: h });
}

/** A JSON success response. */
export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { status, headers: h });
}

interface PgErrorLike {
  name?: string;
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgError(err: unknown): err is PgErrorLike {
  return err instanceof Error && (err as PgErrorLike).name === "PostgresError" && typeof (err as PgErrorLike).code === "string";
}

/** The HTTP status PostgREST gives a SQLSTATE (PTxyz carries its own). */
export function statusForSqlState(code: string): number {
  if (/^PT[1-5]\d\d$/.test(code)) return Number(code.slice(2));
  if (code === "P0001") return 400;
  if (code === "P0002") return 404;
  if (code === "42501") return 403;
  if (code === "23505" || code === "23503") return 409;
  if (code.startsWith("22") || code.startsWith("23")) return 400;
  if (code === "40001" || code === "40P01" || code === "55P03") return 503;
  return 500;
}

/**
 * A database that cannot be reached or went away mid-request: postgres.js's
 * codes for a connection refused, reset or closed, SQLSTATE class 08, and
 * Postgres shutting down or restarting (57P01-57P03, what a restart sends to
 * every connection). Answered 503 with Retry-After, as PostgREST's PGRST001:
 * the transaction was rolled back, and the pool reconnects by itself.
 */
const CONNECTION_LOST = new Set([
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P02", "57P03",
]);

export function connectionLost(err: unknown): HttpError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !(CONNECTION_LOST.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return null;
  return new HttpError(503, "PGRST001", "Database client error. Retrying the connection.", null, null, { "retry-after": "1" });
}

/** Turns a Postgres error into an HttpError, or returns null when it is not one. */
export function fromPgError(err: unknown): HttpError | null {
  if (!isPgError(err)) return null;
  // A statement over its role's statement_timeout: 500 with 57014, as PostgREST answers it (nothing internal in it).
  if (err.code === "57014") return new HttpError(500, "57014", err.message, null, null);
  const status = statusForSqlState(err.code!);
  if (status >= 500) return null;
  return new HttpError(status, err.code!, err.message, err.detail ?? null, err.hint ?? null);
}

/** Turns any thrown value into a response; unknown errors are logged with a request id and answered 500. */
export function errorResponse(err: unknown, headers: HeadersInit = {}): Response {
  const http = err instanceof HttpError ? err : connectionLost(err) ?? fromPgError(err);
  if (http) {
    const h = new Headers(headers);
    for (const [k, v] of Object.entries(http.headers)) h.set(k, v);
    return jsonError(http.status, { code: http.code, message: http.message, details: http.details, hint: http.hint }, h);
  }
  return internalError(err, currentRequestId() ?? crypto.randomUUID(), headers);
}

/** An unexpected error: logged and reported (error-reports.ts) with its request id, answered 500 naming only that id. */
export function internalError(err: unknown, requestId: string, headers: HeadersInit = {}): Response {
  console.error(`request ${requestId}: unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  reportError(err, requestId);
  return jsonError(500, { code: "PGRST000", message: "Internal server error", details: `request id ${requestId}` }, headers);
}

/**
 * Reads a small body whole (an avatar, a drawn thumbnail), stopping at
 * `limit` bytes: 413 with `tooLarge` past it, whatever Content-Length said.
 */
export async function readBounded(req: Request, limit: number, tooLarge: string): Promise<Uint8Array> {
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw new HttpError(413, "PT413", tooLarge);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    for await (const chunk of req.body) {
      size += chunk.byteLength;
      if (size > limit) throw new HttpError(413, "PT413", tooLarge);
      chunks.push(chunk);
    }
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Reads a JSON object body (small, bounded); 400 when it is not one. */
export async function readJsonObject(req: Request, limit = 64 * 1024): Promise<Record<string, unknown>> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > limit) throw new HttpError(413, "PGRST413", "The request body is too large.");
  let text = "";
  if (req.body) {
    const reader = req.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
      if (text.length > limit) {
        await reader.cancel();
        throw new HttpError(413, "PGRST413", "The request body is too large.");
      }
    }
  }
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, "PGRST102", "The request body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "PGRST102", "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * The declared length of a request that carries file bytes; 411 without one.
 * Deno's HTTP server applies no backpressure to a chunked request body, so a
 * client streaming faster than the disk writes would have the rest buffered
 * in memory. S3 refuses a presigned PUT without a length for its own reasons.
 */
export function requireContentLength(req: Request): number {
  const length = req.headers.get("content-length");
  if (length === null) {
    throw new HttpError(411, "PT411", "Content-Length is required: send the bytes with their length, not chunked.");
  }
  if (!/^\d{1,15}$/.test(length)) throw new HttpError(400, "PGRST102", "Content-Length must be a number of bytes.");
  return Number(length);
}

/**
 * A copy of a response with the `cors` headers it lacks; its exposed headers are merged with
 * any a library (tus) set itself. A copy, since fetched and library responses have immutable
 * headers; the body streams through.
 */
export function withCorsHeaders(res: Response, cors: Record<string, string>): Response {
  const out = new Response(res.body, res);
  for (const [name, value] of Object.entries(cors)) {
    const current = out.headers.get(name);
    if (current === null) out.headers.set(name, value);
    else if (name === "access-control-expose-headers") {
      const merged = new Set([...current.split(","), ...value.split(",")].map((h) => h.trim().toLowerCase()));
      out.headers.set(name, [...merged].filter(Boolean).join(", "));
    }
  }
  return out;
}
