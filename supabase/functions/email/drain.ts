/**
 * Drains the email outbox: claims due messages in SQL (which marks them
 * `sending` and fills in their secret), sends each through the driver, and
 * reports success or the error back, so SQL decides retries and back-off.
 */
import type { Tx } from "../_shared/db.ts";

/** Runs one step in its own transaction: as a caller (asCaller), or on a plain connection (tests). */
export type Run = <T>(step: (sql: Tx) => Promise<T>) => Promise<T>;
import type { EmailDriver, EmailMessage } from "../_shared/email/mod.ts";

export interface DrainResult {
  sent: number;
  failed: number;
}

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  unsubscribe_token: string | null;
}

const PLACEHOLDER = "{{unsubscribe_url}}";
const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The message for a claimed row. A notification email that can be turned off
 * carries its token: the drain knows the API's public URL, so it writes the
 * one-click link into the footer and the RFC 8058 headers.
 */
export function messageFor(row: Claimed, from: string, unsubscribeBase: string | null): EmailMessage {
  const message: EmailMessage = { id: row.id, from, to: row.to_address, subject: row.subject, text: row.body_text };
  if (row.body_html) message.html = row.body_html;
  if (row.unsubscribe_token && unsubscribeBase) {
    const url = `${unsubscribeBase}?token=${encodeURIComponent(row.unsubscribe_token)}`;
    message.text = message.text.replaceAll(PLACEHOLDER, url);
    if (message.html) message.html = message.html.replaceAll(PLACEHOLDER, escapeHtml(url));
    message.headers = { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
  }
  return message;
}

/** Sends every due message, `batch` at a time, until none is due. */
export async function drainOutbox(
  run: Run,
  driver: EmailDriver,
  options: { from: string; batch?: number; maxBatches?: number; unsubscribeBase?: string | null },
): Promise<DrainResult> {
  const batch = options.batch ?? 10;
  const result: DrainResult = { sent: 0, failed: 0 };
  for (let round = 0; round < (options.maxBatches ?? 20); round++) {
    const claimed = await run((sql) =>
      sql<Claimed[]>`
      select id::text, to_address, subject, body_text, body_html, unsubscribe_token
      from private.claim_emails(${batch})`
    );
    for (const row of claimed) {
      try {
        await driver.send(messageFor(row, options.from, options.unsubscribeBase ?? null));
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
