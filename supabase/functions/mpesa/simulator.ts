/**
 * A local Daraja: the OAuth, STK push and STK push query endpoints of
 * M-Pesa Express with Daraja's request checks, which then calls the
 * CallBackURL after a short delay, as Safaricom would. `npm start` and the
 * API tests run it (MPESA_ENV=simulator, the default) through
 * simulator-main.ts; the function's Deno tests start it in-process. The
 * mpesa function never imports it, so it is not deployed.
 *
 * The outcome is chosen by the phone number's last four digits:
 *   1032 cancelled   0001 insufficient balance (1)   1037 unreachable   2001 wrong PIN
 *   1019 expired     9000 no callback (the query answers success)
 *   9001 no callback and the query stays "being processed"
 *   9002 the success callback twice   9003 the query answers success, a 1032 callback comes late
 *   9004 a success callback with a different amount
 *   anything else: success. A second push to a phone whose prompt is still
 *   open answers 1001 (subscriber locked), as Daraja does.
 */

export interface SimulatorOptions {
  port?: number;
  hostname?: string;
  consumerKey: string;
  consumerSecret: string;
  shortcode: string;
  passkey: string;
  /** Milliseconds from an accepted push to the customer's answer (and the callback). */
  answerDelayMs?: number;
  /** Milliseconds after the answer that a late callback (9003) comes. */
  lateDelayMs?: number;
  /** The token life in seconds (Daraja: 3599). */
  tokenTtlSeconds?: number;
  log?: (line: string) => void;
}

export interface SimulatedPush {
  checkoutRequestId: string;
  merchantRequestId: string;
  body: Record<string, unknown>;
  resultCode: number;
  answerAt: number;
}

export interface Simulator {
  url: string;
  /** Every push accepted, oldest first. */
  pushes: SimulatedPush[];
  /** How many tokens were issued. */
  tokensIssued(): number;
  /** Makes every issued token invalid, as an expiry would. */
  revokeTokens(): void;
  close(): Promise<void>;
}

const RESULT_DESC: Record<number, string> = {
  0: "The service request is processed successfully.",
  1: "The balance is insufficient for the transaction.",
  1001: "Unable to lock subscriber, a transaction is already in process for the current subscriber",
  1019: "Transaction has expired",
  1032: "Request cancelled by user",
  1037: "DS timeout user cannot be reached",
  2001: "The initiator information is invalid.",
};

const DAILY_LIMIT = 500_000;

function darajaError(status: number, errorCode: string, errorMessage: string): Response {
  return Response.json({ requestId: crypto.randomUUID(), errorCode, errorMessage }, { status });
}

function digits(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 10);
  return s;
}

function nairobiDate(at: number): string {
  const t = new Date(at + 3 * 3600_000).toISOString();
  return t.slice(0, 19).replace(/[-T:]/g, "");
}

