/**
 * The SQL of a read: a resolved select tree (rest/resolve.ts), conditions and
 * order become one SELECT whose rows are JSON objects, with embedded
 * resources as lateral joins and aggregates grouped by the other fields.
 * Every name comes from the schema cache; every value is bound.
 */
import { HttpError } from "../errors.ts";
import type { Relation, SchemaCache } from "../schema-cache.ts";
import type { Condition, Field, Filter, OrderTerm, QueryParts } from "./parse.ts";
import { type ResolvedEmbed, type ResolvedField, type ResolvedItem, resolveSource, type Source } from "./resolve.ts";
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
  depth: number;
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

/** A field's value: a column, or a computed field called with the row. */
function sourceExpr(scope: Scope, source: Source): string {
  switch (source.kind) {
    case "column":
      return `${scope.alias}.${ident(source.column.name)}`;
    case "computed":
      return `${qualified(source.fn.schema, source.fn.name)}(${rowExpr(scope)})`;
    case "row":
      return "*";
  }
}

/** The scope's row as its relation's row type, the argument a computed field or relationship takes. */
function rowExpr(scope: Scope): string {
  return scope.rel.reltype > 0 ? `${scope.alias}::${qualified(scope.rel.schema, scope.rel.name)}` : scope.alias;
}

/** A JSON path over an expression, e.g. (x->'a'->>'b') (keys bound). */
function withJson(expr: string, json: Field["json"], ctx: SqlContext): string {
  for (const step of json) {
    const key = /^-?\d+$/.test(step.key) ? `${ctx.params.add(step.key)}::int` : ctx.params.text(step.key);
    expr = `(${expr}${step.op}${key})`;
  }
  return expr;
}

