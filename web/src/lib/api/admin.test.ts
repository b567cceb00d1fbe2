// @vitest-environment happy-dom
// The module builds the app's API client, a browser module (supabase-js wants a WebSocket).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import { adminStorage, adminUsers, logsCsv, revokeLink } from './admin';

/** Stands in for the gateway: records each request and answers `reply`. */
function gateway(reply: (url: URL) => { status: number; body: unknown }) {
  const calls: { url: URL; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push({ url, body: typeof init.body === 'string' ? JSON.parse(init.body) : null });
    const { status, body } = reply(url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the admin calls', () => {
  it('call the RPC with only the filters that are set, and make byte counts numbers', async () => {
    const calls = gateway(() => ({
      status: 200,
      body: { items: [{ id: 'u1', email: 'a@x', roles: null, used_bytes: '1024', quota_bytes: '2048' }], next: 'c2' },
    }));
    const page = await adminUsers({ q: 'ann', role: '', status: undefined }, 'c1');
    expect(calls).toHaveLength(1);
    expect(calls[0].url.pathname).toMatch(/\/rest\/v1\/rpc\/admin_users$/);
    expect(calls[0].body).toEqual({ q: 'ann', before: 'c1', limit: 50 });
    expect(page).toEqual({
      items: [{ id: 'u1', email: 'a@x', roles: [], used_bytes: 1024, quota_bytes: 2048 }],
      next: 'c2',
    });
  });

  it("throw SQL's refusal as an ApiError with its words", async () => {
    gateway(() => ({ status: 404, body: { code: 'PT404', message: 'Link not found.', details: null, hint: null } }));
    const err = await revokeLink('l1').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('Link not found.');
  });

  it('ask the CSV export with the same filter names, and refuse a 403 with its message', async () => {
    const calls = gateway(() => ({ status: 403, body: { code: '42501', message: 'You need logs.read' } }));
    const err = await logsCsv({ action: 'admin.*', q: '', since: '2026-12-01T00:00:00.000Z' }).catch((e) => e);
    expect(calls[0].url.pathname).toMatch(/\/functions\/v1\/admin\/logs\.csv$/);
    expect([...calls[0].url.searchParams]).toEqual([['action', 'admin.*'], ['since', '2026-12-01T00:00:00.000Z']]);
    expect(err.status).toBe(403);
    expect(err.message).toBe('You need logs.read');
  });

  it('read the storage report with days as dates and counts as numbers', async () => {
    gateway(() => ({
      status: 200,
      body: {
        total_bytes: '5', files: 1, users: 2, per_user: [], largest: [{ id: 'f', size: '5' }],
        uploads_per_day: [{ day: '2026-12-02T00:00:00+00:00', files: 1, bytes: '5' }], orphans: null,
      },
    }));
    const r = await adminStorage();
    expect(r.total_bytes).toBe(5);
    expect(r.largest[0].size).toBe(5);
    expect(r.uploads_per_day).toEqual([{ day: '2026-12-02', files: 1, bytes: 5 }]);
  });
});
