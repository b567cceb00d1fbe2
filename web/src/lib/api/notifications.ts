// The signed-in person's notifications: a page at a time with the unread
// count, marking read, deleting, the email preferences, and the live
// stream's address (a single-use ticket, since EventSource sends no headers),
// and on hosted Supabase the Realtime channel that carries the same events.
import { functionUrl, supabase } from './client';
import { unwrap } from './errors';

/** One notification as rpc/notifications answers it (a JSON document, so these are its fields). */
export interface Notification {
  id: number;
  type: string;
  category: string;
  title: string;
  payload: Record<string, unknown>;
  count: number;
  item_type: string | null;
  item_id: string | null;
  created_at: string;
  updated_at: string;
  read_at: string | null;
  cursor: number;
}

export interface NotificationPage {
  items: Notification[];
  unread: number;
  next: number | null;
}

export interface NotificationPreference {
  type: string;
  category: string;
  description: string;
  email: boolean;
  email_locked: boolean;
  emailed: boolean;
}

export async function listNotifications(before: number | null = null, limit = 20): Promise<NotificationPage> {
  const args = before === null ? { limit } : { before, limit };
  return unwrap(await supabase.rpc('notifications', args)) as unknown as NotificationPage;
}

export async function markRead(ids?: number[]): Promise<{ marked: number; unread: number }> {
  return unwrap(await supabase.rpc('mark_read', ids ? { ids } : {})) as unknown as { marked: number; unread: number };
}

export async function deleteNotification(id: number): Promise<void> {
  unwrap(await supabase.rpc('delete_notification', { id }));
}

export async function notificationPreferences(): Promise<NotificationPreference[]> {
  return unwrap(await supabase.rpc('notification_preferences')) as NotificationPreference[];
}

export async function setNotificationPreference(type: string, email: boolean): Promise<void> {
  unwrap(await supabase.rpc('set_notification_preference', { type, email }));
}

/** The address of a fresh stream (a new ticket each time), resuming after `lastEventId` when given. */
export async function notificationStreamUrl(lastEventId: string | null): Promise<string> {
  const { ticket } = unwrap(await supabase.rpc('notification_stream_ticket')) as unknown as { ticket: string };
  const query = new URLSearchParams({ ticket });
  if (lastEventId) query.set('last_event_id', lastEventId);
  return functionUrl(`notifications/stream?${query}`);
}

/** The part of a supabase-js Realtime channel the notifications store uses (tests pass a fake). */
export interface NotificationChannel {
  on(type: 'broadcast', filter: { event: string }, callback: (message: { payload?: unknown }) => void): NotificationChannel;
  subscribe(callback?: (status: string, err?: Error) => void): unknown;
}

/**
 * The private Realtime topic `user:<id>` the database's trigger broadcasts
 * each notification to (event `notification`); RLS on realtime.messages lets
 * only that user join. supabase-js sends the session's token from `accessToken`.
 */
export function notificationChannel(userId: string): NotificationChannel {
  return supabase.channel(`user:${userId}`, { config: { private: true } }) as unknown as NotificationChannel;
}

/** Leaves a channel from notificationChannel. */
export async function closeNotificationChannel(channel: NotificationChannel): Promise<void> {
  await supabase.removeChannel(channel as unknown as Parameters<typeof supabase.removeChannel>[0]);
}
