/**
 * The `mpesa` function: M-Pesa Express through Daraja.
 *
 *   POST /mpesa/push                 sends the STK push of every payment start_payment created (service role:
 *                                    locally the gateway on NOTIFY mpesa_push and a timer; hosted: a webhook/pg_cron)
 *   POST /mpesa/reconcile            asks Daraja about payments still pending (STK push query), sends plan reminders
 *                                    (service role; locally the gateway's timer, hosted pg_cron)
 *   POST /mpesa/callback/<secret>    Daraja's callback: any other secret is 404; always 200 Accepted otherwise
 *
 * What a result means is SQL's to decide (the payments_settlement migration);
 * this file moves requests between Daraja and those functions.
 */
import { authenticate } from "../_shared/auth.ts";
import { config } from "../_shared/config.ts";
import { asCaller, type Caller, SERVICE } from "../_shared/db.ts";
import { errorResponse, HttpError, json } from "../_shared/http.ts";
import { judgeSource } from "./allow-list.ts";
import { DarajaClient, DarajaError } from "./daraja.ts";

let client: DarajaClient | null = null;

function daraja(): DarajaClient {
  client ??= new DarajaClient(config().mpesa);
  return client;
}

/** Replaces the Daraja client (tests). */
export function setDarajaClient(next: DarajaClient | null): void {
  client = next;
}

const ACCEPTED = { ResultCode: 0, ResultDesc: "Accepted" };
const CALLBACK_LIMIT = 64 * 1024;

/** Constant-time comparison, so the secret cannot be found a character at a time. */
function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The callback URL Daraja is given: public base + the route + the secret. */
export function callbackUrl(): string {
  const m = config().mpesa;
  if (!m.callbackSecret) throw new HttpError(503, "PGRST000", "Payments are not configured: MPESA_CALLBACK_SECRET is not set.");
  return `${m.callbackBaseUrl}/functions/v1/mpesa/callback/${m.callbackSecret}`;
}

/** Reads at most CALLBACK_LIMIT characters of the body; the rest is not read. */
async function boundedText(req: Request): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    if (text.length > CALLBACK_LIMIT) {
      await reader.cancel();
      break;
    }
  }
  return text.slice(0, CALLBACK_LIMIT);
}

/** Stores and applies a callback; the answer is 200 Accepted whatever happens inside (Daraja retries or drops anything else). */
async function receiveCallback(req: Request): Promise<Response> {
  const m = config().mpesa;
  const source = req.headers.get("x-client-ip") || null;
  const verdict = judgeSource(source, m.allowListMode, m.allowedIps);
  if (verdict.allowed === false) console.warn(`mpesa: callback from ${source ?? "an unknown address"}, not on the allow-list (${m.allowListMode})`);
  try {
    const raw = await boundedText(req);
    await asCaller(SERVICE, req, (tx) =>
      tx`select private.receive_stk_callback(${raw}, ${source}::inet, ${verdict.allowed}, ${verdict.refuse})`
    );
  } catch (err) {
    console.error(`mpesa: storing a callback failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  return json(ACCEPTED);
}

interface PushRow {
  id: string;
  amount: number;
  phone: string;
  account_reference: string;
  description: string;
}

/** Pushes every claimed payment; a refusal fails the payment with its reason, a network error too. */
async function drainPushes(caller: Caller, req: Request): Promise<{ pushed: number; failed: number }> {
  const url = callbackUrl();
  const rows = await asCaller(caller, req, (tx) =>
    tx<PushRow[]>`select id, amount, phone, account_reference, description from private.claim_pushes(10)`
  );
  let pushed = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      const accepted = await daraja().push({
        amount: row.amount,
        phone: row.phone,
        accountReference: row.account_reference,
        description: row.description,
        callbackUrl: url,
      });
      await asCaller(caller, req, (tx) =>
        tx`select private.record_push(${row.id}, ${accepted.merchantRequestId}, ${accepted.checkoutRequestId})`
      );
      pushed++;
    } catch (err) {
      const code = err instanceof DarajaError ? err.code : null;
      const message = err instanceof Error ? err.message : String(err);
      console.error(`mpesa: push for ${row.id} refused: ${code ?? "no code"}: ${message}`);
      await asCaller(caller, req, (tx) => tx`select private.record_push_failure(${row.id}, ${code}, ${message})`);
      failed++;
    }
  }
  return { pushed, failed };
}

/** Queries every payment whose query is due, one request at a time, then sends due plan reminders. */
async function reconcile(caller: Caller, req: Request): Promise<{ queried: number; settled: number; reminders: number }> {
  const due = await asCaller(caller, req, (tx) =>
    tx<{ id: string; checkout_request_id: string }[]>`select id, checkout_request_id from private.claim_queries(20)`
  );
  let settled = 0;
  for (const row of due) {
    let answer;
    try {
      answer = await daraja().query(row.checkout_request_id);
    } catch (err) {
      answer = { kind: "error" as const, errorCode: null, errorMessage: err instanceof Error ? err.message : String(err) };
    }
    const [{ outcome }] = await asCaller(caller, req, (tx) =>
      answer.kind === "result"
        ? tx<{ outcome: string }[]>`select private.apply_stk_query(${row.id}, ${answer.resultCode}, ${answer.resultDesc}) as outcome`
        : tx<{ outcome: string }[]>`select private.apply_stk_query(${row.id}, null, null, ${answer.errorCode}, ${answer.errorMessage}) as outcome`
    );
    if (outcome !== "pending" && outcome !== "ignored") settled++;
  }
  const [{ sent }] = await asCaller(caller, req, (tx) => tx<{ sent: number }[]>`select private.send_plan_reminders() as sent`);
  return { queried: due.length, settled, reminders: sent };
}

/** Routes /mpesa/... */
export async function handler(req: Request): Promise<Response> {
  try {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    const callback = /^\/mpesa\/callback\/([^/]*)$/.exec(path);
    if (callback) {
      const secret = config().mpesa.callbackSecret;
      if (!secret || !sameSecret(decodeURIComponent(callback[1]), secret)) {
        await req.body?.cancel();
        throw new HttpError(404, "PGRST125", "Not found.");
      }
      if (req.method !== "POST") throw new HttpError(405, "PGRST117", "Daraja POSTs its callbacks.", null, null, { allow: "POST" });
      return await receiveCallback(req);
    }
    if (path !== "/mpesa/push" && path !== "/mpesa/reconcile") throw new HttpError(404, "PGRST125", "Not found.");
    if (req.method !== "POST") throw new HttpError(405, "PGRST117", "Use POST.", null, null, { allow: "POST" });
    // As its caller: SQL's grants make these service_role's alone (anyone else: 403 at the first statement).
    const caller = await authenticate(req, { allowService: true });
    await req.body?.cancel();
    return json(path === "/mpesa/push" ? await drainPushes(caller, req) : await reconcile(caller, req));
  } catch (err) {
    return errorResponse(err);
  }
}
