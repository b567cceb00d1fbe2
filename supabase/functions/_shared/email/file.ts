/**
 * The local default: each message becomes an .eml file under DATA_DIR/mail,
 * and one line (recipient and subject, never the body) goes to the log, so a
 * developer opens the file to follow a reset link.
 */
import type { EmailDriver, EmailMessage } from "./types.ts";

/** Encodes a header value as RFC 2047 UTF-8 when it is not plain ASCII. */
function header(value: string): string {
  const clean = value.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  const bytes = new TextEncoder().encode(clean);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return `=?UTF-8?B?${btoa(binary)}?=`;
}

const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");

/** The message as an RFC 5322 document: UTF-8 text, or text and HTML as multipart/alternative. */
export function toEml(message: EmailMessage, date = new Date()): string {
  const head = [
    `From: ${header(message.from)}`,
    `To: ${header(message.to)}`,
    `Subject: ${header(message.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <outbox-${message.id}@pgdrive.local>`,
    ...Object.entries(message.headers ?? {}).map(([name, value]) => `${name}: ${header(value)}`),
    "MIME-Version: 1.0",
  ];
  const part = (
    type: string,
    body: string,
  ) => [`Content-Type: ${type}; charset=utf-8`, "Content-Transfer-Encoding: 8bit", "", crlf(body)];
  if (!message.html) return [...head, ...part("text/plain", message.text)].join("\r\n");
  const boundary = `pgdrive-${message.id}-alternative`;
  return [
    ...head,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    ...part("text/plain", message.text),
    `--${boundary}`,
    ...part("text/html", message.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}

/** A driver writing `<dir>/<time>-<id>.eml` (readable by the owner only). */
export function fileDriver(dir: string, log: (line: string) => void = console.log): EmailDriver {
  return {
    name: "file",
    async send(message) {
      await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const path = `${dir}/${stamp}-${message.id}.eml`;
      await Deno.writeTextFile(path, toEml(message), { mode: 0o600 });
      log(`email: wrote "${message.subject.replace(/[\r\n]+/g, " ")}" for ${message.to} to ${path}`);
    },
  };
}
