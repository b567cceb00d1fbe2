// @vitest-environment happy-dom
// The bell's store against a fake API and a fake EventSource: optimistic
// marks with rollback, live arrivals and folds, and reconnecting with a
// fresh ticket from the last event id.
import { describe, expect, it, vi } from 'vitest';
import { byDay, NotificationsStore, type EventSourceLike, type NotificationsApi, type RealtimeApi } from './notifications.svelte';
import type { Notification, NotificationChannel } from '$lib/api/notifications';
import { chooseNotificationsTransport } from '$lib/config';

const note = (id: number, over: Partial<Notification> = {}): Notification => ({
  id, type: 'new_sign_in', category: 'security', title: `n${id}`, payload: {}, count: 1, item_type: null, item_id: null,
  created_at: '2026-12-02T10:00:00Z', updated_at: '2026-12-02T10:00:00Z', read_at: null, cursor: id * 10, ...over,
});

class FakeSource implements EventSourceLike {
  listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string, data: unknown, lastEventId = '') {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data), lastEventId }));
  }
  close() {
    this.closed = true;
  }
}

function setup(api: Partial<NotificationsApi> = {}) {
  const sources: FakeSource[] = [];
  const full: NotificationsApi = {
    list: vi.fn(async () => ({ items: [note(2), note(1, { read_at: '2026-12-01T00:00:00Z' })], unread: 1, next: 10 })),
    markRead: vi.fn(async () => ({ marked: 1, unread: 0 })),
    remove: vi.fn(async () => {}),
    streamUrl: vi.fn(async (last: string | null) => `stream?ticket=t${sources.length}${last ? `&last_event_id=${last}` : ''}`),
    ...api,
  };
  const store = new NotificationsStore(full, (url) => {
    const s = new FakeSource(url);
    sources.push(s);
    return s;
  });
  return { store, api: full, sources };
}

