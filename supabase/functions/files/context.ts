/** Small helpers every route of the files function shares. */
import { config } from "../_shared/config.ts";
import { sql } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";

/** The public URL of this function, as clients reach it (hosted: https://<ref>.supabase.co/functions/v1/files). */
export function publicBase(): string {
  return `${config().supabaseUrl}/functions/v1/files`;
}

let site: Promise<string> | null = null;

/**
 * The web client's origin, from `private.settings` `site_url` (where emails
 * link to; read once): the one other site that may read a signed download
 * whose type is not inline-safe, for its previews.
 */
export function siteOrigin(): Promise<string> {
  site ??= (async () => {
    const [row] = await sql()`select private.site_url() as url`;
    try {
      return new URL(String(row.url)).origin;
    } catch {
      return "";
    }
  })();
  site.catch(() => (site = null));
  return site;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid from the request, or 400 naming the field. */
export function uuidOf(value: unknown, field: string, optional = false): string | null {
  if ((value === undefined || value === null) && optional) return null;
  if (typeof value !== "string" || !UUID.test(value)) {
    throw new HttpError(400, "PGRST102", `${field} must be a uuid.`);
  }
  return value.toLowerCase();
}

/** A string field, or 400. */
export function stringOf(value: unknown, field: string, optional = false): string | null {
  if ((value === undefined || value === null) && optional) return null;
  if (typeof value !== "string") throw new HttpError(400, "PGRST102", `${field} must be a string.`);
  return value;
}

/** A non-negative integer field, or 400. */
export function sizeOf(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new HttpError(400, "PGRST102", `${field} must be a non-negative integer.`);
  }
  return value;
}

/**
 * A header value as the client meant it: HTTP headers travel as bytes, which
 * Deno hands over as Latin-1 characters; re-read them as UTF-8 when they are.
 */
export function headerText(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  const bytes = Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}
