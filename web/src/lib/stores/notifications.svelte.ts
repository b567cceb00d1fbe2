// The bell's state: the latest notifications and the unread count, marking
// read and deleting at once (taken back when the API refuses), and the live
// stream. An EventSource would reconnect with the same URL, whose ticket is
// single use, so the store closes it on any error and opens a new one with a
// fresh ticket and the last event id it saw: nothing is missed. On hosted
// Supabase (PUBLIC_NOTIFICATIONS_TRANSPORT=realtime) the same events come
// through Realtime Broadcast on the private topic user:<id> instead;
// Broadcast keeps no history, so each (re)subscription reloads the first
// page, and an event seen twice is shown once.
import {
  closeNotificationChannel,
  deleteNotification,
  listNotifications,
  markRead,
  notificationChannel,
  notificationStreamUrl,
  type Notification,
  type NotificationChannel,
  type NotificationPage,
} from '$lib/api/notifications';
import { messageOf } from '$lib/api/errors';
import { notificationsTransport, type NotificationsTransport } from '$lib/config';

export interface NotificationsApi {
  list(before: number | null, limit?: number): Promise<NotificationPage>;
  markRead(ids?: number[]): Promise<{ marked: number; unread: number }>;
  remove(id: number): Promise<void>;
  streamUrl(lastEventId: string | null): Promise<string>;
}

/** The part of EventSource the store uses (tests pass a fake). */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

/** Realtime's side: open and close the user's channel (tests pass fakes). */
export interface RealtimeApi {
  open(userId: string): NotificationChannel;
  close(channel: NotificationChannel): Promise<void>;
}

const defaultRealtime: RealtimeApi = { open: notificationChannel, close: closeNotificationChannel };

const defaultApi: NotificationsApi = {
  list: listNotifications,
  markRead,
  remove: deleteNotification,
  streamUrl: notificationStreamUrl,
};

export class NotificationsStore {
  items = $state<Notification[]>([]);
  unread = $state(0);
  next = $state<number | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  live = $state(false);
  /** Called for each notification that arrives live (the toasts). */
  onArrive: ((n: Notification) => void) | null = null;

  #source: EventSourceLike | null = null;
  #lastEventId: string | null = null;
  #stopped = true;
  #retryMs = 1000;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #channel: NotificationChannel | null = null;
  #subscribedOnce = false;

  constructor(
    private api: NotificationsApi = defaultApi,
    private openSource: (url: string) => EventSourceLike = (url) => new EventSource(url),
    readonly transport: NotificationsTransport = notificationsTransport,
    private realtime: RealtimeApi = defaultRealtime,
  ) {}

  async load(limit = 20): Promise<void> {
    this.loading = true;
    try {
      const page = await this.api.list(null, limit);
      this.items = page.items;
      this.unread = page.unread;
      this.next = page.next;
      this.error = null;
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.loading = false;
    }
  }

  async loadMore(limit = 20): Promise<void> {
    if (this.next === null || this.loading) return;
    this.loading = true;
    try {
      const page = await this.api.list(this.next, limit);
      const seen = new Set(this.items.map((n) => n.id));
      this.items = [...this.items, ...page.items.filter((n) => !seen.has(n.id))];
      this.unread = page.unread;
      this.next = page.next;
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.loading = false;
    }
  }

  /** Marks these read (all, without ids) at once; puts them back unread if the API refuses. */
  async markRead(ids?: number[]): Promise<void> {
    const chosen = this.items.filter((n) => n.read_at === null && (!ids || ids.includes(n.id)));
    if (chosen.length === 0 && ids) return;
    const before = { unread: this.unread, read: new Map(chosen.map((n) => [n.id, n.read_at])) };
    const now = new Date().toISOString();
    this.items = this.items.map((n) => (before.read.has(n.id) ? { ...n, read_at: now } : n));
    this.unread = ids ? Math.max(this.unread - chosen.length, 0) : 0;
    try {
      this.unread = (await this.api.markRead(ids)).unread;
    } catch (err) {
      this.items = this.items.map((n) => (before.read.has(n.id) ? { ...n, read_at: null } : n));
      this.unread = before.unread;
      this.error = messageOf(err);
    }
  }

