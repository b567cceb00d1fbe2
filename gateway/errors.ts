/**
 * Errors once: anything may throw an HttpError; `errorResponse` turns it into
 * PostgREST's JSON shape `{code, message, details, hint}`.
 */

// One error type for the whole Deno side: the gateway and the edge functions
// it serves in-process throw and answer the same HttpError.
import { connectionLost, HttpError, internalError, jsonError } from "../supabase/functions/_shared/http.ts";
export { HttpError, jsonError };

/** Turns any thrown value into a response; unknown errors are logged, reported and answered 500 without internals. */
export function errorResponse(err: unknown, requestId: string): Response {
  const known = err instanceof HttpError ? err : connectionLost(err);
  if (known) return jsonError(known.status, known, known.headers);
  return internalError(err, requestId);
}
