// Postgres really restarted under a running gateway (issue 22's first fault),
// on a stack of this test's own: not only every connection cut (that is
// faults-database.test.ts) but a server that refuses connections for a while
// and then comes back. A request in flight gets a clean 503 with Retry-After
// and leaves nothing; requests while it is down get the same, promptly, from
// REST and the functions alike; once it is back, both work again without any
// restart of the gateway, and a live notification stream opened before the
// restart delivers again (the functions' one LISTEN connection came back).
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { userOnOwnStack } from './files-support';
import { holdTable, untilBlockedBy } from './faults-support';

let own: Awaited<ReturnType<typeof startTestStack>>;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  own = await startTestStack();
});

afterAll(async () => {
  await own?.stop();
});

/** Reads a response body as text as it comes, so a test can wait for a piece of it. */
function reader(res: Response) {
  let text = '';
  const decoder = new TextDecoder();
  const done = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    } catch {
      // aborted at the end of the test
    }
  })();
  return {
    done,
    async waitFor(piece: string, timeoutMs: number): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (!text.includes(piece) && Date.now() < deadline) await delay(50);
      return text.includes(piece);
    },
  };
}

/** Retries `attempt` until it answers `status`, for up to `ms`; returns the last status. */
async function until(attempt: () => Promise<Response>, status: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let last = 0;
  while (Date.now() < deadline) {
    const res = await attempt().catch(() => null);
    last = res?.status ?? 0;
    await res?.body?.cancel();
    if (last === status) break;
    await delay(250);
  }
  return last;
}

describe('Postgres restarted under the gateway', () => {
  it('answers 503 with Retry-After while it is down, loses nothing, and carries on by itself once it is back', async () => {
    const user = await userOnOwnStack(own, `restart-${randomBytes(6).toString('hex')}@example.com`);
    const json = { ...user.auth, 'content-type': 'application/json' };
    // Each gives up after 10 s, so a request that hangs fails the test by name instead of timing it out.
    const createFolder = (name: string) =>
      fetch(`${own.apiUrl}/rest/v1/rpc/create_folder`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name }),
        signal: AbortSignal.timeout(10_000),
      });
    const beginUpload = () =>
      fetch(`${own.apiUrl}/functions/v1/files/uploads`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ name: 'restart.bin', size: 3, mime: 'application/octet-stream' }),
        signal: AbortSignal.timeout(10_000),
      });
    expect(await until(() => createFolder('before'), 200, 5000)).toBe(200);
    expect(await until(beginUpload, 201, 5000)).toBe(201);

    const abort = new AbortController();
    const streamRes = await fetch(`${own.apiUrl}/functions/v1/notifications/stream`, { headers: user.auth, signal: abort.signal });
    expect(streamRes.status).toBe(200);
    const stream = reader(streamRes);
    try {
      expect(await stream.waitFor('event: ready', 5000), 'the stream is ready').toBe(true);

      // A write waiting inside its transaction when the server stops.
      const locker = postgres(own.dbUrl, { max: 1, onnotice: () => {} });
      const watcher = postgres(own.dbUrl, { max: 1, onnotice: () => {} });
      const held = await holdTable(locker, 'app.folders');
      const inFlight = createFolder('never-made');
      await untilBlockedBy(watcher, held.pid);
      await watcher.end();
      await own.postgres!.stop();
      await locker.end({ timeout: 1 }).catch(() => {});

      const cut = await inFlight;
      expect(cut.status, 'the request in flight').toBe(503);
      expect(Number(cut.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await cut.json()).toMatchObject({ code: 'PGRST001' });

      // Down: each request is answered promptly, in PostgREST's shape, from REST and the functions.
      for (const [what, attempt] of [['REST', () => createFolder('while-down')], ['a function', beginUpload]] as const) {
        const res = await attempt().catch((err) => err as Error);
        expect(res instanceof Response ? null : `${what} while Postgres is down: ${res.message}`).toBeNull();
        const answer = res as Response;
        const body = await answer.json();
        expect(answer.status, `${what} while Postgres is down: ${JSON.stringify(body)}`).toBe(503);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }

      await own.postgres!.start();
      expect(await until(() => createFolder('after'), 200, 20_000), 'REST works again by itself').toBe(200);
      expect(await until(beginUpload, 201, 20_000), 'the functions work again by themselves').toBe(201);

      const sql = postgres(own.dbUrl, { max: 1, onnotice: () => {} });
      try {
        const names = (await sql`select name from app.folders where owner_id = ${user.id} order by name`).map((r) => r.name);
        expect(names, 'the write cut off in flight left nothing, and none made while down').toEqual(['after', 'before']);
        // The stream opened before the restart hears what happens after it.
        const delivered = async () => {
          await sql`select app.notify(${user.id}::uuid, 'sessions_ended', ${sql.json({ sessions: 3 })})`;
          return stream.waitFor('event: notification', 2000);
        };
        let heard = false;
        for (let i = 0; i < 10 && !heard; i++) heard = await delivered();
        expect(heard, 'a notification reached the stream opened before the restart').toBe(true);
      } finally {
        await sql.end();
      }
    } finally {
      abort.abort();
      await stream.done;
    }
  });
});
