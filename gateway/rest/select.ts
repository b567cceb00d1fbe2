/**
 * The SQL of a read: a parsed select tree, conditions and order become one
 * SELECT whose rows are JSON objects, with embedded resources as lateral joins.
 * Every name is resolved against the schema cache; every value is bound.
 */
import { HttpError } from "../errors.ts";
import type { Relation, Relationship, SchemaCache } from "../schema-cache.ts";
import type { Condition, Field, Filter, OrderTerm, QueryParts, SelectEmbed, SelectItem } from "./parse.ts";
import { arrayLiteral, BINARY_OPS, castType, FTS_FUNCTIONS, ident, IS_VALUES, Params, qualified } from "./sql.ts";

export interface SqlContext {
  cache: SchemaCache;
  parts: QueryParts;
  params: Params;
  aliases: number;
}

/** An embedded resource as its parent sees it: the lateral join's alias and what refers to it. */
interface EmbedScope {
  alias: string;
  toMany: boolean;
  orderColumns: Map<OrderTerm, string>;
  /** A condition of the parent asks whether it is present (`rel=not.is.null`), so a count needs its join. */
  presenceFiltered: boolean;
}

/** The shape of one level of a query: its relation and generated alias. */
interface Scope {
  rel: Relation;
  alias: string;
  path: string;
  embeds: Map<string, EmbedScope>;
}

export interface SelectQuery {
  /** SELECT ... as r FROM ... WHERE ... ORDER ... LIMIT ... */
  sql: string;
  /** SELECT count(*) FROM ... WHERE ... (no order, no limit) */
  countSql: string;
  /** The FROM ... WHERE ... part of countSql, for a capped count. */
  countFrom: string;
}

function nextAlias(ctx: SqlContext): string {
  return `t${ctx.aliases++}`;
}

/** 400 for a column the relation does not have, worded as Postgres words it. */
function unknownColumn(rel: Relation, name: string): HttpError {
  return new HttpError(400, "42703", `column ${rel.name}.${name} does not exist`);
}

/** A column reference with its JSON path, e.g. t0."data"->'a'->>'b' (keys bound). */
function fieldExpr(scope: Scope, field: Field, ctx: SqlContext): string {
  const column = scope.rel.columnMap.get(field.name);
  if (!column) throw unknownColumn(scope.rel, field.name);
  let expr = `${scope.alias}.${ident(column.name)}`;
  for (const step of field.json) {
    const key = /^-?\d+$/.test(step.key) ? `${ctx.params.add(step.key)}::int` : ctx.params.text(step.key);
    expr = `(${expr}${step.op}${key})`;
  }
  return expr;
}

function fieldKey(field: Field): string {
  return field.json.length ? field.json[field.json.length - 1].key : field.name;
}

/** json_build_object over (key, value) pairs; Postgres takes at most 100 arguments per call. */
function jsonObject(pairs: [string, string][]): string {
  if (pairs.length === 0) return "json_build_object()";
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) {
    chunks.push(`json_build_object(${pairs.slice(i, i + 50).map(([k, v]) => `${k}, ${v}`).join(", ")})`);
  }
  return chunks.length === 1 ? chunks[0] : `(${chunks.map((c) => `${c}::jsonb`).join(" || ")})::json`;
}

/** The relationship an embed names: by target name, foreign-key column or constraint, narrowed by `!hint`. */
export function findRelationship(cache: SchemaCache, from: Relation, embed: SelectEmbed): Relationship {
  const all = cache.relationships.get(from.oid) ?? [];
  let found = all.filter((r) => r.to.name === embed.name && r.to.schema === from.schema);
  if (found.length === 0) {
    // `owner_id(*)` or `files_owner_id_fkey(*)`: name a many-to-one by its column or constraint.
    found = all.filter((r) => r.kind === "m2o" && ((r.cols.length === 1 && r.cols[0] === embed.name) || r.name === embed.name));
  }
  if (embed.hint !== null) {
    const h = embed.hint;
    found = found.filter((r) =>
      r.name === h || (r.cols.length === 1 && r.cols[0] === h) || (r.refCols.length === 1 && r.refCols[0] === h) ||
      r.junction?.rel.name === h || r.junction?.name1 === h
    );
  }
  if (found.length === 0) {
    throw new HttpError(
      400,
      "PGRST200",
      `Could not find a relationship between '${from.name}' and '${embed.name}' in the schema cache`,
      `Searched for a foreign key relationship between '${from.name}' and '${embed.name}'${embed.hint ? ` using the hint '${embed.hint}'` : ""} in the schema '${from.schema}', but no matches were found.`,
      "Perhaps you meant a different table, or a foreign key on a view's underlying table is not visible through its columns.",
    );
  }
  // A direct link wins over a many-to-many one only when PostgREST would also pick it: never; ask for a hint.
  if (found.length > 1) {
    throw new HttpError(
      300,
      "PGRST201",
      `Could not embed because more than one relationship was found for '${from.name}' and '${embed.name}'`,
      found.map((r) => ({ cardinality: r.kind === "m2o" ? "many-to-one" : r.kind === "o2m" ? "one-to-many" : "many-to-many", embedding: `${from.name} with ${r.to.name}`, relationship: r.junction ? `${r.junction.name1}, ${r.junction.name2}` : `${r.name} using ${from.name}(${r.cols.join(", ")}) and ${r.to.name}(${r.refCols.join(", ")})` })) as unknown as string,
      `Try changing '${embed.name}' to one of the following: ${found.map((r) => `'${embed.name}!${r.junction ? r.junction.rel.name : r.name}'`).join(", ")}. Find the desired relationship in the 'details' key.`,
    );
  }
  return found[0];
}

