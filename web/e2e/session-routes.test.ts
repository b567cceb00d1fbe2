// The web's /session/* routes over plain HTTP, from distinct visitors: each
// visitor is a loopback address of its own (127.0.0.x), as the real
// adapter-node server sees it. Sign-in limits must count the visitor, not
// the web server, and the refresh grace window must serve only the client
// that refreshed, and only for Supabase Auth's 10 s reuse interval.
import http from 'node:http';
import { describe, expect, inject, it } from 'vitest';

const stack = inject('stack');
const run = Date.now();

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  /** The refresh cookie the answer set (name=value), if any. */
  cookie: string | null;
}

/** POSTs JSON to the web server from `from` (a loopback address), as a browser on this site would. */
function post(
  path: string,
  body: unknown,
  { from, cookie, userAgent = 'session-routes test' }: { from: string; cookie?: string | null; userAgent?: string },
): Promise<Answer> {
  const url = new URL(path, stack.webUrl!);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress: from,
        headers: {
          origin: url.origin,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'user-agent': userAgent,
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const set = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('pgdrive_refresh='));
          let parsed: Record<string, unknown> | null = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON (a 204)
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, cookie: set && set !== 'pgdrive_refresh=' ? set : null });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Creates an account straight through the API. */
async function account(label: string): Promise<{ email: string; password: string }> {
  const who = { email: `${label}.${run}@example.com`, password: 'correct horse battery' };
  const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/signup`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ ...who, name: label }),
  });
  expect(res.status).toBeLessThan(300);
  return who;
}

/** Signs in through the web from `from` and returns the refresh cookie. */
async function signIn(who: { email: string; password: string }, from: string, userAgent?: string): Promise<string> {
  const res = await post('/session/login', who, { from, userAgent });
  expect(res.status).toBe(200);
  expect(res.cookie).toBeTruthy();
  return res.cookie!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!stack.webUrl)('the /session routes', () => {
  it("count one visitor's failed sign-ins against that visitor only", async () => {
    const ada = await account('ada');
    const attacker = '127.0.0.2';
    const visitor = '127.0.0.3';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await post('/session/login', { email: `nobody.${i}.${run}@example.com`, password: 'guess guess' }, { from: attacker });
      statuses.push(res.status);
    }
    expect(statuses[0]).toBe(400);
    // The attacker is limited (the web's X-Forwarded-For is believed) ...
    expect(statuses.at(-1)).toBe(429);
    // ... and nobody else is: a wrong password is only wrong, the right one signs in.
    expect((await post('/session/login', { email: ada.email, password: 'not the password' }, { from: visitor })).status).toBe(400);
    const res = await post('/session/login', ada, { from: visitor });
    expect(res.status).toBe(200);
    expect(typeof res.body?.token).toBe('string');
  });

  it('hand a replayed old cookie the new token within 10 s, from the same client only', async () => {
    const grace = await account('grace');
    const client = { from: '127.0.0.4', userAgent: 'browser A' };

    // The same client (two tabs) within the window: the same new token, no revocation.
    const old = await signIn(grace, client.from, client.userAgent);
    const first = await post('/session/refresh', {}, { ...client, cookie: old });
    expect(first.status).toBe(200);
    const replay = await post('/session/refresh', {}, { ...client, cookie: old });
    expect(replay.status).toBe(200);
    expect(replay.body?.token).toBe(first.body?.token);
    expect((await post('/session/refresh', {}, { ...client, cookie: first.cookie })).status).toBe(200);

    // Another address with the old cookie: a stolen cookie, so the session ends.
    const old2 = await signIn(grace, client.from, client.userAgent);
    const fresh2 = await post('/session/refresh', {}, { ...client, cookie: old2 });
    expect(fresh2.status).toBe(200);
    const stolen = await post('/session/refresh', {}, { from: '127.0.0.5', userAgent: client.userAgent, cookie: old2 });
    expect(stolen.status).toBe(401);
    expect(stolen.body?.token).toBeUndefined();
    expect((await post('/session/refresh', {}, { ...client, cookie: fresh2.cookie })).status).toBe(401);

    // The same address with another browser: not the same client either.
    const old3 = await signIn(grace, client.from, client.userAgent);
    expect((await post('/session/refresh', {}, { ...client, cookie: old3 })).status).toBe(200);
    expect((await post('/session/refresh', {}, { from: client.from, userAgent: 'browser B', cookie: old3 })).status).toBe(401);
  });

  it('refuse a replayed old cookie after 10 s, even from the same client', async () => {
    const late = await account('late');
    const client = { from: '127.0.0.6', userAgent: 'browser A' };
    const old = await signIn(late, client.from, client.userAgent);
    expect((await post('/session/refresh', {}, { ...client, cookie: old })).status).toBe(200);
    await sleep(10_500);
    expect((await post('/session/refresh', {}, { ...client, cookie: old })).status).toBe(401);
  }, 30_000);
});
