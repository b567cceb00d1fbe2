/**
 * Turns a statement's result row into PostgREST's HTTP response: status,
 * Content-Range, the singular-object and CSV media types, and the status and
 * headers SQL set through `response.status` and `response.headers`.
 */
import { HttpError } from "../errors.ts";
import type { ResultRow } from "./execute.ts";
import type { MediaType } from "./request.ts";

export interface RespondOptions {
  method: string;
  media: MediaType;
  status: number;
  offset: number;
  /** Writes answer Content-Range as `*\/*` for POST, PostgREST's quirk. */
  isInsert?: boolean;
  isVoid?: boolean;
  hasBody: boolean;
  /** `nulls=stripped`: leave null fields out of the rows, as json_strip_nulls does. */
  stripNulls?: boolean;
  extraHeaders?: Record<string, string>;
}

const JSON_TYPE = "application/json; charset=utf-8";

/** 406 unless exactly one row: what `.single()` relies on. */
export function singularError(rows: number): HttpError {
  return new HttpError(406, "PGRST116", "Cannot coerce the result to a single JSON object", `The result contains ${rows} rows`);
}

function contentRange(row: ResultRow, offset: number, isInsert: boolean): string {
  const page = Number(row.page_total);
  const total = row.total === null ? "*" : row.total;
  if (isInsert) return `*/${total}`;
  return page === 0 ? `*/${total}` : `${offset}-${offset + page - 1}/${total}`;
}

/** Headers SQL set with `set_config('response.headers', '[{"name": "value"}]', true)`. */
function sqlHeaders(raw: string | null, headers: Headers) {
  if (!raw) return;
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new HttpError(500, "PGRST111", "response.headers guc must be a JSON array composed of objects with a single key and a string value");
  }
  if (!Array.isArray(list)) throw new HttpError(500, "PGRST111", "response.headers guc must be a JSON array composed of objects with a single key and a string value");
  for (const item of list) {
    if (item && typeof item === "object") {
      for (const [k, v] of Object.entries(item)) headers.set(k, String(v));
    }
  }
}

/** A JSON value as Postgres prints jsonb: `{"a": 1, "b": [1, 2]}`. */
function jsonbText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonbText(x)}`).join(", ")}}`;
  }
  return JSON.stringify(v);
}

/**
 * Rows as CSV the way PostgREST makes it (each row's record text without its parentheses):
 * null is empty, true and false are t and f, and a value with a comma, quote, backslash,
 * parenthesis or white space is quoted, as Postgres quotes a record's fields.
 */
function toCsv(body: string): string {
  const rows = JSON.parse(body) as Record<string, unknown>[];
  if (!rows.length) return "";
  const keys = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? jsonbText(v) : typeof v === "boolean" ? (v ? "t" : "f") : String(v);
    return s === "" || /[",\\()\s]/.test(s) ? `"${s.replaceAll("\\", "\\\\").replaceAll('"', '""')}"` : s;
  };
  return [keys.join(","), ...rows.map((r) => keys.map((k) => cell(r[k])).join(","))].join("\n");
}

/** Leaves out every null field of every object, as Postgres's json_strip_nulls does. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  }
  return v;
}

/** Builds the response for a successful statement. */
export function respond(row: ResultRow, o: RespondOptions): Response {
  const headers = new Headers(o.extraHeaders);
  let status = o.status;
  let body: string | null = o.hasBody ? row.body : null;
  const pageRows = Number(row.page_total);
  if (o.stripNulls && body !== null && o.media !== "csv") body = JSON.stringify(withoutNulls(JSON.parse(body)));
  if (o.media === "object" && o.hasBody) {
    if (pageRows !== 1) throw singularError(pageRows);
    body = body === null ? null : body.startsWith("[") ? body.slice(1, -1).trim() : body;
    headers.set("content-type", "application/vnd.pgrst.object+json; charset=utf-8");
  } else if (o.media === "csv" && body !== null) {
    body = toCsv(body);
    headers.set("content-type", "text/csv; charset=utf-8");
  } else if (body !== null) {
    headers.set("content-type", JSON_TYPE);
  }
  if (o.method !== "POST" || !o.isVoid) headers.set("content-range", contentRange(row, o.offset, o.isInsert ?? false));
  if ((o.method === "GET" || o.method === "HEAD") && row.total !== null && pageRows > 0 && o.offset + pageRows < Number(row.total)) status = 206;
  if (row.location) headers.set("location", row.location);
  sqlHeaders(row.response_headers, headers);
  if (row.response_status) {
    const s = Number(row.response_status);
    if (!Number.isInteger(s) || s < 100 || s > 599) {
      throw new HttpError(500, "PGRST112", "response.status guc must be a valid status code");
    }
    status = s;
  }
  if (o.method === "HEAD" || status === 204 || status === 304) body = null;
  if (body === null) headers.delete("content-type");
  return new Response(body, { status, headers });
}
