/**
 * SQL building blocks: bound parameters, identifier quoting (for names from
 * the schema cache only), and the fixed tables of operators and casts.
 */
import { HttpError } from "../errors.ts";
import type { CatalogName } from "../schema-cache.ts";

/** Collects bound values; `add` returns the placeholder for one. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** A text placeholder, for keys and values whose type Postgres must not guess. */
  text(value: string): string {
    return `${this.add(value)}::text`;
  }
}

/** Quotes an identifier: only a name the schema cache read from the catalog (the type says so). */
export function ident(name: CatalogName): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: CatalogName, name: CatalogName): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** Binary operators by PostgREST name. */
export const BINARY_OPS: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  like: "like",
  ilike: "ilike",
  match: "~",
  imatch: "~*",
  isdistinct: "is distinct from",
  cs: "@>",
  cd: "<@",
  ov: "&&",
  sl: "<<",
  sr: ">>",
  nxr: "&<",
  nxl: "&>",
  adj: "-|-",
};

export const IS_VALUES: Record<string, string> = {
  null: "null",
  not_null: "not null",
  true: "true",
  false: "false",
  unknown: "unknown",
};

export const FTS_FUNCTIONS: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};

const CASTS: Record<string, string> = {
  text: "text", varchar: "varchar", char: "char", name: "name", citext: "extensions.citext",
  int: "integer", integer: "integer", int2: "smallint", smallint: "smallint", int4: "integer",
  int8: "bigint", bigint: "bigint", numeric: "numeric", decimal: "numeric", real: "real", float4: "real",
  float8: "double precision", "double precision": "double precision", money: "money",
  bool: "boolean", boolean: "boolean", uuid: "uuid", json: "json", jsonb: "jsonb",
  date: "date", time: "time", timetz: "timetz", timestamp: "timestamp", timestamptz: "timestamptz", interval: "interval",
  "text[]": "text[]", "int[]": "integer[]", "integer[]": "integer[]", "int4[]": "integer[]", "int8[]": "bigint[]",
  "bigint[]": "bigint[]", "uuid[]": "uuid[]", "jsonb[]": "jsonb[]", "numeric[]": "numeric[]", "boolean[]": "boolean[]",
};

/** A cast from the fixed table, or a 400 naming the type as Postgres would. */
export function castType(name: string): string {
  const t = CASTS[name];
  if (!t) throw new HttpError(400, "42704", `type "${name}" does not exist`);
  return t;
}

/** Text of a Postgres array literal with every element quoted: `{"a","b\"c"}`. */
export function arrayLiteral(items: string[]): string {
  return `{${items.map((s) => `"${s.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
}
