/** One interface for every way of sending email; the driver is picked once from configuration. */

/** A message, ready to send: text, and an HTML alternative when it has one. */
export interface EmailMessage {
  /** The outbox row id, used for file names and logs. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, such as List-Unsubscribe (values are single lines). */
  headers?: Record<string, string>;
}

/** Sends messages; `send` rejects with an Error whose message is kept as the outbox's last error. */
export interface EmailDriver {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
  close?(): Promise<void>;
}

/** Splits "Name <address>" into its parts; a bare address has no name. */
export function parseAddress(value: string): { name: string | null; email: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (match) return { name: match[1].replace(/^"|"$/g, "") || null, email: match[2] };
  return { name: null, email: value.trim() };
}
