/**
 * What a request asks for beyond its URL: Prefer, Accept, Range, the profile
 * (schema) headers, and its body read under the size limit.
 */
import { timedBody } from "../body-timeout.ts";
import { HttpError } from "../errors.ts";

export interface Preferences {
  return: "minimal" | "representation" | "headers-only" | null;
  count: "exact" | "planned" | "estimated" | null;
  resolution: "merge-duplicates" | "ignore-duplicates" | null;
  missing: "default" | "null" | null;
  tx: "commit" | "rollback" | null;
  handling: "strict" | "lenient" | null;
  /** `max-affected=N`: with `handling=strict`, a write touching more rows is undone (PGRST124). */
  maxAffected: number | null;
}

/**
 * Parses `Prefer: return=representation, count=exact`; unknown preferences are ignored and
 * the first of a repeated one wins, as in PostgREST. `tx=commit|rollback` is read only when
 * `allowTx` (db-tx-end is one of the `-allow-override` modes): otherwise a client could undo
 * what must stay done, such as the failed attempt a login counts.
 */
export function parsePrefer(headers: Headers, allowTx = false): Preferences {
  const prefs: Preferences = { return: null, count: null, resolution: null, missing: null, tx: null, handling: null, maxAffected: null };
  for (const raw of (headers.get("prefer") ?? "").split(/[,;]/)) {
    const [k, v] = raw.trim().split("=").map((s) => s?.trim());
    if (k === "return" && (v === "minimal" || v === "representation" || v === "headers-only")) prefs.return ??= v;
    else if (k === "count" && (v === "exact" || v === "planned" || v === "estimated")) prefs.count ??= v;
    else if (k === "resolution" && (v === "merge-duplicates" || v === "ignore-duplicates")) prefs.resolution ??= v;
    else if (k === "missing" && (v === "default" || v === "null")) prefs.missing ??= v;
    else if (k === "tx" && allowTx && (v === "commit" || v === "rollback")) prefs.tx ??= v;
    else if (k === "handling" && (v === "strict" || v === "lenient")) prefs.handling ??= v;
    else if (k === "max-affected" && /^\d{1,15}$/.test(v ?? "")) prefs.maxAffected ??= Number(v);
  }
  return prefs;
}

export type MediaType = "json" | "object" | "csv" | "openapi" | "plan";

/** The response format from Accept; 406 when none can be produced. */
export function negotiate(headers: Headers): MediaType {
  const accept = headers.get("accept");
  if (!accept) return "json";
  const types = accept.split(",").map((t) => t.split(";")[0].trim().toLowerCase()).filter(Boolean);
  for (const t of types) {
    if (t === "application/vnd.pgrst.object+json" || t === "application/vnd.pgrst.object") return "object";
    if (t === "application/json" || t === "*/*" || t === "application/*" || t === "application/vnd.pgrst.array+json") return "json";
    if (t === "text/csv") return "csv";
    if (t === "application/openapi+json") return "openapi";
    if (t === "application/vnd.pgrst.plan" || t === "application/vnd.pgrst.plan+json" || t === "application/vnd.pgrst.plan+text") return "plan";
  }
  throw new HttpError(406, "PGRST107", `None of these media types are available: ${types.join(", ")}`);
}

/** `Accept: application/vnd.pgrst.plan+json; for="..."; options=analyze|verbose`: EXPLAIN's format and options. */
export interface PlanRequest {
  format: "json" | "text";
  /** The media type whose statement is explained. */
  for: string;
  options: ("analyze" | "verbose" | "settings" | "buffers" | "wal")[];
}

const PLAN_OPTIONS = new Set(["analyze", "verbose", "settings", "buffers", "wal"]);

/** The EXPLAIN a plan media type asks for. */
export function planRequest(headers: Headers): PlanRequest {
  const accept = headers.get("accept") ?? "";
  const m = /application\/vnd\.pgrst\.plan(\+json|\+text)?([^,]*)/i.exec(accept);
  const params = m?.[2] ?? "";
  const forType = /for\s*=\s*"?([^";]+)"?/i.exec(params)?.[1]?.trim() ?? "application/json";
  const options = (/options\s*=\s*([a-z|]*)/i.exec(params)?.[1] ?? "").split("|").map((o) => o.toLowerCase()).filter((o) => PLAN_OPTIONS.has(o));
  return { format: m?.[1]?.toLowerCase() === "+json" ? "json" : "text", for: forType, options: options as PlanRequest["options"] };
}

/** True when Accept asks for `nulls=stripped` (on the JSON array or object media types). */
export function stripNulls(headers: Headers): boolean {
  return /application\/vnd\.pgrst\.(array|object)(\+json)?\s*;[^,]*\bnulls\s*=\s*stripped\b/i.test(headers.get("accept") ?? "");
}

/** `Range: 0-9` to offset and limit (GET only, as PostgREST). */
export function parseRange(headers: Headers): { offset: number; limit: number | null } | null {
  const range = headers.get("range");
  if (!range) return null;
  const m = /^(?:items=)?\s*(\d+)-(\d*)\s*$/.exec(range);
  if (!m) return null;
  const from = Number(m[1]);
  if (m[2] === "") return { offset: from, limit: null };
  const to = Number(m[2]);
  if (to < from) throw new HttpError(416, "PGRST103", "Requested range not satisfiable", `The lower boundary must be lower than or equal to the upper boundary in the Range header.`);
  return { offset: from, limit: to - from + 1 };
}