describe('NotificationsStore', () => {
  it('loads a page with the unread count and pages on by cursor', async () => {
    const { store, api } = setup();
    await store.load();
    expect(store.items.map((n) => n.id)).toEqual([2, 1]);
    expect(store.unread).toBe(1);
    (api.list as ReturnType<typeof vi.fn>).mockResolvedValueOnce({ items: [note(1), note(0)], unread: 1, next: null });
    await store.loadMore();
    expect(api.list).toHaveBeenLastCalledWith(10, 20);
    expect(store.items.map((n) => n.id)).toEqual([2, 1, 0]);
    expect(store.next).toBeNull();
  });

  it('marks read at once, and takes it back when the API refuses', async () => {
    const { store } = setup({ markRead: vi.fn(async () => Promise.reject(new Error('offline'))) });
    await store.load();
    const pending = store.markRead([2]);
    expect(store.unread).toBe(0);
    expect(store.items[0].read_at).not.toBeNull();
    await pending;
    expect(store.unread).toBe(1);
    expect(store.items[0].read_at).toBeNull();
    expect(store.error).toBe('offline');
  });

  it('deletes at once, and puts it back where it was when refused', async () => {
    const { store } = setup({ remove: vi.fn(async () => Promise.reject(new Error('no'))) });
    await store.load();
    const pending = store.remove(2);
    expect(store.items.map((n) => n.id)).toEqual([1]);
    expect(store.unread).toBe(0);
    await pending;
    expect(store.items.map((n) => n.id)).toEqual([2, 1]);
    expect(store.unread).toBe(1);
  });

  it('shows live arrivals on top, counts a fold once, and tells the toasts', async () => {
    const { store, sources } = setup();
    const arrived: number[] = [];
    store.onArrive = (n) => arrived.push(n.id);
    await store.load();
    await store.connect();
    sources[0].emit('ready', {}, '20');
    expect(store.live).toBe(true);
    sources[0].emit('notification', note(3), '30');
    sources[0].emit('notification', note(3, { count: 2, title: 'folded' }), '31');
    expect(store.items.map((n) => n.id)).toEqual([3, 2, 1]);
    expect(store.items[0].title).toBe('folded');
    expect(store.unread).toBe(2);
    expect(arrived).toEqual([3, 3]);
  });

  it('reconnects after an error with a fresh ticket from the last event id, and stops when the session ends', async () => {
    vi.useFakeTimers();
    try {
      const { store, sources } = setup();
      await store.connect();
      sources[0].emit('notification', note(5), '50');
      sources[0].onerror!(new Event('error'));
      expect(sources[0].closed).toBe(true);
      expect(store.live).toBe(false);
      await vi.advanceTimersByTimeAsync(1000);
      expect(sources[1].url).toBe('stream?ticket=t1&last_event_id=50');
      sources[1].emit('end', { reason: 'session_ended' });
      expect(sources[1].closed).toBe(true);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sources).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** A Realtime channel as supabase-js gives it: broadcast listeners and a status callback. */
class FakeChannel implements NotificationChannel {
  listeners: { event: string; fn: (m: { payload?: unknown }) => void }[] = [];
  status: ((s: string) => void) | null = null;
  constructor(readonly topic: string) {}
  on(_type: 'broadcast', filter: { event: string }, fn: (m: { payload?: unknown }) => void) {
    this.listeners.push({ event: filter.event, fn });
    return this;
  }
  subscribe(cb?: (s: string) => void) {
    this.status = cb ?? null;
    return this;
  }
  broadcast(event: string, payload: unknown) {
    for (const l of this.listeners) if (l.event === event) l.fn({ payload });
  }
}

function setupRealtime() {
  const channels: FakeChannel[] = [];
  const closed: FakeChannel[] = [];
  const realtime: RealtimeApi = {
    open: (userId) => {
      const c = new FakeChannel(`user:${userId}`);
      channels.push(c);
      return c;
    },
    close: async (c) => void closed.push(c as FakeChannel),
  };
  const api: NotificationsApi = {
    list: vi.fn(async () => ({ items: [note(2)], unread: 1, next: null })),
    markRead: vi.fn(async () => ({ marked: 0, unread: 0 })),
    remove: vi.fn(async () => {}),
    streamUrl: vi.fn(async () => 'never'),
  };
  const openSource = vi.fn(() => {
    throw new Error('the realtime transport opens no EventSource');
  });
  const store = new NotificationsStore(api, openSource, 'realtime', realtime);
  return { store, api, channels, closed, openSource };
}

describe('NotificationsStore over Realtime', () => {
  it('joins the user\'s private topic and shows its broadcasts like the stream\'s events, each once', async () => {
    const { store, channels, openSource, api } = setupRealtime();
    const arrived: number[] = [];
    store.onArrive = (n) => arrived.push(n.id);
    await store.load();
    await store.connect('u-1');
    expect(channels.map((c) => c.topic)).toEqual(['user:u-1']);
    expect(openSource).not.toHaveBeenCalled();
    expect(api.streamUrl).not.toHaveBeenCalled();
    channels[0].status!('SUBSCRIBED');
    expect(store.live).toBe(true);
    channels[0].broadcast('notification', note(3));
    channels[0].broadcast('notification', note(3));
    channels[0].broadcast('something_else', note(9));
    channels[0].broadcast('notification', { not: 'a notification' });
    expect(store.items.map((n) => n.id)).toEqual([3, 2]);
    expect(store.unread).toBe(2);
    expect(arrived).toEqual([3]);
    channels[0].broadcast('notification', note(3, { count: 4, title: 'folded' }));
    expect(store.items[0].title).toBe('folded');
    expect(store.unread).toBe(2);
    expect(arrived).toEqual([3, 3]);
  });

  it('reloads after a rejoin (Broadcast keeps nothing), and leaves the channel on disconnect', async () => {
    const { store, channels, closed, api } = setupRealtime();
    await store.connect('u-1');
    await store.connect('u-1');
    expect(channels).toHaveLength(1);
    channels[0].status!('SUBSCRIBED');
    expect(api.list).not.toHaveBeenCalled();
    channels[0].status!('CHANNEL_ERROR');
    expect(store.live).toBe(false);
    channels[0].status!('SUBSCRIBED');
    expect(api.list).toHaveBeenCalledTimes(1);
    store.disconnect();
    expect(closed).toEqual([channels[0]]);
    expect(store.live).toBe(false);
    channels[0].broadcast('notification', note(7));
    expect(store.items.map((n) => n.id)).not.toContain(7);
  });

  it('joins nothing without a user', async () => {
    const { store, channels } = setupRealtime();
    await store.connect(null);
    expect(channels).toHaveLength(0);
  });
});

describe('chooseNotificationsTransport', () => {
  it('is SSE unless the deployment says realtime', () => {
    expect(chooseNotificationsTransport(undefined)).toBe('sse');
    expect(chooseNotificationsTransport('')).toBe('sse');
    expect(chooseNotificationsTransport('sse')).toBe('sse');
    expect(chooseNotificationsTransport('websocket')).toBe('sse');
    expect(chooseNotificationsTransport('realtime')).toBe('realtime');
    expect(chooseNotificationsTransport(' Realtime ')).toBe('realtime');
  });
});

describe('byDay', () => {
  it('groups by the local day, newest first', () => {
    const now = new Date(2026, 11, 2, 12);
    const groups = byDay([
      note(3, { updated_at: new Date(2026, 11, 2, 9).toISOString() }),
      note(2, { updated_at: new Date(2026, 11, 1, 9).toISOString() }),
      note(1, { updated_at: new Date(2026, 10, 20, 9).toISOString() }),
    ], now);
    expect(groups.map((g) => [g.day === 'Today' || g.day === 'Yesterday' ? g.day : 'date', g.items.length])).toEqual([
      ['Today', 1], ['Yesterday', 1], ['date', 1],
    ]);
  });
});
