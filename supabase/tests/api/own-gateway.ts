// A gateway process of a test's own, on the shared test stack's database and
// data folder, that the test can SIGKILL and start again (the crash tests).
// Its housekeeping runs only when the test asks (FILES_MAINTENANCE_INTERVAL_MS 0).
import type { ChildProcess } from 'node:child_process';
import { freePort, startChild, waitForHttp } from '../../../scripts/lib/processes.mjs';
import { DENO, GATEWAY_ARGS, ownGatewayEnv } from '../../../scripts/lib/stack.mjs';
import { adminSql, stack } from './support';

export interface OwnGateway {
  /** The gateway's base URL (signed URLs it hands out point here too). */
  url: string;
  start(): Promise<void>;
  /** SIGKILL, then wait until Postgres has finished whatever the dead process's connections were running. */
  kill(): Promise<void>;
  /** POST /functions/v1/files/maintenance?grace_ms=0 with the service key; answers its report. */
  maintenance(): Promise<Record<string, unknown>>;
  /** Kills the process (if running) and closes the inspection connection. */
  stop(): Promise<void>;
}

/** Makes (does not start) a gateway of the test's own. */
export async function ownGateway(name: string): Promise<OwnGateway> {
  const { url, env } = await ownGatewayEnv(stack, {
    port: await freePort(),
    // Pushes this gateway claims go to the stack's simulator, not the default port.
    extra: stack.mpesaSimulatorUrl ? { MPESA_SIMULATOR_PORT: new URL(stack.mpesaSimulatorUrl).port } : {},
  });

  let child: ChildProcess | null = null;
  let startedAt: Date | null = null;
  const sql = adminSql();

  /**
   * A backend whose client died mid-statement still runs the statement, and
   * a statement outside an explicit transaction commits when it ends: wait
   * for those, so what the test checks next is what the crash left.
   */
  async function settle() {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await sql`select count(*)::int as n from pg_stat_activity
        where application_name like 'pgdrive-%' and backend_start >= ${startedAt}
          and state is distinct from 'idle' and pid <> pg_backend_pid()`;
      if (n === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return {
    url,
    async start() {
      [{ now: startedAt }] = await sql`select now()`;
      child = startChild(name, DENO, GATEWAY_ARGS, { env, log: () => {} });
      await waitForHttp(`${url}/functions/v1/files/nothing`, child);
    },
    async kill() {
      const dying = child;
      child = null;
      if (!dying) return;
      dying.kill('SIGKILL');
      await (dying as ChildProcess & { exited: Promise<unknown> }).exited;
      await settle();
    },
    async maintenance() {
      const res = await fetch(`${url}/functions/v1/files/maintenance?grace_ms=0`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`maintenance: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async stop() {
      await this.kill();
      await sql.end({ timeout: 1 });
    },
  };
}
