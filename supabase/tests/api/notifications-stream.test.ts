// The live notification stream over HTTP on the real stack: delivered
// within a second to its user only, replayed from Last-Event-ID, ended with
// its session, opened by a ticket that works once and briefly.
import { afterAll, describe, expect, it } from 'vitest';
import { rpc, signup, type Session } from './accounts-support';
import { adminSql, stack } from './support';

interface SseEvent {
  id: string | null;
  event: string;
  data: string;
  at: number;
}

/** An open stream, parsed into events as they arrive. */
interface OpenStream {
  status: number;
  events: SseEvent[];
  comments: string[];
  ended: Promise<void>;
  waitFor(test: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

const streams: OpenStream[] = [];
afterAll(() => streams.forEach((s) => s.close()));

const streamUrl = (query = '') => `${stack.apiUrl}/functions/v1/notifications/stream${query}`;

async function open(url: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const stream: OpenStream = {
    status: res.status,
    events,
    comments,
    ended: Promise.resolve(),
    async waitFor(test, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event in ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => abort.abort(),
  };
  streams.push(stream);
  if (res.status !== 200 || !res.body) {
    stream.events.push({ id: null, event: 'body', data: await res.text(), at: Date.now() });
    return stream;
  }
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { id: null, event: 'message', data: '', at: Date.now() };
          let any = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) (e.id = line.slice(4)), (any = true);
            else if (line.startsWith('event: ')) (e.event = line.slice(7)), (any = true);
            else if (line.startsWith('data: ')) (e.data = line.slice(6)), (any = true);
          }
          if (any && e.event !== 'message') events.push(e);
          waiters.forEach((w) => w());
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  return stream;
}

const notes = (s: OpenStream) => s.events.filter((e) => e.event === 'notification');

async function notify(userId: string, sessions: number): Promise<number> {
  const sql = adminSql();
  try {
    await sql`select app.notify(${userId}::uuid, 'sessions_ended', ${sql.json({ sessions })})`;
    return Date.now();
  } finally {
    await sql.end();
  }
}

async function ticketFor(user: Session): Promise<string> {
  const res = await rpc('notification_stream_ticket', {}, user.token);
  expect(res.status).toBe(200);
  return res.body.ticket;
}

describe('GET /functions/v1/notifications/stream', () => {
  it('delivers a notification within a second, to its user only', async () => {
    const ada = await signup('stream-ada');
    const bob = await signup('stream-bob');
    const adas = await open(streamUrl(`?ticket=${await ticketFor(ada)}`));
    const bobs = await open(streamUrl(), { authorization: `Bearer ${bob.token}` });
    expect([adas.status, bobs.status]).toEqual([200, 200]);
    await adas.waitFor((e) => e.event === 'ready');
    await bobs.waitFor((e) => e.event === 'ready');

    const sent = await notify(ada.id, 7);
    const got = await adas.waitFor((e) => e.event === 'notification', 1000);
    expect(got.at - sent).toBeLessThan(1000);
    expect(JSON.parse(got.data)).toMatchObject({ type: 'sessions_ended', payload: { sessions: 7 }, title: 'You signed out on every device (7 sessions)' });
    expect(got.id).toBe(String(JSON.parse(got.data).cursor));

    await notify(bob.id, 1);
    await bobs.waitFor((e) => e.event === 'notification');
    await new Promise((r) => setTimeout(r, 300));
    expect(notes(adas).map((e) => JSON.parse(e.data).payload.sessions)).toEqual([7]);
    expect(notes(bobs).map((e) => JSON.parse(e.data).payload.sessions)).toEqual([1]);
  });

  it('replays what a reconnect missed from Last-Event-ID, folds included', async () => {
    const ada = await signup('replay-ada');
    const first = await open(streamUrl(), { authorization: `Bearer ${ada.token}` });
    await first.waitFor((e) => e.event === 'ready');
    await notify(ada.id, 1);
    const seen = await first.waitFor((e) => e.event === 'notification');
    first.close();

    const sql = adminSql();
    try {
      // Missed while away: a new one, and a fold into the one already seen (it took a new seq).
      await sql`select app.notify(${ada.id}::uuid, 'storage_80', '{"percent": 81}')`;
      await sql`select app.notify(${ada.id}::uuid, 'sessions_ended', '{"sessions": 2}')`;
    } finally {
      await sql.end();
    }
    const again = await open(streamUrl(), { authorization: `Bearer ${ada.token}`, 'last-event-id': seen.id! });
    await again.waitFor((e) => e.event === 'ready');
    const replayed = notes(again).map((e) => JSON.parse(e.data));
    expect(replayed.map((n) => [n.type, n.count])).toEqual([['storage_80', 1], ['sessions_ended', 2]]);
    expect(notes(again).every((e) => BigInt(e.id!) > BigInt(seen.id!))).toBe(true);

    // A new EventSource (a fresh ticket) names it in the query instead.
    const third = await open(streamUrl(`?ticket=${await ticketFor(ada)}&last_event_id=${notes(again)[0].id}`));
    await third.waitFor((e) => e.event === 'ready');
    expect(notes(third).map((e) => JSON.parse(e.data).type)).toEqual(['sessions_ended']);
  });

  it('ends when its session ends', async () => {
    const ada = await signup('ending-ada');
    const s = await open(streamUrl(`?ticket=${await ticketFor(ada)}`));
    await s.waitFor((e) => e.event === 'ready');
    const started = Date.now();
    expect((await rpc('logout', {}, ada.token)).status).toBe(204);
    const end = await s.waitFor((e) => e.event === 'end', 1000);
    expect(JSON.parse(end.data)).toEqual({ reason: 'session_ended' });
    await s.ended;
    expect(Date.now() - started).toBeLessThan(1000);
    // And it cannot be opened again with that session's token.
    const refused = await open(streamUrl(), { authorization: `Bearer ${ada.token}` });
    expect(refused.status).toBe(401);
  });

  it('takes a ticket once, and only while it is fresh', async () => {
    const ada = await signup('ticket-ada');
    const ticket = await ticketFor(ada);
    const ok = await open(streamUrl(`?ticket=${ticket}`));
    expect(ok.status).toBe(200);
    const reused = await open(streamUrl(`?ticket=${ticket}`));
    expect(reused.status).toBe(401);
    expect(JSON.parse(reused.events[0].data)).toMatchObject({ code: 'PGRST301', message: 'This stream ticket is invalid, used or expired.' });

    const stale = await ticketFor(ada);
    const sql = adminSql();
    try {
      await sql`update app.notification_stream_tickets set expires_at = now() - interval '1 second'
                where token_hash = extensions.digest(${stale}, 'sha256')`;
    } finally {
      await sql.end();
    }
    expect((await open(streamUrl(`?ticket=${stale}`))).status).toBe(401);
    expect((await open(streamUrl(`?ticket=`))).status).toBe(401);
    expect((await open(streamUrl())).status).toBe(401);
    expect((await rpc('notification_stream_ticket', {})).status).toBe(401);
    const bad = await open(streamUrl(), { authorization: `Bearer ${ada.token}`, 'last-event-id': 'x; drop' });
    expect(bad.status).toBe(400);
  });
});