/** A page size capped by db-max-rows, which also stands in for a missing one. */
export function capLimit(limit: number | null, maxRows: number | null): number | null {
  if (maxRows === null) return limit;
  return limit === null ? maxRows : Math.min(limit, maxRows);
}

/** The schema a request targets: Accept-Profile for reads, Content-Profile for writes. */
export function pickSchema(headers: Headers, method: string, schemas: string[]): string {
  const header = method === "GET" || method === "HEAD" ? "accept-profile" : "content-profile";
  const wanted = headers.get(header);
  if (wanted === null) return schemas[0];
  if (!schemas.includes(wanted)) {
    throw new HttpError(406, "PGRST106", `The schema must be one of the following: ${schemas.join(", ")}`);
  }
  return wanted;
}

/** How long a body may send nothing (see body-timeout.ts) and how large it may be. */
export interface BodyLimits {
  maxBytes: number;
  idleTimeoutMs: number;
}

/**
 * Reads the whole body, refusing more than `maxBytes` with 413 before buffering it all,
 * and answering 408 when the client stops sending for the idle timeout.
 */
export async function readBody(req: Request, limits: BodyLimits): Promise<Uint8Array> {
  const limit = limits.maxBytes;
  const tooLarge = () =>
    new HttpError(413, "PGRST413", "Payload Too Large", `The request body is larger than the limit of ${limit} bytes.`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  const body = timedBody(req, limits.idleTimeoutMs);
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** The body as text (UTF-8). */
export function bodyText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Deeper JSON than this is refused before it is parsed: Postgres turns a JSON array into an
 * array type, and V8 serialises JSON, by recursion, and 200,000 levels overflow both stacks
 * (Postgres answers "stack depth limit exceeded", a 500 naming its settings).
 */
export const MAX_JSON_DEPTH = 256;

/** True when `text` nests arrays and objects deeper than `max` (brackets in strings do not count). */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  // A body shorter than the limit cannot open that many levels.
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Parses a JSON body; a malformed or over-deep one is PostgREST's PGRST102. */
export function parseJsonBody(text: string): unknown {
  if (jsonTooDeep(text)) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", err instanceof Error ? err.message : null);
  }
}

/**
 * The body types PostgREST reads (its `decodeMediaType`): JSON (also when Content-Type is
 * missing), CSV, form fields, and the raw text, xml and bytes a function with a single
 * unnamed parameter of that type takes. Anything else is `other`.
 */
export type BodyType = "json" | "csv" | "form" | "text" | "xml" | "bytes" | "other";

const BODY_TYPES: Record<string, BodyType> = {
  "application/json": "json",
  "text/csv": "csv",
  "application/x-www-form-urlencoded": "form",
  "text/plain": "text",
  "text/xml": "xml",
  "application/octet-stream": "bytes",
};

/** The body's type from Content-Type, and the media type to name in an error. */
export function bodyType(headers: Headers): { type: BodyType; mime: string } {
  const raw = headers.get("content-type");
  if (raw === null) return { type: "json", mime: "application/json" };
  const mime = raw.split(";")[0].trim().toLowerCase();
  const type = BODY_TYPES[mime];
  return type ? { type, mime } : { type: "other", mime: raw.trim() };
}

/**
 * 415 for a body type the route does not take: PostgREST's message, under the status HTTP
 * has for it (PostgREST itself answers 400 PGRST102 or, for a function, 404 PGRST202).
 */
export function unacceptableBody(mime: string, details: string | null = null): HttpError {
  return new HttpError(415, "PGRST102", `Content-Type not acceptable: ${mime}`, details);
}

/** 415 for form fields or text/plain from a request an HTML form on another site could have sent. */
export function formRefused(mime: string): HttpError {
  return unacceptableBody(
    mime,
    "Form fields and text/plain are read only from a request with an apikey or Authorization header, which an HTML form on another site cannot send.",
  );
}

/**
 * True when a request carries a header no HTML form can send (`apikey`, `Authorization`), so
 * a browser would have asked the CORS preflight before sending it from another site. Form
 * fields and text/plain, the bodies a form can post anywhere, are read only from such requests.
 */
export function notFromAForm(headers: Headers): boolean {
  return headers.has("apikey") || headers.has("authorization");
}

/** Form fields (`a=1&b=two`) as named text values; a repeated name keeps its last value. */
export function parseForm(text: string): Map<string, string> {
  return new Map(new URLSearchParams(text));
}

/**
 * A CSV body as PostgREST reads it: the first line names the columns, every later line is a
 * row of text values, and `NULL` is null. RFC 4180 quoting; LF or CRLF line ends.
 */
export function parseCsv(text: string): Record<string, string | null>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") endField();
    else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      endRow();
      if (c === "\r") i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new HttpError(400, "PGRST102", "Empty or invalid csv", "A quoted field is not closed.");
  if (field !== "" || row.length) endRow();
  if (!rows.length) return [];
  const [header, ...data] = rows;
  return data.map((r) => {
    if (r.length !== header.length) throw new HttpError(400, "PGRST102", "All lines must have same number of fields");
    return Object.fromEntries(header.map((name, k) => [name, r[k] === "NULL" ? null : r[k]]));
  });
}

/** Request cookies as an object, for `request.cookies`. */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
