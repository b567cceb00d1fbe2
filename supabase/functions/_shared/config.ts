/**
 * Configuration for every edge function, read and validated once from the
 * environment hosted Supabase gives functions (plus our own optional ones).
 * Nothing else in supabase/functions reads Deno.env but error-reports.ts
 * (SENTRY_*): it starts when its module loads, before any request, and on
 * hosted Supabase this configuration is first read inside a request.
 */

/** A configuration error names the variable so the fix is obvious. */
export class ConfigError extends Error {}

export interface S3Config {
  endpoint: string | null;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface FunctionsConfig {
  /** The public base URL of the API (SUPABASE_URL); links handed to clients start with it. */
  supabaseUrl: string;
  anonKey: string | null;
  /** Superuser connection, as hosted Supabase gives functions (SUPABASE_DB_URL). */
  dbUrl: string;
  /**
   * The HS256 secret access tokens are signed with. Locally the stack passes
   * PGRST_JWT_SECRET; hosted projects no longer expose one to functions, so
   * when unset it is read once from `private.settings` (see _shared/db.ts).
   */
  jwtSecret: string | null;
  jwtAud: string;
  /** PostgREST's db-pre-request function (schema.name), called before every query run as a caller. */
  preRequest: string | null;
  dataDir: string;
  storage: { driver: "fs"; root: string } | { driver: "s3"; s3: S3Config };
  /** Where tus keeps unfinished uploads with the fs driver (with s3: the bucket, files/tus-store.ts). */
  tusDir: string;
  email: EmailConfig;
  mpesa: MpesaConfig;
}

/** Where and how M-Pesa Express (Daraja's STK push) is reached; see mpesa/README rows in README.md. */
export interface MpesaConfig {
  /** MPESA_ENV: the local simulator (default), Safaricom's sandbox, or production. */
  env: "simulator" | "sandbox" | "production";
  /** Daraja's base URL: MPESA_BASE_URL, else the sandbox or production host (the simulator's is set by the stack). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** BusinessShortCode: the paybill (or the till's store number). */
  shortcode: string;
  passkey: string;
  transactionType: "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";
  /** PartyB: the paybill, or the till number for buy goods. */
  partyB: string;
  /** The public base the callback URL starts with (MPESA_CALLBACK_BASE_URL, else SUPABASE_URL). */
  callbackBaseUrl: string;
  /** The unguessable path segment of the callback URL; null: callbacks are refused and no push is sent. */
  callbackSecret: string | null;
  /** MPESA_CALLBACK_ALLOWLIST: off, log (default: log callbacks from elsewhere) or strict (refuse them). */
  allowListMode: "off" | "log" | "strict";
  /** MPESA_CALLBACK_ALLOWED_IPS, else Safaricom's published callback addresses. */
  allowedIps: string[];
}

/** Safaricom's published callback source addresses (../shared/DARAJA.md); they change, hence `log` by default. */
export const SAFARICOM_CALLBACK_IPS = [
  "196.201.214.200", "196.201.214.206", "196.201.213.114", "196.201.214.207", "196.201.214.208", "196.201.213.44",
  "196.201.212.127", "196.201.212.138", "196.201.212.129", "196.201.212.136", "196.201.212.74", "196.201.212.69",
];

/** The simulator's defaults: the public sandbox shortcode and passkey, and credentials the simulator accepts. */
export const SIMULATOR_DEFAULTS = {
  baseUrl: "http://127.0.0.1:54325",
  consumerKey: "simulator-consumer-key",
  consumerSecret: "simulator-consumer-secret",
  shortcode: "174379",
  passkey: "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
};

function mpesaConfig(env: Env, supabaseUrl: string): MpesaConfig {
  const mode = env.MPESA_ENV || "simulator";
  if (mode !== "simulator" && mode !== "sandbox" && mode !== "production") {
    throw new ConfigError(`MPESA_ENV must be "simulator", "sandbox" or "production", got "${mode}"`);
  }
  const live = mode !== "simulator";
  const value = (name: string, fallback: string) => (live ? required(env, name) : env[name] || fallback);
  const shortcode = value("MPESA_SHORTCODE", SIMULATOR_DEFAULTS.shortcode);
  if (!/^\d{5,7}$/.test(shortcode)) throw new ConfigError(`MPESA_SHORTCODE must be 5 to 7 digits, got "${shortcode}"`);
  const transactionType = env.MPESA_TRANSACTION_TYPE || "CustomerPayBillOnline";
  if (transactionType !== "CustomerPayBillOnline" && transactionType !== "CustomerBuyGoodsOnline") {
    throw new ConfigError(`MPESA_TRANSACTION_TYPE must be "CustomerPayBillOnline" or "CustomerBuyGoodsOnline", got "${transactionType}"`);
  }
  const partyB = transactionType === "CustomerBuyGoodsOnline" ? required(env, "MPESA_PARTY_B") : env.MPESA_PARTY_B || shortcode;
  if (!/^\d{5,7}$/.test(partyB)) throw new ConfigError(`MPESA_PARTY_B must be 5 to 7 digits, got "${partyB}"`);
  const callbackBaseUrl = (env.MPESA_CALLBACK_BASE_URL || supabaseUrl).trim().replace(/\/+$/, "");
  if (mode === "production" && !callbackBaseUrl.startsWith("https://")) {
    throw new ConfigError(`MPESA_CALLBACK_BASE_URL must be a public https URL in production, got "${callbackBaseUrl}"`);
  }
  const callbackSecret = live ? required(env, "MPESA_CALLBACK_SECRET") : env.MPESA_CALLBACK_SECRET || null;
  if (callbackSecret !== null && !/^[A-Za-z0-9_-]{32,128}$/.test(callbackSecret)) {
    throw new ConfigError("MPESA_CALLBACK_SECRET must be 32 to 128 letters, digits, - or _");
  }
  const allowListMode = env.MPESA_CALLBACK_ALLOWLIST || "log";
  if (allowListMode !== "off" && allowListMode !== "log" && allowListMode !== "strict") {
    throw new ConfigError(`MPESA_CALLBACK_ALLOWLIST must be "off", "log" or "strict", got "${allowListMode}"`);
  }
  const hosts = { simulator: SIMULATOR_DEFAULTS.baseUrl, sandbox: "https://sandbox.safaricom.co.ke", production: "https://api.safaricom.co.ke" };
  return {
    env: mode,
    baseUrl: (env.MPESA_BASE_URL || hosts[mode]).replace(/\/+$/, ""),
    consumerKey: value("MPESA_CONSUMER_KEY", SIMULATOR_DEFAULTS.consumerKey),
    consumerSecret: value("MPESA_CONSUMER_SECRET", SIMULATOR_DEFAULTS.consumerSecret),
    shortcode,
    passkey: value("MPESA_PASSKEY", SIMULATOR_DEFAULTS.passkey),
    transactionType,
    partyB,
    callbackBaseUrl,
    callbackSecret,
    allowListMode,
    allowedIps: env.MPESA_CALLBACK_ALLOWED_IPS
      ? env.MPESA_CALLBACK_ALLOWED_IPS.split(",").map((s) => s.trim()).filter(Boolean)
      : SAFARICOM_CALLBACK_IPS,
  };
}

export interface EmailConfig {
  /** Who emails come from: EMAIL_FROM, "Name <address>" or a bare address. */
  from: string;
  transport:
    | { driver: "file"; dir: string }
    | { driver: "smtp"; host: string; port: number; secure: boolean; user: string | null; pass: string | null }
    | { driver: "brevo"; apiKey: string; apiUrl: string };
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} must be set`);
  return value;
}

function storageConfig(env: Env, dataDir: string): FunctionsConfig["storage"] {
  const driver = env.STORAGE_DRIVER || "fs";
  if (driver === "fs") return { driver, root: env.STORAGE_FS_ROOT || `${dataDir}/storage` };
  if (driver !== "s3") throw new ConfigError(`STORAGE_DRIVER must be "fs" or "s3", got "${driver}"`);
  return {
    driver,
    s3: {
      endpoint: env.STORAGE_S3_ENDPOINT || null,
      region: env.STORAGE_S3_REGION || "us-east-1",
      bucket: required(env, "STORAGE_S3_BUCKET"),
      accessKeyId: required(env, "STORAGE_S3_ACCESS_KEY_ID"),
      secretAccessKey: required(env, "STORAGE_S3_SECRET_ACCESS_KEY"),
      forcePathStyle: env.STORAGE_S3_FORCE_PATH_STYLE !== "false",
    },
  };
}

function emailConfig(env: Env, dataDir: string): EmailConfig {
  const driver = env.EMAIL_DRIVER || "file";
  const from = env.EMAIL_FROM || "pgdrive <no-reply@localhost>";
  if (driver === "file") return { from, transport: { driver, dir: env.EMAIL_FILE_DIR || `${dataDir}/mail` } };
  if (driver === "smtp") {
    const port = Number(env.SMTP_PORT || "587");
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`SMTP_PORT must be a port number, got "${env.SMTP_PORT}"`);
    return {
      from,
      transport: {
        driver,
        host: required(env, "SMTP_HOST"),
        port,
        secure: env.SMTP_SECURE ? env.SMTP_SECURE === "true" : port === 465,
        user: env.SMTP_USER || null,
        pass: env.SMTP_PASS || null,
      },
    };
  }
  if (driver === "brevo") {
    return {
      from,
      transport: {
        driver,
        apiKey: required(env, "BREVO_API_KEY"),
        apiUrl: env.BREVO_API_URL || "https://api.brevo.com/v3/smtp/email",
      },
    };
  }
  throw new ConfigError(`EMAIL_DRIVER must be "file", "smtp" or "brevo", got "${driver}"`);
}

function preRequest(env: Env): string | null {
  const name = env.PGRST_DB_PRE_REQUEST || null;
  if (name && !/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(name)) {
    throw new ConfigError(`PGRST_DB_PRE_REQUEST must be a schema-qualified function name, got "${name}"`);
  }
  return name;
}

/** Reads and validates the configuration from an environment map. */
export function loadConfig(env: Env = Deno.env.toObject()): FunctionsConfig {
  const dataDir = env.DATA_DIR || ".data";
  const jwtSecret = env.SUPABASE_JWT_SECRET || env.PGRST_JWT_SECRET || env.JWT_SECRET || null;
  if (jwtSecret !== null && jwtSecret.length < 32) throw new ConfigError("the JWT secret must be at least 32 characters long");
  const supabaseUrl = required(env, "SUPABASE_URL").replace(/\/+$/, "");
  return {
    supabaseUrl,
    anonKey: env.SUPABASE_ANON_KEY || null,
    dbUrl: required(env, "SUPABASE_DB_URL"),
    jwtSecret,
    jwtAud: env.PGRST_JWT_AUD || "authenticated",
    preRequest: preRequest(env),
    dataDir,
    storage: storageConfig(env, dataDir),
    tusDir: env.STORAGE_TUS_DIR || `${dataDir}/storage/tus`,
    email: emailConfig(env, dataDir),
    mpesa: mpesaConfig(env, supabaseUrl),
  };
}

let cached: FunctionsConfig | null = null;

/** The process-wide configuration, loaded on first use. */
export function config(): FunctionsConfig {
  cached ??= loadConfig();
  return cached;
}

/** Replaces the process-wide configuration (tests and the gateway's own start). */
export function setConfig(next: FunctionsConfig | null): void {
  cached = next;
}
