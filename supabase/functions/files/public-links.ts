/**
 * Public links: `GET /files/public/<token>` serves the current version of a
 * file its owner made public to anyone holding the link, signed in or not.
 * SQL decides (`app.public_version`, run as `anon`) and limits the downloads
 * each client address starts (`app.start_public_download`); the bytes go out
 * with the same safe headers as signed downloads, and every view is revalidated
 * so a link made private stops at once, even for a browser that cached it.
 * Only inline-safe types keep their type and a wildcard CORS header; the
 * rest go out as attachment bytes (application/octet-stream).
 */
import { ANON, asCaller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
import { deliversFirstByte, selectBytes, servedAs, serveObject, type VersionRow } from "./downloads.ts";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const notFound = () => new HttpError(404, "PT404", "File not found.");

const tooManyDownloads = (seconds: number) =>
  new HttpError(429, "PT429", "Too many downloads from your address. Try again later.", null, `Retry after ${seconds} seconds`, {
    "retry-after": String(seconds),
  });

/** GET or HEAD /files/public/<token>[?disposition=attachment]: inline for safe types unless a download is asked for. */
export async function handlePublic(req: Request, token: string): Promise<Response> {
  const asked = new URL(req.url).searchParams.get("disposition") ?? "inline";
  if (asked !== "inline" && asked !== "attachment") {
    throw new HttpError(400, "PGRST102", 'disposition must be "attachment" or "inline".');
  }
  // Whoever follows a link acts as `anon`: a session token the browser might send is not needed and not used.
  // A malformed token, an unknown one, a revoked one, a private or trashed file: all the same 404.
  if (!TOKEN.test(token)) throw notFound();
  const found = await asCaller(ANON, req, async (tx) => {
    const [r] = await tx`select app.public_version(${token}) as v`;
    const v = r.v as VersionRow | null;
    if (!v) return null;
    // One decision serves the bytes and counts them: whatever the headers
    // (Range, If-Range, If-None-Match), a response that sends the file's
    // first byte is a download; a HEAD, a later range or a 304 is not.
    const selection = selectBytes(req, { size: Number(v.size), sha256: v.sha256 });
    if (deliversFirstByte(req, selection)) {
      // Counted per client address and logged; past the limit, the wait (app.start_public_download).
      const [{ wait }] = await tx`select app.start_public_download(${token}) as wait`;
      if (wait > 0) throw tooManyDownloads(wait);
    }
    return { row: v, selection };
  });
  if (!found) throw notFound();
  const { row, selection } = found;
  // Only types that cannot run go out as themselves, readable by any site;
  // anything else, a script above all, is opaque bytes to save, which no
  // other site may read (servedAs).
  const res = await serveObject(req, servedAs(row, asked), { otherSites: "none", selection });
  res.headers.set("cache-control", "private, no-cache");
  res.headers.set("x-robots-tag", "noindex, nofollow");
  return res;
}