  /** Deletes one at once; puts it back where it was if the API refuses. */
  async remove(id: number): Promise<void> {
    const index = this.items.findIndex((n) => n.id === id);
    if (index < 0) return;
    const removed = this.items[index];
    this.items = this.items.filter((n) => n.id !== id);
    if (removed.read_at === null) this.unread = Math.max(this.unread - 1, 0);
    try {
      await this.api.remove(id);
    } catch (err) {
      this.items = [...this.items.slice(0, index), removed, ...this.items.slice(index)];
      if (removed.read_at === null) this.unread++;
      this.error = messageOf(err);
    }
  }

  /** A notification from the stream: new, or a fold of one already listed (it moves to the top); one seen already is ignored. */
  arrive(n: Notification): void {
    const old = this.items.find((x) => x.id === n.id);
    if (old && old.updated_at === n.updated_at && old.count === n.count && old.read_at === n.read_at) return;
    this.items = [n, ...this.items.filter((x) => x.id !== n.id)];
    if (n.read_at === null && (!old || old.read_at !== null)) this.unread++;
    this.onArrive?.(n);
  }

  /**
   * Opens the live stream (again after any error, with a growing pause up to
   * 30 s), or with the realtime transport joins `user:<userId>`.
   */
  async connect(userId?: string | null): Promise<void> {
    if (this.transport === 'realtime') {
      this.#joinRealtime(userId ?? null);
      return;
    }
    this.#stopped = false;
    this.#clearTimer();
    let url: string;
    try {
      url = await this.api.streamUrl(this.#lastEventId);
    } catch {
      this.#retryLater();
      return;
    }
    if (this.#stopped) return;
    const source = this.openSource(url);
    this.#source = source;
    source.addEventListener('ready', (e) => {
      if (e.lastEventId) this.#lastEventId = e.lastEventId;
      this.live = true;
      this.#retryMs = 1000;
    });
    source.addEventListener('notification', (e) => {
      if (e.lastEventId) this.#lastEventId = e.lastEventId;
      try {
        this.arrive(JSON.parse(e.data) as Notification);
      } catch {
        // not ours: ignore
      }
    });
    // The session ended: signing in again starts a new stream.
    source.addEventListener('end', () => this.disconnect());
    source.onerror = () => {
      source.close();
      if (this.#source === source) this.#source = null;
      this.live = false;
      this.#retryLater();
    };
  }

  disconnect(): void {
    this.#stopped = true;
    this.#clearTimer();
    this.#source?.close();
    this.#source = null;
    if (this.#channel) void this.realtime.close(this.#channel).catch(() => undefined);
    this.#channel = null;
    this.#subscribedOnce = false;
    this.live = false;
  }

  /** Joins the private channel; supabase-js rejoins by itself after errors, and each join reloads what Broadcast may have missed. */
  #joinRealtime(userId: string | null): void {
    if (!userId || this.#channel) return;
    this.#stopped = false;
    const channel = this.realtime.open(userId);
    this.#channel = channel;
    channel
      .on('broadcast', { event: 'notification' }, (message) => {
        if (this.#channel !== channel) return;
        const n = message.payload as Notification | undefined;
        if (n && typeof n.id === 'number') this.arrive(n);
      })
      .subscribe((status) => {
        if (this.#channel !== channel) return;
        if (status === 'SUBSCRIBED') {
          this.live = true;
          if (this.#subscribedOnce) void this.load();
          this.#subscribedOnce = true;
        } else {
          this.live = false;
        }
      });
  }

  #retryLater(): void {
    if (this.#stopped) return;
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.connect(), this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** The app's one store: the bell, the panel and the notifications page share it. */
export const notifications = new NotificationsStore();

/** Notifications grouped by the local day they last changed ("Today", "Yesterday", a date). */
export function byDay(items: Notification[], now = new Date()): { day: string; items: Notification[] }[] {
  const key = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
  const today = key(now);
  const yesterday = key(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const groups: { day: string; items: Notification[] }[] = [];
  for (const n of items) {
    const d = new Date(n.updated_at);
    const k = key(d);
    const day = k === today ? 'Today' : k === yesterday ? 'Yesterday' : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
    const last = groups.at(-1);
    if (last?.day === day) last.items.push(n);
    else groups.push({ day, items: [n] });
  }
  return groups;
}
