// Runtime configuration of the client: the gateway URL and anon key come from
// the server's environment at run time (never baked into the build), so one
// build runs against any stack.
import { env } from '$env/dynamic/public';

/** The API base (the gateway locally, the Supabase project URL when hosted). */
export const supabaseUrl: string = (env.PUBLIC_SUPABASE_URL || 'http://127.0.0.1:54321').replace(/\/+$/, '');
/** The anon key, sent as `apikey` on every call. */
export const supabaseAnonKey: string = env.PUBLIC_SUPABASE_ANON_KEY || '';
/** Files above this size upload through tus (resumable); smaller ones through one signed PUT. */
export const TUS_THRESHOLD = 8 * 1024 * 1024;

/** How live notifications reach the browser: the gateway's SSE stream, or Supabase Realtime Broadcast (hosted). */
export type NotificationsTransport = 'sse' | 'realtime';

/** Reads PUBLIC_NOTIFICATIONS_TRANSPORT: 'realtime' for hosted Supabase; anything else (and unset) is the SSE stream. */
export function chooseNotificationsTransport(value: string | undefined): NotificationsTransport {
  return value?.trim().toLowerCase() === 'realtime' ? 'realtime' : 'sse';
}

export const notificationsTransport: NotificationsTransport = chooseNotificationsTransport(env.PUBLIC_NOTIFICATIONS_TRANSPORT);
