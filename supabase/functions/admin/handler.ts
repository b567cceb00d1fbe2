/**
 * The `admin` function: what the admin console needs beyond SQL's JSON.
 *
 *   GET /admin/logs.csv?<admin_logs' filters>  the activity log as CSV, read
 *     from a cursor (app.admin_logs_cursor) in batches as the caller and
 *     streamed as read, so a million rows cost the memory of one batch.
 *     Who may read is decided in SQL (logs.read): without it, 403 JSON
 *     before any byte of CSV.
 *   GET /admin/system  rpc/admin_system as the caller (system.read), plus
 *     the drivers and version this edge runs with (no secrets).
 */
import { authenticate } from "../_shared/auth.ts";
import { config } from "../_shared/config.ts";
import { asCaller, type Caller } from "../_shared/db.ts";
import { errorResponse, HttpError, json } from "../_shared/http.ts";
import { csvRow, LOG_COLUMNS } from "./csv.ts";

const CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-allow-headers": "authorization, apikey, x-client-info",
  "access-control-expose-headers": "content-disposition",
};

/** The filters logs.csv takes: admin_logs' arguments, by the same names. */
const FILTERS = ["actor_id", "action", "target_type", "target_id", "since", "until", "ip", "q", "before"] as const;

/** Rows fetched from the cursor per round trip. */
const BATCH = 2000;

/** The pgdrive version this function runs (package.json). */
const VERSION = "0.1.0";

/** A signed-in user's caller, or 401/403: logs and the system page are for people, not the service key. */
async function personCaller(req: Request): Promise<Caller> {
  const caller = await authenticate(req);
  // Not a permission rule (SQL decides logs.read and system.read): a service-role token
  // names no user, so SQL's permission checks would have no one to ask about.
  if (caller.role !== "authenticated") throw new HttpError(403, "42501", "The admin pages belong to a signed-in user.");
  return caller;
}

/** GET /admin/logs.csv: the filtered log, newest first, streamed from a cursor. */
async function logsCsv(req: Request, url: URL): Promise<Response> {
  const caller = await personCaller(req);
  const args = FILTERS.map((name) => {
    const value = url.searchParams.get(name);
    return value === null || value === "" ? null : value;
  });
  const encoder = new TextEncoder();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  const done = asCaller(caller, req, async (tx) => {
    // Permission and bad filters fail here, before the response starts: a JSON error, not a broken CSV.
    // Sent as text and cast in SQL: typed parameters would be parsed by the client (a bad date a 500, not a 400).
    const [{ name }] = await tx<{ name: string }[]>`
      select app.admin_logs_cursor(${args[0]}::text::uuid, ${args[1]}, ${args[2]}, ${args[3]},
        ${args[4]}::text::timestamptz, ${args[5]}::text::timestamptz, ${args[6]}, ${args[7]}, ${args[8]}) as name`;
    opened();
    const writer = writable.getWriter();
    try {
      await writer.write(encoder.encode(csvRow(LOG_COLUMNS)));
      const fetchBatch = `fetch ${BATCH} from "${name.replaceAll('"', '""')}"`;
      for (;;) {
        const rows = await tx.unsafe<Record<string, unknown>[]>(fetchBatch);
        if (rows.length === 0) break;
        // One write per batch; it waits while the client is slower than the database (backpressure).
        await writer.write(encoder.encode(rows.map((r) => csvRow(LOG_COLUMNS.map((c) => r[c]))).join("")));
      }
      await writer.close();
    } catch (err) {
      // The client went away (or the database failed mid-stream): end the body and the transaction.
      await writer.abort(err).catch(() => {});
      throw err;
    }
  });
  const failedBeforeOpen = await Promise.race([open.then(() => null), done.then(() => null, (err) => err)]);
  if (failedBeforeOpen) throw failedBeforeOpen;
  done.catch((err) => console.error(`admin: logs.csv ended early: ${err instanceof Error ? err.message : err}`));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(readable, {
    headers: {
      ...CORS,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="activity-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}

/** GET /admin/system: rpc/admin_system as the caller, with this edge's drivers and version. */
async function system(req: Request): Promise<Response> {
  const caller = await personCaller(req);
  const [{ page }] = await asCaller(caller, req, (tx) => tx<{ page: Record<string, unknown> }[]>`select api.admin_system() as page`);
  const c = config();
  return json({
    ...page,
    drivers: { storage: c.storage.driver, email: c.email.transport.driver, mpesa: c.mpesa.env },
    version: VERSION,
  }, 200, { ...CORS, "cache-control": "no-store" });
}

/** GET /admin/logs.csv, GET /admin/system. */
export async function handler(req: Request): Promise<Response> {
  try {
    const url = new URL(req.url);
    const path = url.pathname.replace(/\/+$/, "").replace(/^.*\/admin(?=\/|$)/, "/admin");
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
    const routes: Record<string, () => Promise<Response>> = {
      "/admin/logs.csv": () => logsCsv(req, url),
      "/admin/system": () => system(req),
    };
    const route = routes[path];
    if (!route) throw new HttpError(404, "PGRST125", "Not found.");
    if (req.method !== "GET") throw new HttpError(405, "PGRST117", "Use GET.", null, null, { allow: "GET" });
    return await route();
  } catch (err) {
    return errorResponse(err, CORS);
  }
}
