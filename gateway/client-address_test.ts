import assert from "node:assert/strict";
import { clientAddress, parseTrustProxy } from "./client-address.ts";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

Deno.test("without a trusted proxy the socket address wins over any X-Forwarded-For", () => {
  assert.equal(clientAddress(xff("1.2.3.4"), "10.0.0.9", false), "10.0.0.9");
});

Deno.test("behind one proxy the hop it appended is the client, not what the client wrote", () => {
  // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
  assert.equal(clientAddress(xff("6.6.6.6, 203.0.113.7"), "10.0.0.2", true), "203.0.113.7");
  assert.equal(clientAddress(new Headers(), "10.0.0.2", true), "10.0.0.2");
});

Deno.test("with a list, only those peers are believed, and trusted hops are skipped from the right", () => {
  const trust = parseTrustProxy("10.0.0.2, 10.0.0.3");
  assert.deepEqual(trust, ["10.0.0.2", "10.0.0.3"]);
  assert.equal(clientAddress(xff("6.6.6.6, 203.0.113.7, 10.0.0.3"), "10.0.0.2", trust), "203.0.113.7");
  assert.equal(clientAddress(xff("6.6.6.6"), "198.51.100.1", trust), "198.51.100.1");
});

Deno.test("GATEWAY_TRUST_PROXY parses false, true and lists", () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy("false"), false);
  assert.equal(parseTrustProxy("true"), true);
  assert.deepEqual(parseTrustProxy("127.0.0.1"), ["127.0.0.1"]);
});
