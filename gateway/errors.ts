/**
 * Errors once: anything may throw an HttpError; `errorResponse` turns it into
 * PostgREST's JSON shape `{code, message, details, hint}`.
 */

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
  headers: Record<string, string> = {},
): Response {
  const payload = { code: body.code, details: body.details ?? null, hint: body.hint ?? null, message: body.message };
  return new Response(JSON.stringify(payload), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Turns any thrown value into a response; unknown errors are logged and answered 500 without internals. */
export function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof HttpError) {
    return jsonError(err.status, err, err.headers);
  }
  console.error(`request ${requestId}: unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  return jsonError(500, { code: "PGRST000", message: "Internal server error", details: `request id ${requestId}` });
}
