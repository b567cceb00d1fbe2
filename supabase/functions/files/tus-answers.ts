/**
 * What both tus endpoints (the owner's /files/tus and a link's /share/<token>/tus)
 * answer in @tus/server's own terms: every refusal, ours and tus's own, as a
 * PostgREST-shaped JSON body typed as such, anything unexpected logged under a
 * request id and answered without naming internals, and the one creation
 * header we insist on.
 */
import { fromPgError, HttpError } from "../_shared/http.ts";
import { storageFault } from "../_shared/storage/driver.ts";

/** tus wants `{status_code, body}` errors; ours become PostgREST-shaped JSON bodies. */
export function tusError(err: unknown): { status_code: number; body: string } {
  const http = err instanceof HttpError ? err : fromPgError(err);
  if (!http) throw err;
  return {
    status_code: http.status,
    body: JSON.stringify({ code: http.code, message: http.message, details: http.details, hint: http.hint }),
  };
}

/**
 * An `onResponseError` for a tus server. Ours carry a JSON body already; tus's own refusals
 * (a missing header, an offset conflict) are plain text, and become the same JSON shape with
 * their status; a full disk is 507 and an unreachable bucket 503, as everywhere; anything else
 * is logged under a request id and answered as every unexpected error is, naming no internals.
 */
export function jsonTusErrors(label: string) {
  return (_req: unknown, err: unknown): { status_code: number; body: string } | undefined => {
    const fault = storageFault(err);
    if (fault || err instanceof HttpError) return tusError(fault ?? err);
    const { status_code, body } = err as { status_code?: unknown; body?: unknown };
    if (typeof status_code === "number") {
      if (typeof body === "string" && body.startsWith("{")) return;
      const message = typeof body === "string" && body.trim() ? body.trim() : "The upload request was refused.";
      return { status_code, body: JSON.stringify({ code: `PT${status_code}`, message, details: null, hint: null }) };
    }
    const requestId = crypto.randomUUID();
    console.error(`request ${requestId}: ${label}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    const answer = { code: "PGRST000", message: "Internal server error", details: `request id ${requestId}`, hint: null };
    return { status_code: 500, body: JSON.stringify(answer) };
  };
}

/** tus's answer, its error bodies (all JSON, see jsonTusErrors) labelled as such, not as the text/plain tus says. */
export function typedTusAnswer(res: Response): Response {
  if (res.status < 400) return res;
  const out = new Response(res.body, res);
  out.headers.set("content-type", "application/json; charset=utf-8");
  return out;
}

/** The Upload-Length of a creation request; deferred lengths are refused (SQL reserves the size up front). */
export function uploadLength(headers: { get(name: string): string | null }): number {
  const length = headers.get("upload-length");
  if (length === null || !/^\d+$/.test(length)) {
    throw new HttpError(400, "PGRST102", "Upload-Length is required (deferred lengths are not supported).");
  }
  return Number(length);
}
