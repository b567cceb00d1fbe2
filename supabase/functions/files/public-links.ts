/**
 * Public links: `GET /files/public/<token>` serves the current version of a
 * file its owner made public to anyone holding the link, signed in or not.
 * SQL decides (`app.public_version`, run as `anon`) and limits the downloads
 * each client address starts (`app.start_public_download`); the bytes go out
 * with the same safe headers as signed downloads, and every view is revalidated
 * so a link made private stops at once, even for a browser that cached it.
 */
import type { Caller } from "../_shared/db.ts";
import { asCaller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
import { clientHasCurrent, grantFor, serveObject, type VersionRow } from "./downloads.ts";

/** Whoever follows a link acts as `anon`: a session token the browser might send is not needed and not used. */
const ANON: Caller = { userId: "", role: "anon", claims: { role: "anon" } };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const notFound = () => new HttpError(404, "PT404", "File not found.");

const tooManyDownloads = (seconds: number) =>
  new HttpError(429, "PT429", "Too many downloads from your address. Try again later.", null, `Retry after ${seconds} seconds`, {
    "retry-after": String(seconds),
  });

/** A request that starts a download (not a HEAD, a later range, or a revalidation of a current copy). */
function startsDownload(req: Request, sha256: string): boolean {
  if (req.method !== "GET" || clientHasCurrent(req, sha256)) return false;
  const range = req.headers.get("range");
  return range === null || /^\s*bytes=0-/.test(range);
}

/** GET or HEAD /files/public/<token>[?disposition=attachment]: inline for safe types unless a download is asked for. */
export async function handlePublic(req: Request, token: string): Promise<Response> {
  const asked = new URL(req.url).searchParams.get("disposition") ?? "inline";
  if (asked !== "inline" && asked !== "attachment") {
    throw new HttpError(400, "PGRST102", 'disposition must be "attachment" or "inline".');
  }
  // A malformed token, an unknown one, a revoked one, a private or trashed file: all the same 404.
  if (!TOKEN.test(token)) throw notFound();
  const row = await asCaller(ANON, req, async (tx) => {
    const [r] = await tx`select app.public_version(${token}) as v`;
    const v = r.v as VersionRow | null;
    if (v && startsDownload(req, v.sha256)) {
      // Counted per client address and logged; past the limit, the wait (app.start_public_download).
      const [{ wait }] = await tx`select app.start_public_download(${token}) as wait`;
      if (wait > 0) throw tooManyDownloads(wait);
    }
    return v;
  });
  if (!row) throw notFound();
  const res = await serveObject(req, grantFor(row, asked));
  res.headers.set("cache-control", "private, no-cache");
  res.headers.set("x-robots-tag", "noindex, nofollow");
  return res;
}
