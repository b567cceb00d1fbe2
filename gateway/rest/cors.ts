/**
 * CORS for the web client's origin (GATEWAY_CORS_ORIGINS, default the site
 * URL), with the headers supabase-js sends and the ones it must read.
 */

const ALLOW_HEADERS =
  "authorization, apikey, content-type, prefer, range, accept, accept-profile, content-profile, x-client-info, x-upsert, cache-control, x-requested-with, tus-resumable, upload-length, upload-metadata, upload-offset";
const EXPOSE_HEADERS = "content-range, content-location, location, preference-applied, range-unit";

/** The CORS headers for a request from `origin` (none when the origin is not allowed). */
export function corsHeaders(origins: string[], origin: string | null): Record<string, string> {
  if (!origin) return {};
  const allowed = origins.includes("*") ? "*" : origins.includes(origin) ? origin : null;
  if (!allowed) return {};
  const headers: Record<string, string> = {
    "access-control-allow-origin": allowed,
    "access-control-expose-headers": EXPOSE_HEADERS,
  };
  if (allowed !== "*") {
    headers["access-control-allow-credentials"] = "true";
    headers["vary"] = "Origin";
  }
  return headers;
}

/** The answer to an OPTIONS preflight. */
export function preflight(cors: Record<string, string>, req: Request): Response {
  const headers = new Headers(cors);
  if (cors["access-control-allow-origin"]) {
    headers.set("access-control-allow-methods", "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS");
    headers.set("access-control-allow-headers", req.headers.get("access-control-request-headers") ?? ALLOW_HEADERS);
    headers.set("access-control-max-age", "86400");
  }
  return new Response(null, { status: 200, headers });
}
