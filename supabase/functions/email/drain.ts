/**
 * Drains the email outbox: claims due messages in SQL (which marks them
 * `sending` and fills in their secret), sends each through the driver, and
 * reports success or the error back, so SQL decides retries and back-off.
 */
import type { Tx } from "../_shared/db.ts";

/** Runs one step in its own transaction: as a caller (asCaller), or on a plain connection (tests). */
export type Run = <T>(step: (sql: Tx) => Promise<T>) => Promise<T>;
import type { EmailDriver } from "../_shared/email/mod.ts";

export interface DrainResult {
  sent: number;
  failed: number;
}

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
}

/** Sends every due message, `batch` at a time, until none is due. */
export async function drainOutbox(
  run: Run,
  driver: EmailDriver,
  options: { from: string; batch?: number; maxBatches?: number },
): Promise<DrainResult> {
  const batch = options.batch ?? 10;
  const result: DrainResult = { sent: 0, failed: 0 };
  for (let round = 0; round < (options.maxBatches ?? 20); round++) {
    const claimed = await run((sql) => sql<Claimed[]>`
      select id::text, to_address, subject, body_text from private.claim_emails(${batch})`);
    for (const row of claimed) {
      try {
        await driver.send({ id: row.id, from: options.from, to: row.to_address, subject: row.subject, text: row.body_text });
        await run((sql) => sql`select private.email_sent(${row.id}::bigint)`);
        result.sent++;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await run((sql) => sql`select private.email_failed(${row.id}::bigint, ${message})`);
        // The recipient and error only: the body may hold a reset link.
        console.error(`email: sending message ${row.id} via ${driver.name} failed: ${message}`);
        result.failed++;
      }
    }
    if (claimed.length < batch) break;
  }
  return result;
}
