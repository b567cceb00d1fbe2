import assert from "node:assert/strict";
import { SIMULATOR_DEFAULTS } from "../_shared/config.ts";
import { checkPush, DarajaClient, DarajaError, darajaPassword, darajaText, darajaTimestamp } from "./daraja.ts";
import { startSimulator } from "./simulator.ts";

const sandbox = { shortcode: "174379", passkey: SIMULATOR_DEFAULTS.passkey };

Deno.test("the Password matches Daraja's published test vector", () => {
  assert.equal(
    darajaPassword(sandbox.shortcode, sandbox.passkey, "20210628092408"),
    "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4",
  );
});

Deno.test("the Timestamp is YYYYMMDDHHmmss in Nairobi time", () => {
  assert.equal(darajaTimestamp(new Date("2021-06-28T06:24:08Z")), "20210628092408");
  assert.equal(darajaTimestamp(new Date("2026-12-31T22:00:00Z")), "20270101010000");
});

Deno.test("AccountReference and TransactionDesc keep to their limits and characters", () => {
  assert.equal(darajaText("pgdrive plus-annual", 12, "x"), "pgdrive plus");
  assert.equal(darajaText("Storage & plan!", 13, "x"), "Storage plan");
  assert.equal(darajaText("  ***  ", 13, "Storage"), "Storage");
  assert.equal(darajaText("Storage plan 2026", 13, "x").length, 12);
});

Deno.test("a push outside Daraja's limits is refused before it is sent", () => {
  const ok = { amount: 250, phone: "254712345678", accountReference: "pgdrive plus", description: "Storage plan", callbackUrl: "https://x.example/cb" };
  checkPush(ok);
  for (const bad of [
    { amount: 0 }, { amount: 250_001 }, { amount: 1.5 }, { phone: "0712345678" }, { accountReference: "pgdrive plus!" },
    { accountReference: "thirteen char" }, { description: "fourteen chars" }, { description: "" }, { callbackUrl: "https://x.example/ cb" },
  ]) {
    assert.throws(() => checkPush({ ...ok, ...bad }), (err) => err instanceof DarajaError && err.code === "400.002.02", JSON.stringify(bad));
  }
});

async function withSimulator(fn: (sim: Awaited<ReturnType<typeof startSimulator>>, client: DarajaClient) => Promise<void>, ttl = 3599) {
  const sim = await startSimulator({ ...SIMULATOR_DEFAULTS, answerDelayMs: 50, tokenTtlSeconds: ttl });
  const client = new DarajaClient({ ...SIMULATOR_DEFAULTS, baseUrl: sim.url, transactionType: "CustomerPayBillOnline", partyB: "174379" });
  try {
    await fn(sim, client);
  } finally {
    await sim.close();
  }
}

const push = { amount: 250, phone: "254712349000", accountReference: "pgdrive plus", description: "Storage plan", callbackUrl: "http://127.0.0.1:9/cb" };

Deno.test("the token is fetched once and reused below its life", async () => {
  await withSimulator(async (sim, client) => {
    const [a, b] = await Promise.all([client.accessToken(), client.accessToken()]);
    assert.equal(a, b);
    await client.push(push);
    await client.query(sim.pushes[0].checkoutRequestId);
    assert.equal(client.tokensFetched, 1);
    assert.equal(sim.tokensIssued(), 1);
  });
});

Deno.test("a token near the end of its life is replaced before Daraja refuses it", async () => {
  let now = Date.now();
  const sim = await startSimulator({ ...SIMULATOR_DEFAULTS, answerDelayMs: 50 });
  const client = new DarajaClient({ ...SIMULATOR_DEFAULTS, baseUrl: sim.url, transactionType: "CustomerPayBillOnline", partyB: "174379" },
    undefined, () => now);
  try {
    const first = await client.accessToken();
    now += 49 * 60_000;
    assert.equal(await client.accessToken(), first, "still cached after 49 minutes");
    now += 2 * 60_000;
    assert.notEqual(await client.accessToken(), first, "replaced after 51 minutes of a 60-minute life");
  } finally {
    await sim.close();
  }
});

Deno.test("on 404.001.03 the token is fetched again and the request sent once more", async () => {
  await withSimulator(async (sim, client) => {
    await client.accessToken();
    sim.revokeTokens();
    const accepted = await client.push(push);
    assert.match(accepted.checkoutRequestId, /^ws_CO_/);
    assert.equal(client.tokensFetched, 2);
  });
});

