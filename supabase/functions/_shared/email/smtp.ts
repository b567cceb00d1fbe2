/** Sends through any SMTP server (nodemailer), e.g. a provider's relay or a test server. */
import nodemailer from "nodemailer";
import type { EmailDriver } from "./types.ts";

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  pass: string | null;
}

/** The part of nodemailer's transport this driver uses (nodemailer ships no types). */
interface Transport {
  sendMail(mail: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers?: Record<string, string>;
    messageId: string;
  }): Promise<unknown>;
  close(): void;
}

/** A driver holding one pooled SMTP connection. */
export function smtpDriver(options: SmtpOptions): EmailDriver {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: options.user ? { user: options.user, pass: options.pass ?? "" } : undefined,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  }) as Transport;
  return {
    name: "smtp",
    async send(message) {
      await transport.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        messageId: `<outbox-${message.id}-${crypto.randomUUID()}@pgdrive.local>`,
      });
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