/** A column or computed field with its JSON path, as a filter or an order names it. */
function fieldExpr(scope: Scope, field: Field, ctx: SqlContext): string {
  return withJson(sourceExpr(scope, resolveSource(ctx.cache, scope.rel, field.name, scope.depth)), field.json, ctx);
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

/** One value of a level's output: its key, its expression, and the aggregate over it, if any. */
interface Output {
  key: string;
  expr: string;
  aggregate: ResolvedField["aggregate"];
  aggregateCast: string | null;
  /** A json value, which has no equality: grouped as jsonb. */
  json?: boolean;
}

interface RowParts {
  outputs: Output[];
  joins: string[];
  /** Joins that restrict the parent's rows (!inner): the count needs them too. */
  innerJoins: string[];
}

/** The outputs of one level of `scope` and the lateral joins for its embeds. */
function levelParts(scope: Scope, items: ResolvedItem[], ctx: SqlContext): RowParts {
  const outputs: Output[] = [];
  const joins: string[] = [];
  const innerJoins: string[] = [];
  for (const item of items) {
    if (item.type === "field") {
      let expr = item.source.kind === "row" ? "*" : withJson(sourceExpr(scope, item.source), item.json, ctx);
      if (item.cast) expr = `(${expr})::${castType(item.cast)}`;
      const json = item.cast ? item.cast === "json" : item.source.kind === "column" && item.source.column.type === "json" && item.json.length === 0;
      outputs.push({ key: item.key, expr, aggregate: item.aggregate, aggregateCast: item.aggregateCast, json });
      continue;
    }
    const joined = embedJoin(scope, item, ctx);
    (item.inner ? innerJoins : joins).push(joined.join);
    outputs.push(...joined.outputs);
  }
  return { outputs, joins: [...innerJoins, ...joins], innerJoins };
}

/** An aggregate's SQL: `count(*)`, `sum(x)`, with the result's cast. */
function aggregateSql(o: Output): string {
  const sql = `${o.aggregate}(${o.expr})`;
  return o.aggregateCast ? `(${sql})::${castType(o.aggregateCast)}` : sql;
}

/** The row object and, when the level aggregates, its GROUP BY: every other output, compared as jsonb. */
function rowSelect(outputs: Output[], ctx: SqlContext): { expr: string; groupBy: string } {
  const p = ctx.params;
  const aggregated = outputs.some((o) => o.aggregate !== null);
  if (!aggregated) return { expr: jsonObject(outputs.map((o) => [p.text(o.key), o.expr])), groupBy: "" };
  const grouped: string[] = [];
  const pairs: [string, string][] = outputs.map((o) => {
    if (o.aggregate !== null) return [p.text(o.key), aggregateSql(o)];
    // The other outputs are grouped by (json, which has no equality, as jsonb).
    const g = o.json ? `(${o.expr})::jsonb` : o.expr;
    grouped.push(g);
    return [p.text(o.key), g];
  });
  return { expr: jsonObject(pairs), groupBy: grouped.length ? ` group by ${grouped.join(", ")}` : "" };
}

/** The lateral join for one embed, and the outputs it adds to its parent's row. */
function embedJoin(parent: Scope, embed: ResolvedEmbed, ctx: SqlContext): { join: string; outputs: Output[] } {
  const alias = nextAlias(ctx);
  const scope: Scope = { rel: embed.target, alias, path: embed.path, depth: embed.depth, embeds: new Map() };
  const on: string[] = [];
  let from: string;
  if (embed.link.kind === "computed") {
    const fn = embed.link.fn;
    from = `${qualified(fn.schema, fn.name)}(${rowExpr(parent)}) as ${alias}`;
  } else {
    const r = embed.link.rel;
    from = `${qualified(r.to.schema, r.to.name)} as ${alias}`;
    if (r.junction) {
      const j = nextAlias(ctx);
      from += ` join ${qualified(r.junction.rel.schema, r.junction.rel.name)} as ${j} on ${
        r.junction.toCols.map((c, i) => `${j}.${ident(c)} = ${alias}.${ident(r.refCols[i])}`).join(" and ")
      }`;
      on.push(...r.junction.fromCols.map((c, i) => `${j}.${ident(c)} = ${parent.alias}.${ident(r.cols[i])}`));
    } else {
      on.push(...r.cols.map((c, i) => `${alias}.${ident(r.refCols[i])} = ${parent.alias}.${ident(c)}`));
    }
  }
  const row = levelParts(scope, embed.items, ctx);
  const where = [...on, ...conditionsFor(scope, ctx)];
  const whereClause = where.length ? ` where ${where.join(" and ")}` : "";
  const { toMany } = embed;
  const e = nextAlias(ctx);
  // `order=key(col)` on the parent: the to-one join also yields that column's value, so the
  // parent orders by the value itself (numbers as numbers), not by its JSON text.
  const orderColumns = new Map<OrderTerm, string>();
  const related = toMany ? [] : (ctx.parts.order.get(parent.path) ?? []).filter((t) => t.relation === embed.key);
  const extra = related.map((t, i) => {
    orderColumns.set(t, `pgrst_o${i}`);
    return `, ${fieldExpr(scope, t.field, ctx)} as pgrst_o${i}`;
  }).join("");
  parent.embeds.set(embed.key, { alias: e, toMany, orderColumns, presenceFiltered: false });
  const joinKind = embed.inner ? "join" : "left join";
  const carried = related.map((_, i) => `, ${e}_s.pgrst_o${i}`).join("");
  const order = toMany ? orderBy(scope, ctx) : "";
  const limit = toMany ? limitOffset(ctx.parts.limit.get(embed.path) ?? null, ctx.parts.offset.get(embed.path) ?? null, ctx) : "";
  const source = `from ${from} ${row.joins.join(" ")}${whereClause}`;

  if (embed.spread) {
    // A spread's values become its parent's: each is carried out of the join as a column.
    const cols = row.outputs.map((o, i) => ({ ...o, col: `pgrst_c${i}` }));
    if (toMany) {
      if (cols.some((o) => o.aggregate !== null)) {
        throw new HttpError(400, "PGRST127", "Aggregates are not implemented for one-to-many or many-to-many spreads.");
      }
      // A to-many spread: each key becomes the array of its values.
      const inner = `select ${cols.map((o) => `${o.expr} as ${o.col}`).join(", ") || "1"} ${source}${order}${limit}`;
      const aggs = cols.map((o) => `coalesce(json_agg(${e}_s.${o.col}), '[]') as ${o.col}`).join(", ") || "1 as pgrst_none";
      const join = `${joinKind} lateral (select ${aggs} from (${inner}) as ${e}_s) as ${e} on ${
        embed.inner ? `exists (select 1 ${source})` : "true"
      }`;
      return { join, outputs: cols.map((o) => ({ key: o.key, expr: `${e}.${o.col}`, aggregate: null, aggregateCast: null, json: true })) };
    }
    // A to-one spread: its aggregates are hoisted to the parent, which groups by the rest.
    const inner = `select ${[...cols.map((o) => `${o.aggregate === "count" && o.expr === "*" ? "1" : o.expr} as ${o.col}`), "1 as pgrst_present"].join(", ")}${extra} ${source}`;
    const join = `${joinKind} lateral (select ${[...cols.map((o) => `${e}_s.${o.col}`), `${e}_s.pgrst_present`].join(", ")}${carried} from (${inner}) as ${e}_s) as ${e} on true`;
    return {
      join,
      outputs: cols.map((o) => ({
        key: o.key,
        // count() over a spread counts the rows that have one (its column is 1, or null without).
        expr: `${e}.${o.col}`,
        aggregate: o.aggregate,
        aggregateCast: o.aggregateCast,
        json: o.json,
      })),
    };
  }
  const { expr, groupBy } = rowSelect(row.outputs, ctx);
  const body = `select ${expr} as r${extra} ${source}${groupBy}`;
  let join: string;
  if (toMany) {
    join = `${joinKind} lateral (select coalesce(json_agg(${e}_s.r), '[]') as body from (${body}${order}${limit}) as ${e}_s) as ${e} on ${
      embed.inner ? `json_array_length(${e}.body) > 0` : "true"
    }`;
  } else {
    join = `${joinKind} lateral (select ${e}_s.r as body${carried} from (${body}) as ${e}_s) as ${e} on true`;
  }
  if (embed.hidden) return { join, outputs: [] };
  return { join, outputs: [{ key: embed.key, expr: `${e}.body`, aggregate: null, aggregateCast: null, json: true }] };
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
      const column = scope.rel.columnMap.get(f.field.name);
      const cfg = f.config === null ? "" : `${p.add(f.config)}::regconfig, `;
      const vector = column?.type === "tsvector" && f.field.json.length === 0 ? col : `to_tsvector(${cfg}${col})`;
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

function embedPaths(items: ResolvedItem[], out: Set<string>) {
  for (const item of items) {
    if (item.type !== "embed") continue;
    out.add(item.path);
    embedPaths(item.items, out);
  }
}

export interface SelectOptions {
  rel: Relation;
  /** The request's select, resolved against the schema cache (rest/resolve.ts). */
  shape: ResolvedItem[];
  /** What to read from: the relation itself, a CTE of changed rows, or a function call. */
  from?: string;
  limit: number | null;
  offset: number | null;
  /** Apply the root conditions, order and limit (not for rows an INSERT returned). */
  filtered?: boolean;
}

/** The SELECT that shapes rows of `rel` as the request's select asks. */
export function selectSql(ctx: SqlContext, opts: SelectOptions): SelectQuery {
  const known = new Set([""]);
  embedPaths(opts.shape, known);
  checkPaths(ctx, known);
  const alias = nextAlias(ctx);
  const scope: Scope = { rel: opts.rel, alias, path: "", depth: 0, embeds: new Map() };
  const row = levelParts(scope, opts.shape, ctx);
  const from = `${opts.from ?? qualified(opts.rel.schema, opts.rel.name)} as ${alias}`;
  const filtered = opts.filtered ?? true;
  const where = filtered ? conditionsFor(scope, ctx) : [];
  const whereClause = where.length ? ` where ${where.join(" and ")}` : "";
  const { expr, groupBy } = rowSelect(row.outputs, ctx);
  const order = filtered ? orderBy(scope, ctx) : "";
  const limit = filtered ? limitOffset(opts.limit, opts.offset, ctx) : "";
  // A root filter on an embed (`rel=not.is.null`) needs that embed's join in the count too.
  const countJoins = [...scope.embeds.values()].some((e) => e.presenceFiltered) ? row.joins.join(" ") : row.innerJoins.join(" ");
  const aggregated = row.outputs.some((o) => o.aggregate !== null);
  // An aggregating read counts its groups: one row without GROUP BY, one per group with it.
  const countFrom = aggregated
    ? `from (select 1 from ${from} ${row.joins.join(" ")}${whereClause}${groupBy || " group by ()"}) as pgrst_groups`
    : `from ${from} ${countJoins}${whereClause}`;
  return {
    sql: `select ${expr} as r from ${from} ${row.joins.join(" ")}${whereClause}${groupBy}${order}${limit}`,
    countSql: `select count(*) ${countFrom}`,
    countFrom,
  };
}

/** Only the WHERE conditions for the root (for UPDATE and DELETE). */
export function whereSql(ctx: SqlContext, rel: Relation, alias: string, shape: ResolvedItem[]): string[] {
  const known = new Set([""]);
  embedPaths(shape, known);
  checkPaths(ctx, known);
  return conditionsFor({ rel, alias, path: "", depth: 0, embeds: new Map() }, ctx);
}