interface RowParts {
  expr: string;
  joins: string[];
  /** Joins that restrict the parent's rows (!inner): the count needs them too. */
  innerJoins: string[];
}

/** The JSON object expression for one row of `scope`, with lateral joins for its embeds. */
function rowObject(scope: Scope, items: SelectItem[], ctx: SqlContext): RowParts {
  const pairs: [string, string][] = [];
  const joins: string[] = [];
  const innerJoins: string[] = [];
  const p = ctx.params;
  for (const item of items.length ? items : [{ type: "star" } as SelectItem]) {
    if (item.type === "star") {
      for (const c of scope.rel.columns) pairs.push([p.text(c.name), `${scope.alias}.${ident(c.name)}`]);
    } else if (item.type === "field") {
      let expr = fieldExpr(scope, item.field, ctx);
      if (item.cast) expr = `(${expr})::${castType(item.cast)}`;
      pairs.push([p.text(item.alias ?? fieldKey(item.field)), expr]);
    } else {
      const { join, alias, key, toMany, keys } = embedJoin(scope, item, ctx);
      (item.join === "inner" ? innerJoins : joins).push(join);
      if (item.spread) {
        if (toMany) throw new HttpError(400, "PGRST119", `A spread operation on '${item.name}' is only possible on to-one relationships`);
        for (const k of keys) pairs.push([p.text(k), `${alias}.body->${p.text(k)}`]);
      } else {
        pairs.push([p.text(key), `${alias}.body`]);
      }
    }
  }
  return { expr: jsonObject(pairs), joins: [...innerJoins, ...joins], innerJoins };
}

/** Output keys of a select list, for spreads. */
function outputKeys(rel: Relation, items: SelectItem[]): string[] {
  const keys: string[] = [];
  for (const item of items.length ? items : [{ type: "star" } as SelectItem]) {
    if (item.type === "star") keys.push(...rel.columns.map((c) => c.name));
    else if (item.type === "field") keys.push(item.alias ?? fieldKey(item.field));
    else keys.push(item.alias ?? item.name);
  }
  return keys;
}