Deno.test("wrong consumer credentials are refused by the simulator", async () => {
  const sim = await startSimulator({ ...SIMULATOR_DEFAULTS, answerDelayMs: 50 });
  const client = new DarajaClient({ ...SIMULATOR_DEFAULTS, consumerSecret: "wrong", baseUrl: sim.url, transactionType: "CustomerPayBillOnline", partyB: "174379" });
  try {
    await assert.rejects(client.accessToken(), (err) => err instanceof DarajaError && err.code === "400.008.01");
  } finally {
    await sim.close();
  }
});

Deno.test("a Password from another passkey is refused as wrong credentials", async () => {
  const sim = await startSimulator({ ...SIMULATOR_DEFAULTS, answerDelayMs: 50 });
  const client = new DarajaClient({ ...SIMULATOR_DEFAULTS, passkey: "not-the-passkey", baseUrl: sim.url, transactionType: "CustomerPayBillOnline", partyB: "174379" });
  try {
    await assert.rejects(client.push(push), (err) => err instanceof DarajaError && err.code === "500.001.1001");
  } finally {
    await sim.close();
  }
});

Deno.test("a Password built from a different Timestamp than the body's is refused", async () => {
  await withSimulator(async (sim) => {
    const token = (await (await fetch(`${sim.url}/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { authorization: `Basic ${btoa(`${SIMULATOR_DEFAULTS.consumerKey}:${SIMULATOR_DEFAULTS.consumerSecret}`)}` },
    })).json()).access_token;
    const res = await fetch(`${sim.url}/mpesa/stkpush/v1/processrequest`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        BusinessShortCode: 174379, Password: darajaPassword("174379", SIMULATOR_DEFAULTS.passkey, "20210628092408"),
        Timestamp: "20210628092409", TransactionType: "CustomerPayBillOnline", Amount: "1", PartyA: "254712345678",
        PartyB: "174379", PhoneNumber: "254712345678", CallBackURL: "https://x.example/cb", AccountReference: "a", TransactionDesc: "b",
      }),
    });
    assert.equal(res.status, 500);
    assert.equal((await res.json()).errorCode, "500.001.1001");
  });
});

Deno.test("the query says 'being processed' until the customer answers, then the ResultCode as a string", async () => {
  await withSimulator(async (sim, client) => {
    const accepted = await client.push({ ...push, phone: "254712341032" });
    assert.deepEqual(await client.query(accepted.checkoutRequestId),
      { kind: "error", errorCode: "500.001.1001", errorMessage: "The transaction is being processed" });
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(await client.query(accepted.checkoutRequestId), { kind: "result", resultCode: "1032", resultDesc: "Request cancelled by user" });
  });
});

Deno.test("the simulator calls back, and a second push to an open prompt answers 1001", async () => {
  const received: unknown[] = [];
  const sink = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    received.push(await req.json());
    return Response.json({ ResultCode: 0, ResultDesc: "Accepted" });
  });
  const callbackUrl = `http://127.0.0.1:${(sink.addr as Deno.NetAddr).port}/cb`;
  try {
    await withSimulator(async (_sim, client) => {
      await client.push({ ...push, phone: "254712345678", callbackUrl });
      await client.push({ ...push, phone: "254712345678", callbackUrl });
      await new Promise((r) => setTimeout(r, 300));
      const codes = received.map((b) => (b as { Body: { stkCallback: { ResultCode: number } } }).Body.stkCallback.ResultCode).sort();
      assert.deepEqual(codes, [0, 1001]);
      const ok = received.find((b) => (b as { Body: { stkCallback: { ResultCode: number } } }).Body.stkCallback.ResultCode === 0) as
        { Body: { stkCallback: { CallbackMetadata: { Item: { Name: string; Value?: unknown }[] } } } };
      const items = Object.fromEntries(ok.Body.stkCallback.CallbackMetadata.Item.map((i) => [i.Name, i.Value]));
      assert.equal(items.Amount, 250);
      assert.equal(items.PhoneNumber, 254712345678);
      assert.match(String(items.MpesaReceiptNumber), /^[A-Z0-9]{10}$/);
    });
  } finally {
    await sink.shutdown();
  }
});
