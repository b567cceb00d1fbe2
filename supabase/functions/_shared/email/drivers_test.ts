// The file and Brevo drivers, without a network.
import assert from "node:assert/strict";
import { brevoDriver } from "./brevo.ts";
import { fileDriver, toEml } from "./file.ts";
import { parseAddress } from "./types.ts";

const message = { id: "7", from: "pgdrive <no-reply@example.com>", to: "zoë@example.com", subject: "Réinitialiser", text: "line 1\nline 2" };

Deno.test("parseAddress splits a display name from the address", () => {
  assert.deepEqual(parseAddress("pgdrive <no-reply@example.com>"), { name: "pgdrive", email: "no-reply@example.com" });
  assert.deepEqual(parseAddress(" a@example.com "), { name: null, email: "a@example.com" });
});

Deno.test("toEml writes CRLF lines and encodes non-ASCII headers", () => {
  const eml = toEml(message, new Date(0));
  assert.match(eml, /^From: pgdrive <no-reply@example.com>\r\n/);
  assert.match(eml, /Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=\r\n/);
  assert.match(eml, /\r\n\r\nline 1\r\nline 2$/);
});

Deno.test("the file driver writes one private .eml per message and logs no body", async () => {
  const dir = await Deno.makeTempDir();
  const lines: string[] = [];
  try {
    await fileDriver(`${dir}/mail`, (l) => lines.push(l)).send(message);
    const files = [...Deno.readDirSync(`${dir}/mail`)];
    assert.equal(files.length, 1);
    assert.match(files[0].name, /-7\.eml$/);
    const stat = await Deno.stat(`${dir}/mail/${files[0].name}`);
    assert.equal(stat.mode! & 0o777, 0o600);
    assert.equal(lines.length, 1);
    assert.ok(!lines[0].includes("line 1"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the Brevo driver posts the message and surfaces an API error", async () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const ok: typeof fetch = (url, init) => {
    calls.push({ url: String(url), init: init! });
    return Promise.resolve(new Response('{"messageId":"1"}', { status: 201 }));
  };
  await brevoDriver({ apiKey: "key", apiUrl: "https://brevo.test/v3/smtp/email" }, ok).send(message);
  assert.equal(calls[0].url, "https://brevo.test/v3/smtp/email");
  assert.equal(new Headers(calls[0].init.headers).get("api-key"), "key");
  assert.deepEqual(JSON.parse(String(calls[0].init.body)), {
    sender: { name: "pgdrive", email: "no-reply@example.com" },
    to: [{ email: "zoë@example.com" }],
    subject: "Réinitialiser",
    textContent: "line 1\nline 2",
  });
  const failing: typeof fetch = () => Promise.resolve(new Response('{"message":"bad key"}', { status: 401 }));
  await assert.rejects(
    brevoDriver({ apiKey: "key", apiUrl: "https://brevo.test" }, failing).send(message),
    /Brevo answered 401: .*bad key/,
  );
});
