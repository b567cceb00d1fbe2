/**
 * The `email` function: POST /email drains the outbox now, as its caller.
 * SQL's grants make that the service role's alone (a cron job or database
 * webhook on hosted Supabase; locally the gateway sends the same request on a
 * timer and on NOTIFY email_outbox, gateway/jobs.ts): anyone else gets 403 at
 * the first step.
 */
import { authenticate } from "../_shared/auth.ts";
import { config } from "../_shared/config.ts";
import { asCaller, type Caller } from "../_shared/db.ts";
import { createEmailDriver, type EmailDriver } from "../_shared/email/mod.ts";
import { errorResponse, HttpError, json } from "../_shared/http.ts";
import { drainOutbox, type Run } from "./drain.ts";

let driver: EmailDriver | null = null;

/** Each step in its own transaction as `caller`. */
function asRun(caller: Caller, req: Request | null): Run {
  return (step) => asCaller(caller, req, (tx) => step(tx));
}

function emailDriver(): EmailDriver {
  driver ??= createEmailDriver(config().email);
  return driver;
}

/** POST /email: sends due emails and answers {sent, failed}. */
export async function handler(req: Request): Promise<Response> {
  try {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    if (path !== "/email") throw new HttpError(404, "PGRST125", "Not found.");
    if (req.method !== "POST") {
      throw new HttpError(405, "PGRST117", "Use POST to drain the outbox.", null, null, { allow: "POST" });
    }
    const caller = await authenticate(req, { allowService: true });
    await req.body?.cancel();
    // The one-click unsubscribe lives in the notifications function, at the API's public address.
    const unsubscribeBase = `${config().supabaseUrl.replace(/\/+$/, "")}/functions/v1/notifications/unsubscribe`;
    return json(await drainOutbox(asRun(caller, req), emailDriver(), { from: config().email.from, unsubscribeBase }));
  } catch (err) {
    return errorResponse(err);
  }
}
