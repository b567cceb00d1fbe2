/**
 * The SQL of a write: INSERT (and upsert), UPDATE and DELETE as a CTE
 * returning the changed rows, which the read's SELECT then shapes like any
 * other rows.
 */
import { HttpError } from "../errors.ts";
import type { CatalogName, Relation } from "../schema-cache.ts";
import type { WritePlan } from "./plans.ts";
import { selectSql, type SqlContext, whereSql } from "./select.ts";
import { ident, qualified } from "./sql.ts";
import { outerStatement } from "./statement.ts";

/** The one statement for a planned write. */
export function writeSql(ctx: SqlContext, plan: WritePlan): string {
  switch (plan.op) {
    case "insert":
      return insertSql(ctx, plan, plan.payload, ctx.parts.onConflict);
    case "put":
      return putSql(ctx, plan, plan.payload);
    case "update":
      return updateSql(ctx, plan, plan.payload);
    case "delete":
      return deleteSql(ctx, plan);
  }
}

function missingColumn(rel: Relation, name: string): HttpError {
  return new HttpError(400, "PGRST204", `Could not find the '${name}' column of '${rel.name}' in the schema cache`);
}

/** The catalog's names of the columns a request names, or 400 PGRST204 for one `rel` lacks. */
function columnsOf(rel: Relation, names: readonly string[]): CatalogName[] {
  return names.map((name) => {
    const column = rel.columnMap.get(name);
    if (!column) throw missingColumn(rel, name);
    return column.name;
  });
}

/** True for an upsert, whose status tells inserted (201) from only updated (200). */
function countsInserted(o: WritePlan): boolean {
  return o.op === "insert" && o.resolution === "merge-duplicates";
}

/**
 * PostgREST's count of the rows an upsert inserted: each row offered adds one to the
 * transaction's `pgrst.inserted`, each conflict it updates takes one off (works on views too).
 */
const INSERTED = "nullif(current_setting('pgrst.inserted', true), '')::int";
const offered = `set_config('pgrst.inserted', (coalesce(${INSERTED}, 0) + 1)::text, true) <> '0'`;
const updated = `set_config('pgrst.inserted', (coalesce(${INSERTED}, 0) - 1)::text, true) <> '-1'`;

/** The statement around a write: representation, or only the count (and Location) for minimal. */
function wrapWrite(ctx: SqlContext, mutation: string, o: WritePlan, location: string | null, inserted: string | null = null): string {
  const ctes = [`pgrst_mut as (${mutation})`];
  if (o.returning === "representation") {
    const read = selectSql(ctx, { rel: o.rel, shape: o.shape, from: "pgrst_mut", limit: null, offset: null, filtered: false });
    return outerStatement({ ctes, source: read.sql, countSql: null, body: o.body, inserted });
  }
  const source = `select null::json as r${location ? `, ${location} as loc` : ""} from pgrst_mut as t_loc`;
  return outerStatement({ ctes, source, countSql: null, body: "none", location: location ? "pgrst_source.loc" : null, inserted });
}

/** `/<relation>?pk=eq.<value>` for the Location header of an insert, from the relation's primary key. */
function locationExpr(ctx: SqlContext, rel: Relation, alias: string): string | null {
  if (!rel.pk.length) return null;
  const parts = rel.pk.map((c) => `${ctx.params.text(`${c}=eq.`)} || coalesce(${alias}.${ident(c)}::text, '')`);
  return `${ctx.params.text(`/${rel.name}?`)} || ${parts.join(` || '&' || `)}`;
}

