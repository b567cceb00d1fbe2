/**
 * The select tree resolved against the schema cache, before any SQL: each
 * field becomes a column, a computed field (a function over the row) or an
 * aggregate, and each embed a foreign-key relationship or a computed
 * relationship (a function from the row to rows of another relation), with
 * PostgREST's rules for which one a name means and its errors when none or
 * several do.
 */
import { HttpError } from "../errors.ts";
import { type Column, type DbFunction, isView, type Relation, type Relationship, type SchemaCache } from "../schema-cache.ts";
import type { JsonStep, SelectEmbed, SelectField, SelectItem } from "./parse.ts";

/** PostgREST's aggregate functions (`col.sum()`, `count()`). */
export type Aggregate = "count" | "sum" | "avg" | "max" | "min";

/** What a select field reads: a column, a computed field, or the whole row (`count()`). */
export type Source =
  | { kind: "column"; column: Column }
  | { kind: "computed"; fn: DbFunction }
  | { kind: "row" };

export interface ResolvedField {
  type: "field";
  /** The output key. */
  key: string;
  source: Source;
  json: JsonStep[];
  /** `col::type`: applied to the value (before any aggregate). */
  cast: string | null;
  aggregate: Aggregate | null;
  /** `col.sum()::type`: applied to the aggregate's result. */
  aggregateCast: string | null;
}

/** How an embed reaches its rows: a foreign key, or a function taking the parent's row. */
export type Link =
  | { kind: "fk"; rel: Relationship }
  | { kind: "computed"; fn: DbFunction };

export interface ResolvedEmbed {
  type: "embed";
  key: string;
  /** Where the query string's `key.col=...`, `key.order=` and `key.limit=` attach. */
  path: string;
  /** 1 for an embed of the root, as PostgREST numbers its aliases. */
  depth: number;
  link: Link;
  target: Relation;
  toMany: boolean;
  spread: boolean;
  inner: boolean;
  /** `rel()`: joined for its filters (`!inner`, `rel=not.is.null`) but absent from the output. */
  hidden: boolean;
  items: ResolvedItem[];
}

export type ResolvedItem = ResolvedField | ResolvedEmbed;

export interface ResolveOptions {
  /** PostgREST's db-aggregates-enabled. */
  aggregates: boolean;
}

/** Resolves a parsed select list (null: `*`) of `rel`, at `path` and `depth`, into the typed tree. */
export function resolveSelect(
  cache: SchemaCache,
  rel: Relation,
  items: SelectItem[] | null,
  options: ResolveOptions,
  path = "",
  depth = 0,
): ResolvedItem[] {
  const out: ResolvedItem[] = [];
  const list = items === null || items.length === 0 ? [{ type: "star" } as SelectItem] : items;
  const embedKeys = new Set<string>();
  for (const item of list) {
    if (item.type === "star") {
      for (const column of rel.columns) out.push(plainField(column.name, { kind: "column", column }));
    } else if (item.type === "field") {
      out.push(resolveField(cache, rel, item, options, depth));
    } else {
      const embed = resolveEmbed(cache, rel, item, options, path, depth + 1);
      // Two embeds under one key would silently drop one; PostgREST's SQL fails on the duplicate alias.
      if (!embed.spread && !embed.hidden) {
        if (embedKeys.has(embed.key)) {
          throw new HttpError(400, "42712", `table name "${rel.name}_${embed.key}_${depth + 1}" specified more than once`);
        }
        embedKeys.add(embed.key);
      }
      out.push(embed);
    }
  }
  return out;
}

function plainField(key: string, source: Source): ResolvedField {
  return { type: "field", key, source, json: [], cast: null, aggregate: null, aggregateCast: null };
}

/** The function `name(rel)` in rel's schema: PostgREST's computed fields and relationships. */
function rowFunctions(cache: SchemaCache, rel: Relation, name: string): DbFunction[] {
  return (cache.functions.get(`${rel.schema}.${name}`) ?? []).filter((fn) =>
    fn.argTypes.length === 1 && fn.argTypes[0] === rel.reltype && fn.args.filter((a) => a.mode === "i").length === 1
  );
}

/** 400 for a column the relation does not have, worded as Postgres words it under PostgREST's alias. */
export function unknownColumn(rel: Relation, name: string, depth: number): HttpError {
  return new HttpError(400, "42703", `column ${rel.name}${depth > 0 ? `_${depth}` : ""}.${name} does not exist`);
}

/** A column or a computed field of `rel`, as filters, order and select name it. */
export function resolveSource(cache: SchemaCache, rel: Relation, name: string, depth: number): Source {
  const column = rel.columnMap.get(name);
  if (column) return { kind: "column", column };
  const fn = rowFunctions(cache, rel, name).find((f) => f.returnKind === "s");
  if (fn) return { kind: "computed", fn };
  throw unknownColumn(rel, name, depth);
}

