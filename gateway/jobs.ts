/**
 * Background jobs of the local stack, standing in for what hosted Supabase
 * does with pg_cron or a database webhook: the email outbox is drained when
 * SQL announces a message (NOTIFY email_outbox) and every few seconds, which
 * also picks up retries whose back-off has ended. Every 10 minutes expired
 * tokens and old attempts are purged (private.purge_auth_data).
 */
import postgres from "postgres";
import { config } from "../supabase/functions/_shared/config.ts";
import { closeEmail, drain } from "../supabase/functions/email/handler.ts";

export interface Jobs {
  stop(): Promise<void>;
}

/** Starts the jobs; a failure is logged and retried on the next tick, never fatal. */
export function startJobs(): Jobs {
  let settings;
  try {
    settings = config();
  } catch (err) {
    console.error(`jobs: not started: ${err instanceof Error ? err.message : err}`);
    return { stop: () => Promise.resolve() };
  }
  const { dbUrl, email } = settings;
  let stopped = false;

  const run = () => {
    if (stopped) return;
    drain().catch((err) => console.error(`jobs: draining the email outbox failed: ${err instanceof Error ? err.message : err}`));
  };

  const listener = postgres(dbUrl, { max: 1, onnotice: () => {}, connection: { application_name: "pgdrive-jobs" } });
  listener.listen("email_outbox", run, run).catch((err) =>
    console.error(`jobs: cannot listen for email_outbox: ${err instanceof Error ? err.message : err}`)
  );
  const timer = setInterval(run, email.drainIntervalMs);
  const housekeeping = setInterval(() => {
    listener`select private.purge_auth_data()`.catch((err) =>
      console.error(`jobs: auth housekeeping failed: ${err instanceof Error ? err.message : err}`)
    );
  }, 10 * 60_000);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(housekeeping);
      await listener.end({ timeout: 2 });
      await closeEmail();
    },
  };
}
