/**
 * PostgreSQL errors to HTTP, following PostgREST's table: the SQLSTATE picks
 * the status, and message, detail and hint pass through unchanged, except
 * where the client must not learn the server's internals: a 5xx carries no
 * detail or hint (they name processes, transactions and settings; the log
 * keeps them under a request id), and neither do the limits of class 54.
 */
import { HttpError } from "./errors.ts";
import { reportError } from "../supabase/functions/_shared/error-reports.ts";
import { currentRequestId } from "../supabase/functions/_shared/request-id.ts";

interface PgErrorLike {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/** PostgREST's SQLSTATE-to-status table; `anonymous` decides 401 or 403 for 42501. */
export function statusForSqlState(code: string, anonymous: boolean): number {
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  switch (code) {
    case "23503":
    case "23505":
      return 409;
    case "25006":
      return 405;
    case "P0001":
      return 400;
    case "42883":
    case "42P01":
      return 404;
    case "42P17":
      return 500;
    case "42501":
      return anonymous ? 401 : 403;
    case "53400":
      return 500;
    // Deadlocks and serialization failures: the gateway runs the request again a few times
    // (execute.ts); one that still conflicts is a conflict, not a server error (PostgREST: 500).
    case "40001":
    case "40P01":
      return 409;
  }
  // Program limits (an array deeper than 6 dimensions, a row or index entry too large, a
  // select list too long) are reached by what the request sent: the client's to fix (PostgREST: 500).
  if (code.startsWith("54")) return 400;
  const cls = code.slice(0, 2);
  const table: Record<string, number> = {
    "08": 503, "09": 500, "0L": 403, "0P": 403, "25": 500, "28": 403, "2D": 500, "38": 500, "39": 500, "3B": 500,
    "40": 500, "53": 503, "54": 500, "55": 500, "57": 500, "58": 500, "F0": 500, "HV": 500, "P0": 500, "XX": 500,
  };
  return table[cls] ?? 400;
}

/** True for errors the database raised with a SQLSTATE (as opposed to network or client errors). */
export function isPgError(err: unknown): err is PgErrorLike & Error {
  return err instanceof Error && (err as { name?: string }).name === "PostgresError" &&
    typeof (err as PgErrorLike).code === "string";
}

/** Turns a database error into PostgREST's error response. */
export function fromPgError(err: PgErrorLike, anonymous: boolean): HttpError {
  const code = err.code ?? "XX000";
  if (code === "PGRST") return customError(err);
  const status = statusForSqlState(code, anonymous);
  const headers: Record<string, string> = {};
  if (status === 401) headers["www-authenticate"] = "Bearer";
  if (status >= 500) {
    const requestId = currentRequestId() ?? crypto.randomUUID();
    console.error(`request ${requestId}: database error ${code}: ${err.message ?? ""}` +
      `${err.detail ? ` (detail: ${err.detail})` : ""}${err.hint ? ` (hint: ${err.hint})` : ""}`);
    reportError(err, requestId);
    return new HttpError(status, code, err.message ?? "", `request id ${requestId}`, null, headers);
  }
  // Program limits' hints name server settings; a deadlock's detail names processes and transactions.
  if (code.startsWith("54") || code === "40001" || code === "40P01") {
    return new HttpError(status, code, err.message ?? "", null, code.startsWith("40") ? "Retry the request." : null, headers);
  }
  // A PTxxx code is only a status: PostgREST answers with the raised message and no code of its own.
  return new HttpError(status, code, err.message ?? "", err.detail ?? null, err.hint ?? null, headers);
}

/**
 * `raise sqlstate 'PGRST' using message = '{"code":..,"message":..}', detail = '{"status":..,"headers":{..}}'`:
 * PostgREST's way for SQL to choose the whole error response.
 */
function customError(err: PgErrorLike): HttpError {
  try {
    const body = JSON.parse(err.message ?? "");
    const meta = JSON.parse(err.detail ?? "");
    const status = Number(meta.status);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new Error("bad status");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(meta.headers ?? {})) headers[k.toLowerCase()] = String(v);
    return new HttpError(status, String(body.code ?? ""), String(body.message ?? ""), body.details ?? null, body.hint ?? null, headers);
  } catch {
    console.error(`gateway: could not parse a RAISE SQLSTATE 'PGRST' error: ${err.message ?? ""} / ${err.detail ?? ""}`);
    return new HttpError(500, "PGRST121", "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error", null, null);
  }
}