function resolveField(cache: SchemaCache, rel: Relation, item: SelectField, options: ResolveOptions, depth: number): ResolvedField {
  const { field } = item;
  const aggregate = item.aggregate ?? null;
  if (aggregate !== null && !options.aggregates) {
    throw new HttpError(400, "PGRST123", "Use of aggregate functions is not allowed");
  }
  let source: Source;
  if (item.countAll) source = { kind: "row" };
  else if (field.name === "count" && field.json.length === 0 && !rel.columnMap.has("count") && aggregate === null) {
    // `rel(count)`: Postgres reads `alias.count` as `count(alias)`, PostgREST's SQL relies on it.
    if (!options.aggregates) throw new HttpError(400, "PGRST123", "Use of aggregate functions is not allowed");
    return { type: "field", key: item.alias ?? "count", source: { kind: "row" }, json: [], cast: null, aggregate: "count", aggregateCast: null };
  } else source = resolveSource(cache, rel, field.name, depth);
  const last = field.json.length ? field.json[field.json.length - 1].key : null;
  const jsonKey = last !== null && /^-?\d+$/.test(last) ? ([...field.json].reverse().find((s) => !/^-?\d+$/.test(s.key))?.key ?? field.name) : last;
  const key = item.alias ?? (aggregate !== null ? aggregate : jsonKey ?? field.name);
  return { type: "field", key, source, json: field.json, cast: item.cast, aggregate: item.countAll ? "count" : aggregate, aggregateCast: item.aggregateCast ?? null };
}

function resolveEmbed(
  cache: SchemaCache,
  parent: Relation,
  embed: SelectEmbed,
  options: ResolveOptions,
  parentPath: string,
  depth: number,
): ResolvedEmbed {
  const key = embed.alias ?? embed.name;
  const path = parentPath ? `${parentPath}.${key}` : key;
  let link: Link;
  let target: Relation;
  let toMany: boolean;
  // A computed relationship overrides a foreign key to a relation of the same name, as in PostgREST.
  const computed = rowFunctions(cache, parent, embed.name).filter((fn) => fn.returnKind === "c" && fn.returnRelation !== null);
  if (computed.length) {
    const fn = computed[0];
    link = { kind: "computed", fn };
    target = fn.returnRelation!;
    toMany = fn.retset && fn.rows !== 1;
  } else {
    const rel = findRelationship(cache, parent, embed);
    link = { kind: "fk", rel };
    target = rel.to;
    toMany = rel.kind === "o2m" || rel.kind === "m2m";
  }
  const hidden = embed.select.length === 0;
  const items = hidden ? [] : resolveSelect(cache, target, embed.select, options, path, depth);
  return { type: "embed", key, path, depth, link, target, toMany, spread: embed.spread, inner: embed.join === "inner", hidden, items };
}

const one = (cols: readonly string[], name: string) => cols.length === 1 && cols[0] === name;

/**
 * The relationship an embed names, by PostgREST's rules (its `findRel`): the target by name,
 * or, for a table, by a foreign key's constraint or single column; `!hint` narrows by
 * constraint, column on either side or junction. A self-reference reads `name(*)` as the
 * children (one-to-many) and `column(*)` as the parent (many-to-one).
 */
export function findRelationship(cache: SchemaCache, from: Relation, embed: SelectEmbed): Relationship {
  const all = (cache.relationships.get(from.oid) ?? []).filter((r) => r.to.schema === from.schema);
  const target = embed.name;
  const hint = embed.hint;
  const found = all.filter((r) => {
    const direct = r.kind !== "m2m";
    if (r.isSelf) {
      if (hint === null) {
        return (r.to.name === target && r.kind === "o2m") || (r.kind === "m2o" && one(r.cols, target));
      }
      return r.to.name === target && r.kind === "o2m" && one(r.refCols, hint);
    }
    if (hint === null) {
      return r.to.name === target ||
        (direct && !isView(r.to) && (r.name === target || one(r.cols, target)));
    }
    return r.to.name === target &&
      ((direct && (r.name === hint || one(r.cols, hint) || one(r.refCols, hint))) || r.junction?.rel.name === hint);
  });
  if (found.length === 0) {
    throw new HttpError(
      400,
      "PGRST200",
      `Could not find a relationship between '${from.name}' and '${target}' in the schema cache`,
      `Searched for a foreign key relationship between '${from.name}' and '${target}${hint ? `' using the hint '${hint}` : ""}' in the schema '${from.schema}', but no matches were found.`,
      noRelationshipHint(all, target),
    );
  }
  if (found.length > 1) {
    const cardinality = { m2o: "many-to-one", o2m: "one-to-many", o2o: "one-to-one", m2m: "many-to-many" };
    throw new HttpError(
      300,
      "PGRST201",
      `Could not embed because more than one relationship was found for '${from.name}' and '${target}'`,
      found.map((r) => ({
        cardinality: cardinality[r.kind],
        embedding: `${from.name} with ${r.to.name}`,
        relationship: r.junction
          ? `${r.junction.rel.name} using ${r.junction.name1}(${r.junction.fromCols.join(", ")}) and ${r.junction.name2}(${r.junction.toCols.join(", ")})`
          : `${r.name} using ${from.name}(${r.cols.join(", ")}) and ${r.to.name}(${r.refCols.join(", ")})`,
      })) as unknown as string,
      `Try changing '${target}' to one of the following: ${found.map((r) => `'${r.to.name}!${r.junction ? r.junction.rel.name : r.name}'`).join(", ")}. Find the desired relationship in the 'details' key.`,
    );
  }
  return found[0];
}

/** Levenshtein distance, for "Perhaps you meant" on a near miss. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * PostgREST suggests a near name (its fuzzy match) for an embed it cannot find; ours suggests
 * a related relation at most two edits away, and otherwise gives no hint, as PostgREST does.
 */
function noRelationshipHint(related: Relationship[], target: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const n of new Set(related.map((r) => r.to.name as string))) {
    const d = distance(n, target);
    if (d > 0 && d < bestDistance) [best, bestDistance] = [n, d];
  }
  return best === null ? null : `Perhaps you meant '${best}' instead of '${target}'.`;
}
