/**
 * The original system's API, byte for byte: `POST /rpc/store_file` (raw body,
 * `File-Path` and optional `Description` headers, answers the file's UUID as
 * a JSON string, a new version when the path exists) and
 * `GET /rpc/retrieve_file?p_file_path=...` (the raw bytes, or 400
 * `{"message": "File not found."}`). The gateway routes both here, so bytes
 * stream to the driver and never pass through SQL. The body must carry its
 * Content-Length (411 otherwise), so SQL reserves it against the quota first.
 */
import { authenticate } from "../_shared/auth.ts";
import { HttpError, json, readJsonObject, requireContentLength } from "../_shared/http.ts";
import { headerText } from "./context.ts";
import { asBytes, serveObject, type VersionRow } from "./downloads.ts";
import { asCaller } from "../_shared/db.ts";
import { typeFromName } from "./sniff.ts";
import { beginUpload, completeUpload, discardUpload, receiveBytes } from "./store.ts";

const notFound = () => new HttpError(400, "P0001", "File not found.");

/** POST /rpc/store_file */
export async function storeFile(req: Request): Promise<Response> {
  const caller = await authenticate(req);
  const rawPath = req.headers.get("file-path");
  if (!rawPath) throw new HttpError(400, "PGRST102", "The File-Path header is required.");
  const path = headerText(rawPath);
  const description = req.headers.has("description") ? headerText(req.headers.get("description")!) : null;
  // The length is reserved against the quota before a byte arrives; a chunked
  // body (411, as the signed PUT and tus answer) would reserve nothing, and
  // Deno buffers one without backpressure.
  const size = requireContentLength(req);
  const name = path.split(/[\\/]/).filter(Boolean).pop() ?? "";
  const upload = await beginUpload(caller, req, {
    path,
    size,
    mime: typeFromName(name),
    description,
    kind: "direct",
  });
  const body = req.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  try {
    await receiveBytes(caller, req, upload.id, "direct", size, body);
    const file = await completeUpload(caller, req, upload.id);
    return json(file.id);
  } catch (err) {
    // Aborted, refused on the way in or at completion: no one can resume or
    // complete a store_file later, so its reservation and whatever bytes it
    // left go now, not at the upload's expiry.
    await discardUpload(caller, req, upload.id);
    throw err;
  }
}

/** GET (or POST with a JSON body) /rpc/retrieve_file */
export async function retrieveFile(req: Request): Promise<Response> {
  const caller = await authenticate(req);
  let path = new URL(req.url).searchParams.get("p_file_path");
  if (path === null && req.method === "POST") {
    const body = await readJsonObject(req);
    path = typeof body.p_file_path === "string" ? body.p_file_path : null;
  }
  if (!path) throw notFound();
  let row: VersionRow | null;
  try {
    row = await asCaller(caller, req, async (tx) => {
      const [r] = await tx`select app.version_at_path(${path}) as v`;
      const found = r.v as VersionRow | null;
      if (!found) return null;
      // Handed out as a download: SQL logs it.
      const [d] = await tx`select app.start_download(${found.file_id}, ${found.version_id}) as v`;
      return d.v as VersionRow;
    });
  } catch (err) {
    // A path that could never name a file (traversal, bad name) is simply not found.
    if (err instanceof Error && (err as { code?: string }).code === "PT400") throw notFound();
    throw err;
  }
  if (!row) throw notFound();
  // The original API always answered raw bytes, whatever the type, to its token's holder alone.
  return await serveObject(req, asBytes(row), { otherSites: "any" });
}
