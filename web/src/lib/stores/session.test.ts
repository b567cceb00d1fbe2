// @vitest-environment happy-dom
// The module builds the app's API client, a browser module (supabase-js wants a WebSocket).
import { describe, expect, it, vi } from 'vitest';
import { Session, type SessionClock, type SessionGrant, type SessionTransport } from './session.svelte';

/** A clock the test moves by hand, with timers that fire when it passes them. */
function fakeClock() {
  let now = 1_000_000;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: SessionClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  return {
    clock,
    pending: () => timers.map((t) => t.at - now),
    async advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

const grant = (n: number, expires_in = 900): SessionGrant => ({
  token: `access-${n}`,
  expires_in,
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
});

function transport(overrides: { login?: SessionTransport['login']; refresh?: SessionTransport['refresh'] } = {}) {
  let n = 0;
  return {
    login: vi.fn<SessionTransport['login']>(overrides.login ?? (async () => grant(++n))),
    signup: vi.fn<SessionTransport['signup']>(async () => grant(++n)),
    refresh: vi.fn<SessionTransport['refresh']>(overrides.refresh ?? (async () => grant(++n))),
    logout: vi.fn<SessionTransport['logout']>(async () => undefined),
  };
}

describe('Session', () => {
  it('restores a session from the refresh cookie on load', async () => {
    const t = transport();
    const s = new Session(t, fakeClock().clock);
    await s.init();
    expect(s.status).toBe('signed-in');
    expect(s.user?.email).toBe('ada@example.com');
    expect(await s.accessToken()).toBe('access-1');
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('is signed out without a message when there is no cookie at load', async () => {
    const t = transport({ refresh: vi.fn(async () => null) });
    const s = new Session(t, fakeClock().clock);
    const ended = vi.fn();
    s.onEnd(ended);
    await s.init();
    expect(s.status).toBe('signed-out');
    expect(s.endReason).toBeNull();
    expect(ended).not.toHaveBeenCalled();
    expect(await s.accessToken()).toBeNull();
  });

  it('refreshes one minute before the access token expires', async () => {
    const c = fakeClock();
    const t = transport();
    const s = new Session(t, c.clock);
    await s.login('ada@example.com', 'pw');
    expect(c.pending()).toEqual([900_000 - 60_000]);
    await c.advance(839_000);
    expect(t.refresh).not.toHaveBeenCalled();
    await c.advance(1_000);
    expect(t.refresh).toHaveBeenCalledTimes(1);
    expect(await s.accessToken()).toBe('access-2');
    // and schedules the next one from the new lifetime
    expect(c.pending()).toEqual([840_000]);
  });

  it('refreshes at 80% of a short lifetime', async () => {
    const c = fakeClock();
    const s = new Session(transport(), c.clock);
    await s.login('a@b.c', 'pw');
    await s.refresh();
    expect(c.pending()).toEqual([840_000]);
    const short = new Session(transport({ login: vi.fn(async () => grant(9, 30)) }), c.clock);
    await short.login('a@b.c', 'pw');
    expect(c.pending()).toContain(24_000);
  });

  it('refreshes on demand when the token is about to expire (e.g. after sleep)', async () => {
    const c = fakeClock();
    const t = transport();
    const s = new Session(t, c.clock);
    await s.login('a@b.c', 'pw');
    // the machine slept: no timer fired, the token is stale
    c.clock.clearTimeout(1);
    await c.advance(899_000);
    expect(await s.accessToken()).toBe('access-2');
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('does not touch the refresh route before init (signed-out pages use the anon key)', async () => {
    const t = transport();
    const s = new Session(t, fakeClock().clock);
    expect(await s.accessToken()).toBeNull();
    expect(t.refresh).not.toHaveBeenCalled();
  });

  it('shares one request between concurrent refreshes', async () => {
    let resolve!: (g: SessionGrant) => void;
    const t = transport({ refresh: vi.fn(() => new Promise<SessionGrant>((r) => (resolve = r))) });
    const s = new Session(t, fakeClock().clock);
    const a = s.refresh();
    const b = s.refresh();
    resolve(grant(7));
    expect(await a).toBe('access-7');
    expect(await b).toBe('access-7');
    expect(t.refresh).toHaveBeenCalledTimes(1);
  });

  it('ends the session with a message when a refresh is refused', async () => {
    const c = fakeClock();
    const t = transport();
    const s = new Session(t, c.clock);
    await s.login('a@b.c', 'pw');
    t.refresh.mockImplementation(async () => null);
    const ended = vi.fn();
    s.onEnd(ended);
    await c.advance(840_000);
    expect(s.status).toBe('signed-out');
    expect(s.endReason).toBe('expired');
    expect(ended).toHaveBeenCalledWith('expired');
    expect(await s.accessToken()).toBeNull();
    expect(c.pending()).toEqual([]);
  });

  it('keeps the session through a network failure and retries shortly', async () => {
    const c = fakeClock();
    const t = transport();
    const s = new Session(t, c.clock);
    await s.login('a@b.c', 'pw');
    t.refresh.mockImplementationOnce(async () => {
      throw new TypeError('Failed to fetch');
    });
    await c.advance(840_000);
    await Promise.resolve();
    expect(s.status).toBe('signed-in');
    expect(c.pending()).toEqual([10_000]);
    await c.advance(10_000);
    expect(await s.accessToken()).toBe('access-2');
  });

  it('retries once after the API rejects the token, then ends the session', async () => {
    const t = transport();
    const s = new Session(t, fakeClock().clock);
    await s.login('a@b.c', 'pw');
    expect(await s.rejected()).toBe('access-2');
    t.refresh.mockImplementation(async () => null);
    expect(await s.rejected()).toBeNull();
    expect(s.status).toBe('signed-out');
    expect(s.endReason).toBe('expired');
  });

  it('logout ends the session on the server with the current token and clears it here', async () => {
    const c = fakeClock();
    const t = transport();
    const s = new Session(t, c.clock);
    await s.login('a@b.c', 'pw');
    const ended = vi.fn();
    s.onEnd(ended);
    await s.logout();
    expect(t.logout).toHaveBeenCalledWith('access-1');
    expect(s.status).toBe('signed-out');
    expect(s.user).toBeNull();
    expect(ended).toHaveBeenCalledWith('signed-out');
    expect(c.pending()).toEqual([]);
  });
});
