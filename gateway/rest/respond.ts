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
  extraHeaders?: Record<string, string>;
}

const JSON_TYPE = "application/json; charset=utf-8";

/** 406 unless exactly one row: what `.single()` relies on. */
export function singularError(rows: number): HttpError {
  return new HttpError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned", `The result contains ${rows} rows`);
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

function toCsv(body: string): string {
  const rows = JSON.parse(body) as Record<string, unknown>[];
  if (!rows.length) return "";
  const keys = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [keys.join(","), ...rows.map((r) => keys.map((k) => cell(r[k])).join(","))].join("\n");
}

/** Builds the response for a successful statement. */
export function respond(row: ResultRow, o: RespondOptions): Response {
  const headers = new Headers(o.extraHeaders);
  let status = o.status;
  let body: string | null = o.hasBody ? row.body : null;
  const pageRows = Number(row.page_total);
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
  if (o.method === "GET" && row.total !== null && pageRows > 0 && o.offset + pageRows < Number(row.total)) status = 206;
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
