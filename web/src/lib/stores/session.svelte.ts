// The signed-in session: the access token lives only in memory here and is
// refreshed shortly before it expires; the refresh token never reaches
// JavaScript (an HttpOnly cookie set by the /session/* server routes). The
// app's one session, `session` below, is where the API client takes its
// token from.
import type { AccountUser } from '$lib/api/accounts';
import { useTokens } from '$lib/api/client';
import { ApiError } from '$lib/api/errors';

/** The user as the accounts API returns it. */
export type SessionUser = AccountUser;

/** What the session routes answer on login, signup and refresh. */
export interface SessionGrant {
  token: string;
  expires_in: number;
  user: SessionUser;
}

/** How the session talks to the server (the /session/* routes in the app; fakes in tests). */
export interface SessionTransport {
  login(email: string, password: string): Promise<SessionGrant>;
  signup(email: string, password: string, name: string): Promise<SessionGrant>;
  /** A fresh grant from the refresh cookie, or null when there is no live session. */
  refresh(): Promise<SessionGrant | null>;
  logout(token: string | null): Promise<void>;
}

export interface SessionClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';
export type EndReason = 'expired' | 'signed-out' | null;

const systemClock: SessionClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Refresh this long before expiry (or at 80% of a short lifetime). */
const REFRESH_LEAD_MS = 60_000;

/** The session state and its token lifecycle. */
export class Session {
  status = $state<SessionStatus>('unknown');
  user = $state<SessionUser | null>(null);
  endReason = $state<EndReason>(null);

  #token: string | null = null;
  #expiresAt = 0;
  #timer: unknown = null;
  #inflight: Promise<string | null> | null = null;
  #listeners = new Set<(reason: EndReason) => void>();

  constructor(
    private transport: SessionTransport,
    private clock: SessionClock = systemClock,
  ) {}

  /** Restores the session from the refresh cookie (page load). */
  async init(): Promise<void> {
    if (this.status !== 'unknown') return;
    await this.refresh({ quiet: true });
  }

  /**
   * A valid access token, refreshing first if it is about to expire; null
   * when not signed in (then calls go out with the anon key). Only `init()`
   * restores a session, so signed-out pages never touch the refresh route.
   */
  async accessToken(): Promise<string | null> {
    if (this.status !== 'signed-in') return this.#inflight ?? null;
    if (this.#token && this.clock.now() < this.#expiresAt - 5_000) return this.#token;
    return this.refresh();
  }

  /** Exchanges the refresh cookie for a new access token; concurrent calls share one request. */
  refresh({ quiet = false } = {}): Promise<string | null> {
    this.#inflight ??= (async () => {
      try {
        const grant = await this.transport.refresh();
        if (!grant) {
          this.#end(quiet || this.status !== 'signed-in' ? null : 'expired');
          return null;
        }
        this.#accept(grant);
        return grant.token;
      } catch (err) {
        // A network failure keeps the session; the next call retries.
        if (this.status === 'unknown') this.#end(null);
        throw err;
      } finally {
        this.#inflight = null;
      }
    })();
    return this.#inflight;
  }

  async login(email: string, password: string): Promise<void> {
    this.#accept(await this.transport.login(email, password));
  }

  async signup(email: string, password: string, name: string): Promise<void> {
    this.#accept(await this.transport.signup(email, password, name));
  }

  /** Ends the session on the server and here. */
  async logout(): Promise<void> {
    const token = this.#token;
    try {
      await this.transport.logout(token);
    } finally {
      this.#end('signed-out');
    }
  }

  /** Called when the API rejects our token (session ended elsewhere): try one refresh, else end. */
  async rejected(): Promise<string | null> {
    this.#token = null;
    this.#expiresAt = 0;
    return this.refresh().catch(() => null);
  }

  /** Updates the cached user (after a profile edit). */
  setUser(user: SessionUser): void {
    this.user = user;
  }

  /** Runs `fn` whenever the session ends; returns an unsubscribe function. */
  onEnd(fn: (reason: EndReason) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #accept(grant: SessionGrant): void {
    this.#token = grant.token;
    const lifetime = Math.max(1, grant.expires_in) * 1000;
    this.#expiresAt = this.clock.now() + lifetime;
    this.user = grant.user;
    this.status = 'signed-in';
    this.endReason = null;
    this.#schedule(Math.max(lifetime - REFRESH_LEAD_MS, lifetime * 0.8));
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = null;
      this.refresh().catch(() => this.#schedule(10_000));
    }, ms);
  }

  #end(reason: EndReason): void {
    if (this.#timer !== null) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#token = null;
    this.#expiresAt = 0;
    const wasSignedIn = this.status === 'signed-in';
    this.user = null;
    this.status = 'signed-out';
    this.endReason = reason;
    if (wasSignedIn || reason) for (const fn of this.#listeners) fn(reason);
  }
}

/** The transport over this app's own /session/* routes (same origin, cookie sent automatically). */
export function httpTransport(fetchImpl: typeof fetch = fetch): SessionTransport {
  const post = async (path: string, body?: unknown, token?: string | null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    return fetchImpl(path, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  };
  const grant = async (res: Response): Promise<SessionGrant> => {
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, body);
    return body as SessionGrant;
  };
  return {
    login: async (email, password) => grant(await post('/session/login', { email, password })),
    signup: async (email, password, name) => grant(await post('/session/signup', { email, password, name })),
    refresh: async () => {
      const res = await post('/session/refresh');
      // 204: there is no session (no cookie); 401: it has ended.
      if (res.status === 204 || res.status === 401) return null;
      return grant(res);
    },
    logout: async (token) => {
      await post('/session/logout', {}, token);
    },
  };
}

/** The app's session (access token in memory, refresh cookie on the server); the API's calls carry its token. */
export const session = new Session(httpTransport());
useTokens(session);