function embedJoin(parent: Scope, embed: SelectEmbed, ctx: SqlContext) {
  const r = findRelationship(ctx.cache, parent.rel, embed);
  const key = embed.alias ?? embed.name;
  const path = parent.path ? `${parent.path}.${key}` : key;
  const alias = nextAlias(ctx);
  const scope: Scope = { rel: r.to, alias, path, embeds: new Map() };
  const row = rowObject(scope, embed.select, ctx);
  const on: string[] = [];
  let from = `${qualified(r.to.schema, r.to.name)} as ${alias}`;
  if (r.junction) {
    const j = nextAlias(ctx);
    from += ` join ${qualified(r.junction.rel.schema, r.junction.rel.name)} as ${j} on ${
      r.junction.toCols.map((c, i) => `${j}.${ident(c)} = ${alias}.${ident(r.refCols[i])}`).join(" and ")
    }`;
    on.push(...r.junction.fromCols.map((c, i) => `${j}.${ident(c)} = ${parent.alias}.${ident(r.cols[i])}`));
  } else {
    on.push(...r.cols.map((c, i) => `${alias}.${ident(r.refCols[i])} = ${parent.alias}.${ident(c)}`));
  }
  const where = [...on, ...conditionsFor(scope, ctx)];
  const toMany = r.kind !== "m2o";
  const e = nextAlias(ctx);
  // `order=key(col)` on the parent: the to-one join also yields that column's value, so the
  // parent orders by the value itself (numbers as numbers), not by its JSON text.
  const orderColumns = new Map<OrderTerm, string>();
  const related = toMany ? [] : (ctx.parts.order.get(parent.path) ?? []).filter((t) => t.relation === key);
  const extra = related.map((t, i) => {
    orderColumns.set(t, `pgrst_o${i}`);
    return `, ${fieldExpr(scope, t.field, ctx)} as pgrst_o${i}`;
  }).join("");
  parent.embeds.set(key, { alias: e, toMany, orderColumns, presenceFiltered: false });
  const joinKind = embed.join === "inner" ? "join" : "left join";
  const body = `select ${row.expr} as r${extra} from ${from} ${row.joins.join(" ")} where ${where.join(" and ")}`;
  let join: string;
  if (toMany) {
    const order = orderBy(scope, ctx);
    const limit = limitOffset(ctx.parts.limit.get(path) ?? null, ctx.parts.offset.get(path) ?? null, ctx);
    join = `${joinKind} lateral (select coalesce(json_agg(${e}_s.r), '[]') as body from (${body}${order}${limit}) as ${e}_s) as ${e} on ${
      embed.join === "inner" ? `json_array_length(${e}.body) > 0` : "true"
    }`;
  } else {
    const carried = related.map((_, i) => `, ${e}_s.pgrst_o${i}`).join("");
    join = `${joinKind} lateral (select ${e}_s.r as body${carried} from (${body}) as ${e}_s) as ${e} on true`;
  }
  return { join, alias: e, key, toMany, keys: outputKeys(r.to, embed.select) };
}

/** SQL for every condition that the query string attaches to `scope`'s path. */
function conditionsFor(scope: Scope, ctx: SqlContext): string[] {
  return (ctx.parts.conditions.get(scope.path) ?? []).map((c) => conditionSql(scope, c, ctx));
}

function conditionSql(scope: Scope, c: Condition, ctx: SqlContext): string {
  if (c.type === "logic") {
    const inner = c.children.map((child) => conditionSql(scope, child, ctx));
    const joined = inner.length ? `(${inner.join(c.op === "and" ? " and " : " or ")})` : (c.op === "and" ? "true" : "false");
    return c.negate ? `not ${joined}` : joined;
  }
  const sql = filterSql(scope, c, ctx);
  return c.negate ? `not (${sql})` : sql;
}

function filterSql(scope: Scope, f: Filter, ctx: SqlContext): string {
  const p = ctx.params;
  // `rel=not.is.null` on an embedded resource keeps only rows where it is present.
  const embed = scope.embeds.get(f.field.name);
  if (embed && !scope.rel.columnMap.has(f.field.name) && f.op === "is" && f.field.json.length === 0) {
    const v = String(f.value).toLowerCase();
    const present = embed.toMany ? `json_array_length(${embed.alias}.body) > 0` : `${embed.alias}.body is not null`;
    if (v === "null" || v === "not_null") embed.presenceFiltered = true;
    if (v === "null") return `not (${present})`;
    if (v === "not_null") return present;
  }
  const col = fieldExpr(scope, f.field, ctx);
  const value = f.value;
  switch (f.op) {
    case "is":
      return `${col} is ${IS_VALUES[String(value).toLowerCase()]}`;
    case "in":
      return `${col} = any(${p.add(arrayLiteral(value as string[]))})`;
    case "fts":
    case "plfts":
    case "phfts":
    case "wfts": {
      const column = scope.rel.columnMap.get(f.field.name)!;
      const cfg = f.config === null ? "" : `${p.add(f.config)}::regconfig, `;
      const vector = column.type === "tsvector" && f.field.json.length === 0 ? col : `to_tsvector(${cfg}${col})`;
      return `${vector} @@ ${FTS_FUNCTIONS[f.op]}(${cfg}${p.text(value as string)})`;
    }
  }
  const op = BINARY_OPS[f.op];
  const like = f.op === "like" || f.op === "ilike";
  const fix = (s: string) => (like ? s.replaceAll("*", "%") : s);
  if (f.modifier) return `${col} ${op} ${f.modifier}(${p.add(arrayLiteral((value as string[]).map(fix)))})`;
  return `${col} ${op} ${p.add(fix(value as string))}`;
}

