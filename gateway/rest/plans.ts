/**
 * The typed plans between a parsed request and its SQL: what to read, write
 * or call, and every fact the executor and the responder act on, so that
 * nothing downstream decides anything from a statement's text.
 */
import type { DbFunction, Relation } from "../schema-cache.ts";
import type { Statement, TransactionPlan } from "./execute.ts";
import type { QueryParts } from "./parse.ts";
import type { ResolvedItem } from "./resolve.ts";
import type { MediaType, Preferences } from "./request.ts";

/** `Prefer: count=`: counted, the planner's estimate, or counted up to db-max-rows and estimated beyond. */
export type CountMode = NonNullable<Preferences["count"]>;

/** What a plan's rows become in the response body: a JSON array, or nothing (HEAD, return=minimal). */
export type RowsBody = "array" | "none";

/** A GET or HEAD on a table or view. */
export interface ReadPlan {
  kind: "read";
  rel: Relation;
  query: QueryParts;
  /** The select, resolved against the schema cache: columns, computed fields, aggregates, embeds. */
  shape: ResolvedItem[];
  /** The root page: `limit`/`offset` or Range, capped by db-max-rows. */
  limit: number | null;
  offset: number;
  count: CountMode | null;
  /** `nulls=stripped` in Accept: null fields are left out of the rows. */
  stripNulls: boolean;
  /** db-max-rows: where `count=estimated` stops counting and takes the planner's estimate. */
  maxRows: number | null;
  body: RowsBody;
}

/** A POST, PUT, PATCH or DELETE on a table or view. */
export interface WritePlan {
  kind: "write";
  /** POST inserts (or upserts), PUT inserts or replaces the one row its URL names, PATCH updates. */
  op: "insert" | "put" | "update" | "delete";
  rel: Relation;
  query: QueryParts;
  /** The select of the returned rows, resolved against the schema cache. */
  shape: ResolvedItem[];
  /** The body as rows (JSON, CSV or form fields); null for a delete. */
  payload: unknown;
  /** `Prefer: return=`: representation answers the rows, headers-only a Location, minimal neither. */
  returning: Preferences["return"];
  resolution: Preferences["resolution"];
  missing: Preferences["missing"];
  body: RowsBody;
  /** Accept: a single object. A write that changed other than one row is undone (406). */
  singular: boolean;
  /** `handling=strict, max-affected=N` on PATCH and DELETE: a write that changed more is undone (400). */
  maxAffected: number | null;
  /** The result decides whether to commit (singular or max-affected); otherwise the commit is pipelined. */
  decidesCommit: boolean;
  rollback: boolean;
  /** `Prefer: count=exact`: Content-Range carries the number of rows changed. */
  count: boolean;
  /** `nulls=stripped` in Accept: null fields are left out of the rows. */
  stripNulls: boolean;
  status: number;
  media: MediaType;
  /** The Preference-Applied header's items. */
  applied: string[];
}

/** A function's arguments: named from a JSON object, named as text (query string, form), or the whole body. */
export interface CallArguments {
  jsonArgs?: Record<string, unknown>;
  textArgs?: Map<string, string>;
  /** The raw body, for a single unnamed json, jsonb, text or xml parameter (text) or bytea (bytes). */
  raw?: string | Uint8Array;
}

/** A GET, HEAD or POST on /rpc/<function>. */
export interface CallPlan {
  kind: "call";
  fn: DbFunction;
  args: CallArguments;
  query: QueryParts;
  /** The select over the function's rows (composite results only), resolved against the schema cache. */
  shape: ResolvedItem[];
  limit: number | null;
  offset: number;
  count: boolean;
  /** `nulls=stripped` in Accept: null fields are left out of the rows. */
  stripNulls: boolean;
  body: RowsBody;
  /** Only a volatile function called by POST runs in a read-write transaction. */
  readOnly: boolean;
  /** A void function answers 204 without a body (and, on POST, without Content-Range). */
  isVoid: boolean;
  /** Accept: a single object. A call that returned other than one row is undone (406). */
  singular: boolean;
  /** `handling=strict, max-affected=N`: a set-returning call that returned more rows is undone (400). */
  maxAffected: number | null;
  rollback: boolean;
  applied: string[];
}

export type Plan = ReadPlan | WritePlan | CallPlan;

/** How the executor runs a plan's statements: read-only or not, how it ends, and who decides the commit. */
export function transactionOf(plan: Plan, main: Statement, explain: Statement | null = null): Omit<TransactionPlan, "setup" | "preRequest"> {
  switch (plan.kind) {
    case "read":
      return { readOnly: true, main, explain };
    case "call":
      return {
        readOnly: plan.readOnly,
        main,
        rollback: plan.rollback,
        decide: plan.singular || plan.maxAffected !== null ? (row) => writeAllowed(plan, Number(row.page_total)) : undefined,
      };
    case "write":
      return {
        readOnly: false,
        main,
        rollback: plan.rollback,
        decide: plan.decidesCommit ? (row) => writeAllowed(plan, Number(row.page_total)) : undefined,
      };
  }
}

/** True when a write or call that changed `affected` rows may stand: one row when singular, at most max-affected. */
export function writeAllowed(plan: Pick<WritePlan, "singular" | "maxAffected">, affected: number): boolean {
  return (!plan.singular || affected === 1) && (plan.maxAffected === null || affected <= plan.maxAffected);
}
