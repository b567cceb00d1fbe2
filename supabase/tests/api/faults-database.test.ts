// The database goes away under traffic (issue 22's first fault): every
// connection the gateway and the functions hold is terminated, as a Postgres
// restart terminates them (57P01, "terminating connection due to
// administrator command"). A request in flight then gets a clean 503 with
// Retry-After in PostgREST's shape, its transaction leaves nothing behind,
// and the next requests succeed on new connections without any restart of
// the gateway.
import { describe, expect, it } from 'vitest';
import { adminSql, rest } from './support';
import { createUser, functionsUrl } from './files-support';
import { holdTable, untilBlockedBy } from './faults-support';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a request waits for the held lock, then terminates every client connection but the holder's. */
async function terminateEveryone(sql: ReturnType<typeof adminSql>, holder: number) {
  await untilBlockedBy(sql, holder);
  await sql`select pg_terminate_backend(pid) from pg_stat_activity
            where pid <> pg_backend_pid() and pid <> ${holder}::int
              and datname = current_database() and backend_type = 'client backend'`;
}

describe('Postgres gone mid-traffic', () => {
  it('a REST request in flight answers 503 with Retry-After, writes nothing, and the next ones succeed', async () => {
    const user = await createUser('faults');
    const locker = adminSql();
    const killer = adminSql();
    try {
      // Hold the folders table so the new folder waits inside its transaction, then pull the plug.
      const held = await holdTable(locker, 'app.folders');
      const inFlight = rest('/rest/v1/rpc/create_folder', {
        method: 'POST',
        headers: { ...user.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'never-made' }),
      });
      await terminateEveryone(killer, held.pid);
      const res = await inFlight;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ code: 'PGRST001', message: 'Database client error. Retrying the connection.' });
      held.release();
      await held.done;

      const check = adminSql();
      try {
        const [{ n }] = await check`select count(*)::int as n from app.folders where owner_id = ${user.id} and name = 'never-made'`;
        expect(n, 'the interrupted write left nothing').toBe(0);
      } finally {
        await check.end();
      }
      // New connections, no restart: the same call now works.
      let ok = false;
      for (let i = 0; i < 20 && !ok; i++) {
        const again = await rest('/rest/v1/rpc/create_folder', {
          method: 'POST',
          headers: { ...user.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'made-after' }),
        });
        ok = again.status < 300;
        await again.body?.cancel();
        if (!ok) await delay(250);
      }
      expect(ok, 'the gateway reconnected by itself').toBe(true);
    } finally {
      await locker.end({ timeout: 1 }).catch(() => {});
      await killer.end({ timeout: 1 }).catch(() => {});
    }
  });

  it('a function request in flight answers 503 too, and the function works again right after', async () => {
    const user = await createUser('faults-fn');
    const locker = adminSql();
    const killer = adminSql();
    try {
      const held = await holdTable(locker, 'app.uploads');
      const begin = () => fetch(`${functionsUrl()}/uploads`, {
        method: 'POST',
        headers: { ...user.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'fault.bin', size: 3, mime: 'application/octet-stream' }),
      });
      const inFlight = begin();
      await terminateEveryone(killer, held.pid);
      const res = await inFlight;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await res.json()).code).toBe('PGRST001');
      held.release();
      await held.done;
      let status = 0;
      for (let i = 0; i < 20 && status !== 201; i++) {
        const again = await begin();
        status = again.status;
        await again.body?.cancel();
        if (status !== 201) await delay(250);
      }
      expect(status).toBe(201);
    } finally {
      await locker.end({ timeout: 1 }).catch(() => {});
      await killer.end({ timeout: 1 }).catch(() => {});
    }
  });
});
