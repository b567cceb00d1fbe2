/**
 * What a request asks for beyond its URL: Prefer, Accept, Range, the profile
 * (schema) headers, and its body read under the size limit.
 */
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

/** Parses `Prefer: return=representation, count=exact`; unknown preferences are ignored as PostgREST does. */
export function parsePrefer(headers: Headers): Preferences {
  const prefs: Preferences = { return: null, count: null, resolution: null, missing: null, tx: null, handling: null, maxAffected: null };
  for (const raw of (headers.get("prefer") ?? "").split(/[,;]/)) {
    const [k, v] = raw.trim().split("=").map((s) => s?.trim());
    if (k === "return" && (v === "minimal" || v === "representation" || v === "headers-only")) prefs.return = v;
    else if (k === "count" && (v === "exact" || v === "planned" || v === "estimated")) prefs.count = v;
    else if (k === "resolution" && (v === "merge-duplicates" || v === "ignore-duplicates")) prefs.resolution = v;
    else if (k === "missing" && (v === "default" || v === "null")) prefs.missing = v;
    else if (k === "tx" && (v === "commit" || v === "rollback")) prefs.tx = v;
    else if (k === "handling" && (v === "strict" || v === "lenient")) prefs.handling = v;
    else if (k === "max-affected" && /^\d{1,15}$/.test(v ?? "")) prefs.maxAffected = Number(v);
  }
  return prefs;
}

export type MediaType = "json" | "object" | "csv" | "openapi";

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
  }
  throw new HttpError(406, "PGRST107", `None of these media types are available: ${types.join(", ")}`);
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

/** Reads the body as text, refusing more than `limit` bytes with 413 before buffering it all. */
export async function readBody(req: Request, limit: number): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, "PGRST413", "Payload Too Large", `The request body is larger than the limit of ${limit} bytes.`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
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
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** Parses a JSON body; a malformed one is PostgREST's PGRST102. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", err instanceof Error ? err.message : null);
  }
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