/** POST: insert one object or an array of objects; upsert with `resolution` and `on_conflict`. */
function insertSql(ctx: SqlContext, o: WritePlan, payload: unknown, onConflict: string[] | null): string {
  const rel = o.rel;
  if (!rel.insertable) throw new HttpError(405, "PGRST120", `Relation '${rel.name}' is not insertable`);
  const rows = Array.isArray(payload) ? payload : [payload];
  if (rows.some((r) => r === null || typeof r !== "object" || Array.isArray(r))) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", "The body must be a JSON object or an array of objects.");
  }
  const objects = rows as Record<string, unknown>[];
  let names = ctx.parts.columns;
  if (!names) {
    names = Object.keys(objects[0] ?? {});
    const signature = [...names].sort().join(",");
    if (objects.some((r) => Object.keys(r).sort().join(",") !== signature)) {
      throw new HttpError(400, "PGRST102", "All object keys must match");
    }
  }
  const columns = columnsOf(rel, names);
  const target = qualified(rel.schema, rel.name);
  const list = columns.map(ident).join(", ");
  let insert: string;
  // Whether the statement counts what it inserted (the forms that select their rows can).
  let counted = false;
  const offer = () => {
    counted = countsInserted(o);
    return counted ? ` where ${offered}` : "";
  };
  if (objects.length === 0) {
    insert = `select * from ${target} where false`;
  } else {
    const data = ctx.params.add(JSON.stringify(objects));
    const cols = columns;
    if (columns.length === 0) {
      insert = `insert into ${target} as tm select from json_array_elements(${data}::json)`;
    } else if (o.missing === "default" && (rel.kind === "r" || rel.kind === "p")) {
      // PostgREST's `missing=default` on a table: each object is laid over its columns' defaults,
      // every default evaluated for every row (so a sequence advances as PostgREST's does).
      const defaults = cols.map((c) => rel.columnMap.get(c)!).filter((c) => c.default !== null)
        .map((c) => `${ctx.params.text(c.name)}, ${c.default}`);
      const merged = `(select jsonb_agg(jsonb_build_object(${defaults.join(", ")}) || pgrst_e) from jsonb_array_elements(${data}::jsonb) as pgrst_e)::json`;
      insert = `insert into ${target} as tm (${list}) select ${list} from json_populate_recordset(null::${target}, ${merged}) as _${offer()}`;
    } else if (o.missing === "default" && objects.some((r) => cols.some((c) => !(c in r)))) {
      // `Prefer: missing=default`: a key an object lacks takes the column's default, which only
      // VALUES can say (DEFAULT); each present cell is read from the bound body by position.
      const rowsSql = objects.map((r, i) =>
        `(${cols.map((c) => c in r ? `(json_populate_record(null::${target}, ${data}::json -> ${i})).${ident(c)}` : "default").join(", ")})`
      );
      insert = `insert into ${target} as tm (${list}) values ${rowsSql.join(", ")}`;
    } else {
      insert = `insert into ${target} as tm (${list}) select ${list} from json_populate_recordset(null::${target}, ${data}::json) as _${offer()}`;
    }
    if (o.resolution) {
      const conflict = columnsOf(rel, onConflict ?? rel.pk);
      if (!conflict.length) {
        throw new HttpError(400, "PGRST103", `Upsert on '${rel.name}' needs on_conflict: it has no primary key`);
      }
      const updates = columns.map((c) => `${ident(c)} = excluded.${ident(c)}`);
      insert += ` on conflict (${conflict.map(ident).join(", ")}) do ${
        o.resolution === "ignore-duplicates" || !updates.length ? "nothing" : `update set ${updates.join(", ")}${counted ? ` where ${updated}` : ""}`
      }`;
    }
    // Whether an upsert inserted or updated: a row it updated has a transaction id in xmax.
    insert += " returning tm.*";
  }
  // PostgREST sends Location only when asked for headers alone.
  const location = o.returning === "headers-only" ? locationExpr(ctx, rel, "t_loc") : null;
  return wrapWrite(ctx, insert, o, location, counted ? INSERTED : null);
}

/**
 * PUT: insert or replace the one row that the URL names by its whole primary key, as
 * PostgREST does. The filters must be exactly `pk=eq.value` for each key column, and the
 * body one object whose key values match the URL.
 */
function putSql(ctx: SqlContext, o: WritePlan, payload: unknown): string {
  const rel = o.rel;
  const invalid = () =>
    new HttpError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators");
  const conditions = ctx.parts.conditions.get("") ?? [];
  if (!rel.pk.length || ctx.parts.limit.size || ctx.parts.offset.size || conditions.length !== rel.pk.length) throw invalid();
  const keys = new Map<string, string>();
  for (const c of conditions) {
    if (c.type !== "filter" || c.op !== "eq" || c.negate || c.modifier || c.field.json.length) throw invalid();
    if (!rel.pk.some((k) => k === c.field.name)) throw invalid();
    keys.set(c.field.name, c.value as string);
  }
  if (keys.size !== rel.pk.length) throw invalid();
  const row = Array.isArray(payload) && payload.length === 1 ? payload[0] : payload;
  if (row === null || typeof row !== "object" || Array.isArray(row)) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", "The body of a PUT must be a single JSON object.");
  }
  const object = row as Record<string, unknown>;
  for (const [k, v] of keys) {
    if (!(k in object) || object[k] === null || String(object[k]) !== v) {
      throw new HttpError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
    }
  }
  return insertSql(ctx, { ...o, resolution: "merge-duplicates" }, object, rel.pk);
}

/** PATCH: update the rows the filters select with the body's columns. */
function updateSql(ctx: SqlContext, o: WritePlan, payload: unknown): string {
  const rel = o.rel;
  if (!rel.updatable) throw new HttpError(405, "PGRST120", `Relation '${rel.name}' is not updatable`);
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new HttpError(400, "PGRST102", "Empty or invalid json", "The body of a PATCH must be a JSON object.");
  }
  const columns = columnsOf(rel, ctx.parts.columns ?? Object.keys(payload));
  const target = qualified(rel.schema, rel.name);
  const where = whereSql(ctx, rel, "tm", o.shape);
  let update: string;
  if (!columns.length) {
    update = `select * from ${target} where false`;
  } else {
    const data = ctx.params.add(JSON.stringify(payload));
    update = `update ${target} as tm set ${columns.map((c) => `${ident(c)} = _.${ident(c)}`).join(", ")} ` +
      `from (select * from json_populate_record(null::${target}, ${data}::json)) as _` +
      `${where.length ? ` where ${where.join(" and ")}` : ""} returning tm.*`;
  }
  return wrapWrite(ctx, update, o, null);
}

/** DELETE: remove the rows the filters select. */
function deleteSql(ctx: SqlContext, o: WritePlan): string {
  const rel = o.rel;
  if (!rel.deletable) throw new HttpError(405, "PGRST120", `Relation '${rel.name}' is not deletable`);
  const where = whereSql(ctx, rel, "tm", o.shape);
  const del = `delete from ${qualified(rel.schema, rel.name)} as tm${where.length ? ` where ${where.join(" and ")}` : ""} returning tm.*`;
  return wrapWrite(ctx, del, o, null);
}
