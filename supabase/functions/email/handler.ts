/**
 * The `email` function: POST drains the outbox now. Only the service role may
 * call it (a cron job or database webhook on hosted Supabase; the gateway's
 * job runner calls `drain()` in-process locally).
 */
import { jwtVerify } from "jose";
import { jwtKey } from "../_shared/auth.ts";
import { config } from "../_shared/config.ts";
import { sql } from "../_shared/db.ts";
import { createEmailDriver, type EmailDriver } from "../_shared/email/mod.ts";
import { errorResponse, HttpError, json } from "../_shared/http.ts";
import { type DrainResult, drainOutbox } from "./drain.ts";

let driver: EmailDriver | null = null;
let running: Promise<DrainResult> | null = null;

/** Drains the outbox once; concurrent calls share the run in progress. */
export function drain(): Promise<DrainResult> {
  if (running) return running;
  driver ??= createEmailDriver(config().email);
  running = drainOutbox(sql(), driver, { from: config().email.from }).finally(() => {
    running = null;
  });
  return running;
}

/** Closes the driver's connections (shutdown, tests). */
export async function closeEmail(): Promise<void> {
  await running?.catch(() => {});
  await driver?.close?.();
  driver = null;
}

async function requireServiceRole(req: Request): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) throw new HttpError(401, "PGRST301", "This function needs the service role key.");
  try {
    const { payload } = await jwtVerify(match[1], await jwtKey(), { algorithms: ["HS256"] });
    if (payload.role === "service_role") return;
  } catch {
    throw new HttpError(401, "PGRST301", "The token is invalid or expired.");
  }
  throw new HttpError(403, "42501", "Only the service role may drain the email outbox.");
}

/** POST /email (or /email/drain): sends due emails and answers {sent, failed}. */
export async function handler(req: Request): Promise<Response> {
  try {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    if (path !== "/email" && path !== "/email/drain") throw new HttpError(404, "PGRST125", "Not found.");
    if (req.method !== "POST") {
      throw new HttpError(405, "PGRST117", "Use POST to drain the outbox.", null, null, { allow: "POST" });
    }
    await requireServiceRole(req);
    await req.body?.cancel();
    return json(await drain());
  } catch (err) {
    return errorResponse(err);
  }
}
