// The message a claimed outbox row becomes: the one-click unsubscribe link in
// the footer and in the RFC 8058 headers, HTML kept as the alternative.
import assert from "node:assert/strict";
import { toEml } from "../_shared/email/file.ts";
import { messageFor } from "./drain.ts";

const row = {
  id: "9",
  to_address: "ada@example.com",
  subject: "Your storage is 80% full",
  body_text: "Hello\n--\nStop emails like this one: {{unsubscribe_url}}\n",
  body_html: '<p>Hello</p><a href="{{unsubscribe_url}}">{{unsubscribe_url}}</a>',
  unsubscribe_token: "tok_en-1",
};
const base = "https://api.example.com/functions/v1/notifications/unsubscribe";

Deno.test("messageFor writes the unsubscribe link into the footer and the List-Unsubscribe headers", () => {
  const m = messageFor(row, "pgdrive <no-reply@example.com>", base);
  assert.equal(m.text, `Hello\n--\nStop emails like this one: ${base}?token=tok_en-1\n`);
  assert.equal(m.html, `<p>Hello</p><a href="${base}?token=tok_en-1">${base}?token=tok_en-1</a>`);
  assert.deepEqual(m.headers, {
    "List-Unsubscribe": `<${base}?token=tok_en-1>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  });
});

Deno.test("messageFor leaves a message without a token as it is", () => {
  const m = messageFor(
    { ...row, unsubscribe_token: null, body_html: null, body_text: "a reset link" },
    "x@example.com",
    base,
  );
  assert.deepEqual(m, {
    id: "9",
    from: "x@example.com",
    to: "ada@example.com",
    subject: row.subject,
    text: "a reset link",
  });
});

Deno.test("toEml writes text and HTML as multipart/alternative, with the extra headers", () => {
  const eml = toEml(messageFor(row, "pgdrive <no-reply@example.com>", base), new Date(0));
  assert.match(eml, /\r\nList-Unsubscribe: <https:\/\/api\.example\.com\/[^>]+>\r\n/);
  assert.match(eml, /\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/);
  assert.match(eml, /\r\nContent-Type: multipart\/alternative; boundary="pgdrive-9-alternative"\r\n/);
  assert.match(eml, /--pgdrive-9-alternative\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
  assert.match(eml, /--pgdrive-9-alternative\r\nContent-Type: text\/html; charset=utf-8\r\n/);
  assert.ok(eml.endsWith("--pgdrive-9-alternative--\r\n"));
});
