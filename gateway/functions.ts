/**
 * The edge functions the gateway serves at /functions/v1/<name>, imported
 * in-process from supabase/functions/<name>/handler.ts: the same modules
 * hosted Supabase deploys, each behind its own `index.ts`.
 */

import { handler as admin } from "../supabase/functions/admin/handler.ts";
import { handler as email } from "../supabase/functions/email/handler.ts";
import { handler as files } from "../supabase/functions/files/handler.ts";
import { handler as mpesa } from "../supabase/functions/mpesa/handler.ts";
import { handler as share } from "../supabase/functions/share/handler.ts";
import { handler as notifications } from "../supabase/functions/notifications/handler.ts";
import { handler as webdav } from "../supabase/functions/webdav/handler.ts";

export type FunctionHandler = (req: Request) => Response | Promise<Response>;

export const functions: Record<string, FunctionHandler> = {
  admin,
  email,
  files,
  mpesa,
  notifications,
  share,
  webdav,
};

/**
 * Why the functions (and the jobs that call them) are off, or null when their
 * settings are there. They need the superuser connection hosted Supabase hands
 * every function (SUPABASE_DB_URL); without it the gateway is a bare PostgREST.
 * SUPABASE_URL is not needed: the gateway gives them its own address.
 */
export function functionsOffReason(env: Record<string, string | undefined>): string | null {
  return env.SUPABASE_DB_URL ? null : "SUPABASE_DB_URL is unset";
}