/** Starts the simulator; resolves once it listens. */
export function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const answerDelayMs = options.answerDelayMs ?? 1500;
  const lateDelayMs = options.lateDelayMs ?? 3000;
  const ttl = options.tokenTtlSeconds ?? 3599;
  const log = options.log ?? (() => {});
  const tokens = new Map<string, number>();
  let issued = 0;
  const pushes: SimulatedPush[] = [];
  const byCheckout = new Map<string, SimulatedPush>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const paidToday = new Map<string, number>();

  function later(ms: number, fn: () => Promise<void>): void {
    const id = setTimeout(() => {
      timers.delete(id);
      fn().catch((err) => log(`simulator: callback failed: ${err instanceof Error ? err.message : err}`));
    }, ms);
    timers.add(id);
  }

  function bearerOk(req: Request): boolean {
    const m = /^Bearer (\S+)$/.exec(req.headers.get("authorization") ?? "");
    const until = m ? tokens.get(m[1]) : undefined;
    return until !== undefined && Date.now() < until;
  }

  /** The checks both POST endpoints share: Password from the body's own Timestamp, the shortcode. */
  function credentialsError(body: Record<string, unknown>): Response | null {
    if (String(body.BusinessShortCode ?? "") !== options.shortcode) {
      return darajaError(400, "400.002.02", "Bad Request - Invalid BusinessShortCode");
    }
    const timestamp = String(body.Timestamp ?? "");
    if (!/^\d{14}$/.test(timestamp)) return darajaError(400, "400.002.02", "Bad Request - Invalid Timestamp");
    const expected = btoa(options.shortcode + options.passkey + timestamp);
    if (body.Password !== expected) return darajaError(500, "500.001.1001", "Wrong credentials");
    return null;
  }

  async function callback(push: SimulatedPush, code: number, amount?: number): Promise<void> {
    const b = push.body;
    const stk: Record<string, unknown> = {
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResultCode: code,
      ResultDesc: RESULT_DESC[code] ?? "Failed",
    };
    if (code === 0) {
      stk.CallbackMetadata = {
        Item: [
          { Name: "Amount", Value: amount ?? Number(b.Amount) },
          { Name: "MpesaReceiptNumber", Value: `S${digits(1)}${crypto.randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase()}` },
          { Name: "Balance" },
          { Name: "TransactionDate", Value: Number(nairobiDate(Date.now())) },
          { Name: "PhoneNumber", Value: Number(b.PhoneNumber) },
        ],
      };
    }
    const res = await fetch(String(b.CallBackURL), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Body: { stkCallback: stk } }),
    });
    await res.body?.cancel();
    log(`simulator: callback ${push.checkoutRequestId} ResultCode ${code} -> ${res.status}`);
  }

  function schedule(push: SimulatedPush, phone: string): void {
    const wait = push.answerAt - Date.now();
    switch (phone.slice(-4)) {
      case "9000":
      case "9001":
        return;
      case "9002":
        later(wait, () => callback(push, 0).then(() => callback(push, 0)));
        return;
      case "9003":
        later(wait + lateDelayMs, () => callback(push, 1032));
        return;
      case "9004":
        later(wait, () => callback(push, 0, Number(push.body.Amount) + 1));
        return;
      default:
        later(wait, () => callback(push, push.resultCode));
    }
  }

  function outcome(phone: string): number {
    switch (phone.slice(-4)) {
      case "1032": return 1032;
      case "0001": return 1;
      case "1037": return 1037;
      case "2001": return 2001;
      case "1019": return 1019;
      default: return 0;
    }
  }

  async function stkPush(req: Request): Promise<Response> {
    if (!bearerOk(req)) return darajaError(404, "404.001.03", "Invalid Access Token");
    let body: Record<string, unknown>;
    try {
      body = await req.json();
    } catch {
      return darajaError(400, "400.002.02", "Bad Request - Invalid JSON");
    }
    const bad = credentialsError(body);
    if (bad) return bad;
    const invalid = (field: string) => darajaError(400, "400.002.02", `Bad Request - Invalid ${field}`);
    if (body.TransactionType !== "CustomerPayBillOnline" && body.TransactionType !== "CustomerBuyGoodsOnline") return invalid("TransactionType");
    const amount = Number(body.Amount);
    if (!/^\d+$/.test(String(body.Amount ?? "")) || amount < 1 || amount > 250_000) return invalid("Amount");
    const phone = String(body.PhoneNumber ?? "");
    if (!/^254\d{9}$/.test(phone) || body.PartyA !== phone) return invalid("PhoneNumber");
    if (!/^\d{5,7}$/.test(String(body.PartyB ?? ""))) return invalid("PartyB");
    if (body.TransactionType === "CustomerPayBillOnline" && String(body.PartyB) !== options.shortcode) return invalid("PartyB");
    const url = String(body.CallBackURL ?? "");
    if (!/^https?:\/\/\S+$/.test(url)) return invalid("CallBackURL");
    const ref = String(body.AccountReference ?? "");
    if (ref.length < 1 || ref.length > 12 || !/^[A-Za-z0-9 -]+$/.test(ref)) return invalid("AccountReference");
    const desc = String(body.TransactionDesc ?? "");
    if (desc.length < 1 || desc.length > 13 || !/^[A-Za-z0-9 -]+$/.test(desc)) return invalid("TransactionDesc");
    const day = `${phone}:${nairobiDate(Date.now()).slice(0, 8)}`;
    if ((paidToday.get(day) ?? 0) + amount > DAILY_LIMIT) return invalid("Amount");
    paidToday.set(day, (paidToday.get(day) ?? 0) + amount);

    const open = pushes.some((p) => p.body.PhoneNumber === phone && p.answerAt > Date.now());
    const push: SimulatedPush = {
      checkoutRequestId: `ws_CO_${nairobiDate(Date.now())}${digits(8)}`,
      merchantRequestId: `${digits(5)}-${digits(8)}-1`,
      body,
      resultCode: open ? 1001 : outcome(phone),
      answerAt: Date.now() + answerDelayMs,
    };
    pushes.push(push);
    byCheckout.set(push.checkoutRequestId, push);
    if (open) later(answerDelayMs, () => callback(push, 1001));
    else schedule(push, phone);
    log(`simulator: push ${push.checkoutRequestId} ${amount} KES from ${phone}`);
    return Response.json({
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResponseCode: "0",
      ResponseDescription: "Success. Request accepted for processing",
      CustomerMessage: "Success. Request accepted for processing",
    });
  }

  async function stkQuery(req: Request): Promise<Response> {
    if (!bearerOk(req)) return darajaError(404, "404.001.03", "Invalid Access Token");
    let body: Record<string, unknown>;
    try {
      body = await req.json();
    } catch {
      return darajaError(400, "400.002.02", "Bad Request - Invalid JSON");
    }
    const bad = credentialsError(body);
    if (bad) return bad;
    const push = byCheckout.get(String(body.CheckoutRequestID ?? ""));
    if (!push) return darajaError(400, "400.002.02", "Bad Request - Invalid CheckoutRequestID");
    const phone = String(push.body.PhoneNumber);
    if (Date.now() < push.answerAt || phone.endsWith("9001")) {
      return darajaError(500, "500.001.1001", "The transaction is being processed");
    }
    const code = phone.endsWith("9003") ? 0 : push.resultCode;
    return Response.json({
      ResponseCode: "0",
      ResponseDescription: "The service request has been accepted successsfully",
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResultCode: String(code),
      ResultDesc: RESULT_DESC[code] ?? "Failed",
    });
  }

  function oauth(req: Request, url: URL): Response {
    if (url.searchParams.get("grant_type") !== "client_credentials") {
      return darajaError(400, "400.008.02", "Invalid grant type passed");
    }
    const expected = `Basic ${btoa(`${options.consumerKey}:${options.consumerSecret}`)}`;
    if (req.headers.get("authorization") !== expected) return darajaError(400, "400.008.01", "Invalid Authentication passed");
    const token = crypto.randomUUID().replace(/-/g, "");
    tokens.set(token, Date.now() + ttl * 1000);
    issued++;
    return Response.json({ access_token: token, expires_in: String(ttl) });
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === "/oauth/v1/generate" && req.method === "GET") return oauth(req, url);
    if (url.pathname === "/mpesa/stkpush/v1/processrequest" && req.method === "POST") return await stkPush(req);
    if (url.pathname === "/mpesa/stkpushquery/v1/query" && req.method === "POST") return await stkQuery(req);
    if (url.pathname === "/simulator/pushes" && req.method === "GET") {
      return Response.json(pushes.map((p) => ({ ...p, body: { ...p.body, Password: undefined } })));
    }
    return darajaError(404, "404.001.01", "Resource not found");
  }

  return new Promise((resolve) => {
    const server = Deno.serve({
      port: options.port ?? 0,
      hostname: options.hostname ?? "127.0.0.1",
      onListen: () => {},
    }, handle);
    const addr = server.addr as Deno.NetAddr;
    resolve({
      url: `http://${addr.hostname}:${addr.port}`,
      pushes,
      tokensIssued: () => issued,
      revokeTokens: () => tokens.clear(),
      async close() {
        for (const id of timers) clearTimeout(id);
        timers.clear();
        await server.shutdown();
      },
    });
  });
}
