/**
 * The `notifications` function: GET /notifications/stream, the caller's
 * notifications as server-sent events, live (one LISTEN connection per
 * process, hub.ts) and replayed from Last-Event-ID (stream.ts). It
 * authenticates by the access token, or by `?ticket=` from
 * rpc/notification_stream_ticket (single use, 30 s), since a browser's
 * EventSource cannot send headers; either way it acts as that session and
 * ends with it. Also /notifications/unsubscribe, the one-click unsubscribe
 * of notification emails (unsubscribe.ts).
 */
import { authenticate } from "../_shared/auth.ts";
import { ANON, asCaller, type Caller } from "../_shared/db.ts";
import { errorResponse, HttpError } from "../_shared/http.ts";
import { openStream } from "./stream.ts";
import { unsubscribe } from "./unsubscribe.ts";

const CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, OPTIONS",
  "access-control-allow-headers": "authorization, apikey, last-event-id, x-client-info",
};

/** The caller of a stream: the ticket's session, else the bearer token's. */
async function streamCaller(req: Request, url: URL): Promise<Caller> {
  const ticket = url.searchParams.get("ticket");
  if (ticket === null) {
    const caller = await authenticate(req);
    // Not a rule of who sees what (RLS is): a service-role token passes authenticate() and
    // bypasses RLS, so its stream would carry every user's notifications.
    if (caller.role !== "authenticated") throw new HttpError(403, "42501", "A stream belongs to a signed-in user.");
    return caller;
  }
  const [row] = await asCaller(ANON, req, (tx) =>
    tx<{ claims: Record<string, unknown> | null }[]>`
    select app.redeem_stream_ticket(${ticket}) as claims`);
  const claims = row?.claims;
  if (!claims || typeof claims.sub !== "string") {
    throw new HttpError(
      401,
      "PGRST301",
      "This stream ticket is invalid, used or expired.",
      null,
      "Ask rpc/notification_stream_ticket for a new one.",
    );
  }
  return { userId: claims.sub, role: "authenticated", claims };
}

/** Where a reconnect left off: Last-Event-ID (EventSource sends it), or ?last_event_id= for a new EventSource. */
function lastEventId(req: Request, url: URL): bigint | null {
  const raw = req.headers.get("last-event-id") ?? url.searchParams.get("last_event_id");
  if (raw === null || raw === "") return null;
  if (!/^\d{1,18}$/.test(raw)) {
    throw new HttpError(400, "PGRST100", "Last-Event-ID must be an event id from this stream.");
  }
  return BigInt(raw);
}

/** Builds the handler; tests pass a short heartbeat. */
export function createHandler(options: { heartbeatMs?: number } = {}): (req: Request) => Promise<Response> {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  return async (req) => {
    try {
      const url = new URL(req.url);
      const path = url.pathname.replace(/\/+$/, "");
      if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
      if (path === "/notifications/unsubscribe") return await unsubscribe(req, url);
      if (path !== "/notifications/stream") throw new HttpError(404, "PGRST125", "Not found.");
      if (req.method !== "GET") {
        throw new HttpError(405, "PGRST117", "Use GET to open the notification stream.", null, null, { allow: "GET" });
      }
      const after = lastEventId(req, url);
      const caller = await streamCaller(req, url);
      return await openStream(caller, req, { after, heartbeatMs, headers: CORS });
    } catch (err) {
      return errorResponse(err, CORS);
    }
  };
}

/** GET /notifications/stream, GET|POST /notifications/unsubscribe. */
export const handler = createHandler();
