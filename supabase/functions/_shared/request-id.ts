/**
 * The request id: one per request, made (or taken from a well-formed
 * `x-request-id` the client or a proxy sent) when the gateway receives it,
 * answered in the `x-request-id` header, passed to the functions and into
 * SQL as a request header (`current_setting('request.headers')::json->>'x-request-id'`),
 * and carried by every log line written while the request is served, the
 * functions' own included: they run in the gateway's process, inside its
 * context. On hosted Supabase nothing sets it and the functions make their own.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const context = new AsyncLocalStorage<string>();

/** A client's own id is kept when it is short and plain (so logs cannot be forged with it). */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/** The id of a request: its `x-request-id` when well formed, else a new UUID. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && WELL_FORMED.test(given) ? given : crypto.randomUUID();
}

/** Runs `fn` as part of the request `id`. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return context.run(id, fn);
}

/** The id of the request being served, or null outside one (jobs' own timers, start-up). */
export function currentRequestId(): string | null {
  return context.getStore() ?? null;
}
