/**
 * A client for Daraja's M-Pesa Express (STK push) API: the OAuth token
 * (cached for less than its life, fetched again when Daraja answers
 * 404.001.03), the push and the push query, with the fields built and
 * checked the way Daraja wants them. It speaks the same HTTP to the local
 * simulator, the sandbox and production: only the base URL differs.
 */
import type { MpesaConfig } from "../_shared/config.ts";
import { isMsisdn } from "./phone.ts";

/** A synchronous Daraja error: `{requestId, errorCode, errorMessage}`, or a transport failure (code null). */
export class DarajaError extends Error {
  constructor(readonly status: number, readonly code: string | null, message: string) {
    super(message);
  }
}

export interface PushRequest {
  amount: number;
  phone: string;
  accountReference: string;
  description: string;
  callbackUrl: string;
}

export interface PushAccepted {
  merchantRequestId: string;
  checkoutRequestId: string;
  customerMessage: string;
}

/** The query's answer: a ResultCode (as Daraja sends it, a string) or still pending with its error. */
export type QueryAnswer =
  | { kind: "result"; resultCode: string; resultDesc: string }
  | { kind: "error"; errorCode: string | null; errorMessage: string };

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Daraja's Timestamp, YYYYMMDDHHmmss, in Nairobi time (UTC+3, no daylight saving). */
export function darajaTimestamp(at: Date = new Date()): string {
  const t = new Date(at.getTime() + 3 * 3600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${t.getUTCFullYear()}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}`;
}

/** Password = base64(shortcode + passkey + timestamp): the timestamp must be the body's own. */
export function darajaPassword(shortcode: string, passkey: string, timestamp: string): string {
  const bytes = new TextEncoder().encode(shortcode + passkey + timestamp);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Text for AccountReference (12) or TransactionDesc (13): letters, digits,
 * space and hyphen only (other characters have made requests fail), cut to
 * the limit, never empty.
 */
export function darajaText(value: string, limit: number, fallback: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9 -]/g, "").replace(/\s+/g, " ").trim().slice(0, limit).trim();
  return cleaned || fallback.slice(0, limit);
}

/** Checks a push before it is sent, as Daraja would; throws a DarajaError 400.002.02 naming the field. */
export function checkPush(req: PushRequest): void {
  const bad = (field: string, why: string) => new DarajaError(400, "400.002.02", `Bad Request - Invalid ${field}: ${why}`);
  if (!Number.isInteger(req.amount) || req.amount < 1 || req.amount > 250_000) throw bad("Amount", "whole shillings from 1 to 250000");
  if (!isMsisdn(req.phone)) throw bad("PhoneNumber", "254 and 9 digits");
  if (!/^[A-Za-z0-9 -]{1,12}$/.test(req.accountReference)) throw bad("AccountReference", "1 to 12 letters, digits, spaces or hyphens");
  if (!/^[A-Za-z0-9 -]{1,13}$/.test(req.description)) throw bad("TransactionDesc", "1 to 13 letters, digits, spaces or hyphens");
  if (!/^https?:\/\/[^\s]+$/.test(req.callbackUrl)) throw bad("CallBackURL", "an http(s) URL without spaces");
}

/** Tokens are kept this long before their stated life ends (Daraja's is 3599 s: about 50 minutes of use). */
const TOKEN_MARGIN_MS = 10 * 60_000;

export class DarajaClient {
  private token: { value: string; until: number } | null = null;
  private tokenRequest: Promise<string> | null = null;
  /** How many tokens were fetched (tests prove the cache with it). */
  tokensFetched = 0;

  constructor(
    private readonly cfg: Pick<MpesaConfig, "baseUrl" | "consumerKey" | "consumerSecret" | "shortcode" | "passkey" | "transactionType" | "partyB">,
    private readonly fetchFn: Fetch = (input, init) => fetch(input, init),
    private readonly now: () => number = Date.now,
  ) {}

  /** A token valid for a while yet: the cached one, else a new one (concurrent callers share one request). */
  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.until) return this.token.value;
    this.tokenRequest ??= this.fetchToken().finally(() => (this.tokenRequest = null));
    return await this.tokenRequest;
  }

  /** Forgets the cached token (Daraja said 404.001.03). */
  dropToken(): void {
    this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const basic = btoa(`${this.cfg.consumerKey}:${this.cfg.consumerSecret}`);
    const res = await this.send("/oauth/v1/generate?grant_type=client_credentials", { method: "GET", headers: { authorization: `Basic ${basic}` } });
    const body = await readJson(res);
    if (!res.ok || typeof body.access_token !== "string") throw errorOf(res.status, body, "could not get an access token");
    // expires_in comes as a string ("3599").
    const life = Number(body.expires_in);
    const lifeMs = Number.isFinite(life) && life > 0 ? life * 1000 : 3599_000;
    this.tokensFetched++;
    this.token = { value: body.access_token, until: this.now() + Math.max(lifeMs - TOKEN_MARGIN_MS, lifeMs / 2) };
    return body.access_token;
  }

  /** Sends the STK push; throws DarajaError for a synchronous refusal. */
  async push(req: PushRequest): Promise<PushAccepted> {
    checkPush(req);
    const body = await this.authorized("/mpesa/stkpush/v1/processrequest", () => {
      const timestamp = darajaTimestamp(new Date(this.now()));
      return {
        BusinessShortCode: Number(this.cfg.shortcode),
        Password: darajaPassword(this.cfg.shortcode, this.cfg.passkey, timestamp),
        Timestamp: timestamp,
        TransactionType: this.cfg.transactionType,
        Amount: String(req.amount),
        PartyA: req.phone,
        PartyB: this.cfg.partyB,
        PhoneNumber: req.phone,
        CallBackURL: req.callbackUrl,
        AccountReference: req.accountReference,
        TransactionDesc: req.description,
      };
    });
    if (String(body.ResponseCode) !== "0" || typeof body.CheckoutRequestID !== "string" || typeof body.MerchantRequestID !== "string") {
      throw new DarajaError(200, String(body.ResponseCode ?? ""), String(body.ResponseDescription ?? "push not accepted"));
    }
    return {
      merchantRequestId: body.MerchantRequestID,
      checkoutRequestId: body.CheckoutRequestID,
      customerMessage: String(body.CustomerMessage ?? ""),
    };
  }

  /** Asks about a push: a ResultCode, or (still processing, or any error) the error. */
  async query(checkoutRequestId: string): Promise<QueryAnswer> {
    try {
      const body = await this.authorized("/mpesa/stkpushquery/v1/query", () => {
        const timestamp = darajaTimestamp(new Date(this.now()));
        return {
          BusinessShortCode: Number(this.cfg.shortcode),
          Password: darajaPassword(this.cfg.shortcode, this.cfg.passkey, timestamp),
          Timestamp: timestamp,
          CheckoutRequestID: checkoutRequestId,
        };
      });
      if (body.ResultCode === undefined || body.ResultCode === null) {
        return { kind: "error", errorCode: null, errorMessage: String(body.ResponseDescription ?? "no ResultCode") };
      }
      return { kind: "result", resultCode: String(body.ResultCode), resultDesc: String(body.ResultDesc ?? "") };
    } catch (err) {
      if (err instanceof DarajaError) return { kind: "error", errorCode: err.code, errorMessage: err.message };
      throw err;
    }
  }

  /** POSTs JSON with the bearer token; once more with a new token when Daraja says the token is bad. */
  private async authorized(path: string, build: () => Record<string, unknown>): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await this.send(path, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(build()),
      });
      const body = await readJson(res);
      if (res.ok) return body;
      if (body.errorCode === "404.001.03" && attempt === 0) {
        this.dropToken();
        continue;
      }
      throw errorOf(res.status, body, `Daraja answered ${res.status}`);
    }
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(`${this.cfg.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      throw new DarajaError(0, null, `Daraja could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

function errorOf(status: number, body: Record<string, unknown>, fallback: string): DarajaError {
  const code = typeof body.errorCode === "string" ? body.errorCode : null;
  const message = typeof body.errorMessage === "string" ? body.errorMessage : fallback;
  return new DarajaError(status, code, message.slice(0, 300));
}
