/**
 * The edge functions the gateway serves at /functions/v1/<name>, imported
 * in-process from supabase/functions/<name>/handler.ts: the same modules
 * hosted Supabase deploys, each behind its own `index.ts`.
 */

import { handler as email } from "../supabase/functions/email/handler.ts";
import { handler as files } from "../supabase/functions/files/handler.ts";
import { handler as mpesa } from "../supabase/functions/mpesa/handler.ts";
import { handler as share } from "../supabase/functions/share/handler.ts";
import { handler as notifications } from "../supabase/functions/notifications/handler.ts";
import { handler as webdav } from "../supabase/functions/webdav/handler.ts";

export type FunctionHandler = (req: Request) => Response | Promise<Response>;

export const functions: Record<string, FunctionHandler> = {
  email,
  files,
  mpesa,
  notifications,
  share,
  webdav,
};