function orderBy(scope: Scope, ctx: SqlContext): string {
  const terms: OrderTerm[] = ctx.parts.order.get(scope.path) ?? [];
  if (!terms.length) return "";
  return " order by " + terms.map((t) =>
    `${t.relation === null ? fieldExpr(scope, t.field, ctx) : relatedOrderExpr(scope, t)}${t.dir ? ` ${t.dir}` : ""}${
      t.nulls ? ` nulls ${t.nulls}` : ""
    }`
  ).join(", ");
}

/** The carried value for `order=rel(col)`: only an embedded to-one resource can order its parent. */
function relatedOrderExpr(scope: Scope, t: OrderTerm): string {
  const embed = scope.embeds.get(t.relation!);
  if (!embed) {
    throw new HttpError(400, "PGRST108", `'${t.relation}' is not an embedded resource in this request`, null,
      `Verify that '${t.relation}' is included in the 'select' query parameter.`);
  }
  if (embed.toMany) {
    throw new HttpError(400, "PGRST118", `A related order on '${t.relation}' is not possible`,
      `'${scope.rel.name}' and '${t.relation}' do not form a many-to-one or one-to-one relationship`);
  }
  return `${embed.alias}.${embed.orderColumns.get(t)}`;
}

function limitOffset(limit: number | null, offset: number | null, ctx: SqlContext): string {
  let s = "";
  if (limit !== null) s += ` limit ${ctx.params.add(String(limit))}::int8`;
  if (offset !== null && offset > 0) s += ` offset ${ctx.params.add(String(offset))}::int8`;
  return s;
}

/** Rejects query-string parts aimed at an embed the select does not have. */
function checkPaths(ctx: SqlContext, known: Set<string>) {
  for (const map of [ctx.parts.conditions, ctx.parts.order, ctx.parts.limit, ctx.parts.offset]) {
    for (const path of map.keys()) {
      if (!known.has(path)) {
        throw new HttpError(400, "PGRST108", `'${path}' is not an embedded resource in this request`, null,
          `Verify that '${path}' is included in the 'select' query parameter.`);
      }
    }
  }
}

function embedPaths(items: SelectItem[], prefix: string, out: Set<string>) {
  for (const item of items) {
    if (item.type !== "embed") continue;
    const path = prefix ? `${prefix}.${item.alias ?? item.name}` : item.alias ?? item.name;
    out.add(path);
    embedPaths(item.select, path, out);
  }
}

export interface SelectOptions {
  rel: Relation;
  /** What to read from: the relation itself, a CTE of changed rows, or a function call. */
  from?: string;
  limit: number | null;
  offset: number | null;
  /** Apply the root conditions, order and limit (not for rows an INSERT returned). */
  filtered?: boolean;
}

/** The SELECT that shapes rows of `rel` as the request's select asks. */
export function selectSql(ctx: SqlContext, opts: SelectOptions): SelectQuery {
  const items = ctx.parts.select ?? [{ type: "star" }];
  const known = new Set([""]);
  embedPaths(items, "", known);
  checkPaths(ctx, known);
  const alias = nextAlias(ctx);
  const scope: Scope = { rel: opts.rel, alias, path: "", embeds: new Map() };
  const row = rowObject(scope, items, ctx);
  const from = `${opts.from ?? qualified(opts.rel.schema, opts.rel.name)} as ${alias}`;
  const filtered = opts.filtered ?? true;
  const where = filtered ? conditionsFor(scope, ctx) : [];
  const whereClause = where.length ? ` where ${where.join(" and ")}` : "";
  const order = filtered ? orderBy(scope, ctx) : "";
  const limit = filtered ? limitOffset(opts.limit, opts.offset, ctx) : "";
  // A root filter on an embed (`rel=not.is.null`) needs that embed's join in the count too.
  const countFrom = `from ${from} ${
    [...scope.embeds.values()].some((e) => e.presenceFiltered) ? row.joins.join(" ") : row.innerJoins.join(" ")
  }${whereClause}`;
  return {
    sql: `select ${row.expr} as r from ${from} ${row.joins.join(" ")}${whereClause}${order}${limit}`,
    countSql: `select count(*) ${countFrom}`,
    countFrom,
  };
}

/** Only the WHERE conditions for the root (for UPDATE and DELETE). */
export function whereSql(ctx: SqlContext, rel: Relation, alias: string): string[] {
  const known = new Set([""]);
  embedPaths(ctx.parts.select ?? [], "", known);
  checkPaths(ctx, known);
  return conditionsFor({ rel, alias, path: "", embeds: new Map() }, ctx);
}
