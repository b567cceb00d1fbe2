/**
 * What the handler settles about a REST request before it hands it to the
 * read, write or call path: the target schema, the preferences and media
 * type, the transaction's end, and how to run statements as the caller.
 */
import type { GatewayConfig } from "../config.ts";
import type { SchemaCache } from "../schema-cache.ts";
import type { ResultRow, TransactionPlan } from "./execute.ts";
import type { BodyLimits, MediaType, Preferences } from "./request.ts";

export interface Exchange {
  req: Request;
  url: URL;
  /** The path under /rest/v1, as the client sent it. */
  path: string;
  method: string;
  schema: string;
  cache: SchemaCache;
  config: GatewayConfig;
  media: MediaType;
  prefs: Preferences;
  limits: BodyLimits;
  /** End in ROLLBACK: PostgREST's db-tx-end, or a `Prefer: tx=rollback` it allows. */
  rollback: boolean;
  /** `tx=...` for Preference-Applied when the client's tx preference was honoured. */
  txApplied: string[];
  /** Runs statements in one transaction after the caller's setup statement and pre-request check. */
  run: (plan: Omit<TransactionPlan, "setup" | "preRequest">) => Promise<ResultRow>;
}
