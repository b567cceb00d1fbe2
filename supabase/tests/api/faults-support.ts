// Helpers for the database fault tests: a request made to wait inside its
// transaction, so that the fault (terminated connections, a restart) hits it
// in flight.
import { expect } from 'vitest';
import type postgres from 'postgres';

type Sql = postgres.Sql;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Holds `table` in access-exclusive mode from one connection until released,
 * so a request that touches it waits inside its transaction.
 */
export async function holdTable(sql: Sql, table: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: (pid: number) => void;
  const pid = new Promise<number>((r) => (locked = r));
  const done = sql.begin(async (tx) => {
    await tx.unsafe(`lock table ${table} in access exclusive mode`);
    const [row] = await tx`select pg_backend_pid() as pid`;
    locked(row.pid);
    await released;
  });
  return { pid: await pid, release, done: done.then(() => {}, () => {}) };
}

/** Waits until a request waits for the lock `holder` holds. */
export async function untilBlockedBy(sql: Sql, holder: number): Promise<void> {
  let waiting = 0;
  for (let i = 0; i < 200 && waiting === 0; i++) {
    [{ n: waiting }] = await sql`select count(*)::int as n from pg_stat_activity where ${holder}::int = any(pg_blocking_pids(pid))`;
    if (waiting === 0) await delay(25);
  }
  expect(waiting, 'the request is waiting inside its transaction').toBeGreaterThan(0);
}
