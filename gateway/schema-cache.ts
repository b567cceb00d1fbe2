/**
 * The schema cache: relations, columns, functions, relationships and role
 * settings of the exposed schemas, read in one go at start and again on
 * `NOTIFY pgrst, 'reload schema'`. Every identifier in generated SQL comes
 * from here, never from the request.
 */
import { loadPgrstSettings, loadRoles, type RoleSettings } from "../supabase/functions/_shared/caller.ts";
import type { Sql } from "./db.ts";
import { viewColumnSources } from "./view-sources.ts";

declare const fromTheCatalog: unique symbol;
/**
 * A schema, relation, column or parameter name as the catalog spells it. Only
 * this file makes them (from the rows it reads), and `ident()` quotes nothing
 * else, so a name from the request reaches SQL only after it was looked up here.
 */
export type CatalogName = string & { readonly [fromTheCatalog]: true };

export interface Column {
  name: CatalogName;
  type: string;
  typeOid: number;
  nullable: boolean;
  default: string | null;
  description: string | null;
  enum: string[] | null;
}

export interface Relation {
  oid: number;
  /** The oid of the relation's row type: what a computed field or relationship takes. */
  reltype: number;
  schema: CatalogName;
  name: CatalogName;
  kind: string;
  description: string | null;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  columns: Column[];
  columnMap: Map<string, Column>;
  pk: CatalogName[];
}

/**
 * A link between two exposed relations, as PostgREST's schema cache holds it: many-to-one,
 * its inverse one-to-many, one-to-one (a foreign key whose columns are also unique; both
 * directions), and many-to-many through a junction whose key holds both foreign keys.
 * `cols[i]` on `from` matches `refCols[i]` on `to`.
 */
export interface Relationship {
  kind: "m2o" | "o2m" | "o2o" | "m2m";
  name: string; // constraint name
  from: Relation;
  to: Relation;
  cols: CatalogName[];
  refCols: CatalogName[];
  /** Both ends are the same relation (a table referring to itself). */
  isSelf: boolean;
  /** For many-to-many: the join relation and its columns pointing at from and to. */
  junction?: { rel: Relation; fromCols: CatalogName[]; toCols: CatalogName[]; name1: string; name2: string };
}

/** True for a view or materialized view, which PostgREST never embeds by a column or constraint name. */
export function isView(rel: Relation): boolean {
  return rel.kind === "v" || rel.kind === "m";
}

export interface FunctionArg {
  /** "" for an unnamed parameter. */
  name: CatalogName;
  type: string;
  mode: string; // i, o, b, v, t
  hasDefault: boolean;
}

export interface DbFunction {
  schema: CatalogName;
  name: CatalogName;
  description: string | null;
  volatility: "i" | "s" | "v";
  retset: boolean;
  returnType: string;
  /** c = composite (table/view row or OUT params), s = scalar, v = void. */
  returnKind: "c" | "s" | "v";
  /** The exposed relation whose row type the function returns, for embedding. */
  returnRelation: Relation | null;
  args: FunctionArg[];
  variadic: boolean;
  /** The input parameters' type oids, in order. */
  argTypes: number[];
  /** The planner's row estimate (`rows 1` makes a set-returning computed relationship to-one). */
  rows: number;
}

export interface SchemaCache {
  schemas: string[];
  relations: Map<string, Relation>; // key "schema.name"
  functions: Map<string, DbFunction[]>; // key "schema.name"
  relationships: Map<number, Relationship[]>; // by from relation oid
  allowedRoles: Set<string>;
  /** Each role's own settings (`alter role ... set`) that the caller's transaction sets (_shared/caller.ts). */
  roleSettings: RoleSettings;
  schemaComments: Map<string, string>;
  loadedAt: Date;
}

const RELATIONS = `
select c.oid::int8 as oid, c.reltype::int8 as reltype, n.nspname as schema, c.relname as name, c.relkind::text as kind,
  obj_description(c.oid, 'pg_class') as description,
  c.relkind in ('r','p') or (pg_relation_is_updatable(c.oid, true) & 8) = 8 as insertable,
  c.relkind in ('r','p') or (pg_relation_is_updatable(c.oid, true) & 4) = 4 as updatable,
  c.relkind in ('r','p') or (pg_relation_is_updatable(c.oid, true) & 16) = 16 as deletable,
  coalesce((select json_agg(json_build_object(
      'name', a.attname, 'num', a.attnum, 'type', format_type(a.atttypid, a.atttypmod), 'typeOid', a.atttypid,
      'nullable', not a.attnotnull,
      -- An identity column's default is its sequence, which pg_attrdef does not hold.
      'default', coalesce(pg_get_expr(d.adbin, d.adrelid), case when a.attidentity in ('a', 'd') then
        format('nextval(%L::regclass)', pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname)) end),
      'description', col_description(c.oid, a.attnum),
      'enum', (select json_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = a.atttypid)
    ) order by a.attnum)
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]')::text as columns,
  (select r.ev_action from pg_rewrite r where r.ev_class = c.oid and r.rulename = '_RETURN') as action
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1::text[]) and c.relkind in ('r','v','m','f','p') and not c.relispartition`;

const CONSTRAINTS = `
select con.conname::text as name, con.contype::text as type, con.conrelid::int8 as rel,
  array_to_json(con.conkey)::text as cols, con.confrelid::int8 as ref, array_to_json(con.confkey)::text as ref_cols,
  (select json_object_agg(a.attnum, a.attname) from pg_attribute a
    where a.attrelid = con.conrelid and a.attnum > 0)::text as names,
  (select json_object_agg(a.attnum, a.attname) from pg_attribute a
    where a.attrelid = con.confrelid and a.attnum > 0)::text as ref_names
from pg_constraint con where con.contype in ('f', 'p', 'u') and con.conparentid = 0`;

const FUNCTIONS = `
select n.nspname as schema, p.proname as name, obj_description(p.oid, 'pg_proc') as description,
  p.provolatile::text as volatility, p.proretset as retset, p.provariadic <> 0 as variadic,
  format_type(p.prorettype, null) as return_type, t.typtype::text as typtype, t.typrelid::int8 as typrelid,
  p.pronargs::int as nargs, p.pronargdefaults::int as ndefaults, p.prorows::float8 as rows,
  array_to_json(p.proargtypes::oid[]::int8[])::text as arg_types,
  coalesce((select json_agg(json_build_object(
      'name', coalesce(p.proargnames[i], ''),
      'type', format_type(coalesce(p.proallargtypes[i], p.proargtypes[i - 1]), null),
      'mode', coalesce(p.proargmodes[i], 'i')) order by i)
    from generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) i), '[]')::text as args
from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_type t on t.oid = p.prorettype
where n.nspname = any($1::text[]) and p.prokind = 'f'`;

/** The `pgrst.*` settings of the role the gateway logged in as, PostgREST's in-database configuration. */
export function loadDbConfig(sql: Sql): Promise<Map<string, string>> {
  return loadPgrstSettings(sql);
}

/** Reads the whole schema cache for the exposed schemas. */
export async function loadSchemaCache(sql: Sql, schemas: string[]): Promise<SchemaCache> {
  const [relRows, conRows, fnRows, roles, nspRows] = await Promise.all([
    sql.unsafe(RELATIONS, [schemas]),
    sql.unsafe(CONSTRAINTS),
    sql.unsafe(FUNCTIONS, [schemas]),
    loadRoles(sql),
    sql.unsafe(`select nspname::text as name, obj_description(oid, 'pg_namespace') as comment
      from pg_namespace where nspname = any($1::text[])`, [schemas]),
  ]);
  const schemaComments = new Map<string, string>(nspRows.filter((r) => r.comment).map((r) => [r.name, r.comment]));
  const relations = new Map<string, Relation>();
  const byOid = new Map<number, Relation>();
  const sources = new Map<number, Map<CatalogName, { rel: number; col: number }>>();
  for (const row of relRows) {
    const columns = (JSON.parse(row.columns) as (Column & { num: number })[]).map((c) => ({ ...c, num: c.num }));
    const rel: Relation = {
      oid: Number(row.oid),
      reltype: Number(row.reltype),
      schema: row.schema,
      name: row.name,
      kind: row.kind,
      description: row.description,
      insertable: row.insertable,
      updatable: row.updatable,
      deletable: row.deletable,
      columns,
      columnMap: new Map(columns.map((c) => [c.name, c])),
      pk: [],
    };
    relations.set(`${rel.schema}.${rel.name}`, rel);
    byOid.set(rel.oid, rel);
    // A table's columns are their own source; a view's come from its rewrite rule.
    const src = new Map<CatalogName, { rel: number; col: number }>();
    if (row.action) {
      // The view's own column names, read from its rewrite rule in the catalog.
      for (const [name, s] of viewColumnSources(String(row.action))) src.set(name as CatalogName, s);
    } else {
      for (const c of columns as (Column & { num: number })[]) src.set(c.name, { rel: rel.oid, col: c.num });
    }
    sources.set(rel.oid, src);
  }

  // A view over another exposed view: follow the chain down to the table.
  for (const [oid, src] of sources) {
    for (const [name, s] of src) {
      let cur = s;
      for (let hops = 0; hops < 8 && cur.rel !== oid; hops++) {
        const inner = byOid.get(cur.rel);
        if (!inner || inner.kind !== "v") break;
        const innerName = inner.columns.find((c) => (c as Column & { num: number }).num === cur.col)?.name;
        const next = innerName ? sources.get(inner.oid)?.get(innerName) : undefined;
        if (!next) break;
        cur = next;
      }
      src.set(name, cur);
    }
  }

  const constraints = conRows.map((r) => ({
    name: r.name as string,
    type: r.type as string,
    rel: Number(r.rel),
    cols: JSON.parse(r.cols) as number[],
    ref: Number(r.ref),
    refCols: JSON.parse(r.ref_cols ?? "null") as number[] | null,
  }));

  // Which exposed relation columns stand for (table oid, attnum).
  const exposesColumn = (rel: Relation, table: number, attnum: number): CatalogName | null => {
    for (const [name, s] of sources.get(rel.oid)!) if (s.rel === table && s.col === attnum) return name;
    return null;
  };
  const exposeAll = (rel: Relation, table: number, cols: number[]): CatalogName[] | null => {
    const out: CatalogName[] = [];
    for (const c of cols) {
      const name = exposesColumn(rel, table, c);
      if (name === null) return null;
      out.push(name);
    }
    return out;
  };

  for (const con of constraints.filter((c) => c.type === "p")) {
    for (const rel of relations.values()) {
      if (rel.pk.length) continue;
      const names = exposeAll(rel, con.rel, con.cols);
      if (names) rel.pk = names;
    }
  }

  const relationships = new Map<number, Relationship[]>();
  const add = (r: Relationship) => {
    const list = relationships.get(r.from.oid) ?? [];
    list.push(r);
    relationships.set(r.from.oid, list);
  };
  // A foreign key whose columns are also a primary key or unique constraint is one-to-one.
  const keySets = new Set(constraints.filter((c) => c.type !== "f").map((c) => `${c.rel}:${[...c.cols].sort().join(",")}`));
  const m2o: Relationship[] = [];
  for (const con of constraints.filter((c) => c.type === "f")) {
    const oneToOne = keySets.has(`${con.rel}:${[...con.cols].sort().join(",")}`);
    for (const from of relations.values()) {
      const cols = exposeAll(from, con.rel, con.cols);
      if (!cols) continue;
      for (const to of relations.values()) {
        const refCols = exposeAll(to, con.ref, con.refCols!);
        if (!refCols) continue;
        const isSelf = from === to;
        const rel: Relationship = { kind: oneToOne ? "o2o" : "m2o", name: con.name, from, to, cols, refCols, isSelf };
        if (!oneToOne) m2o.push(rel);
        add(rel);
        add({ kind: oneToOne ? "o2o" : "o2m", name: con.name, from: to, to: from, cols: refCols, refCols: cols, isSelf });
      }
    }
  }
  // Many-to-many through a junction whose foreign keys point at both ends and lie in its primary key.
  for (const a of m2o) {
    for (const b of m2o) {
      if (a === b || a.from !== b.from || a.name === b.name) continue;
      const key = new Set<string>(a.from.pk);
      if (![...a.cols, ...b.cols].every((c) => key.has(c))) continue;
      add({
        kind: "m2m",
        name: b.name,
        from: a.to,
        to: b.to,
        cols: a.refCols,
        refCols: b.refCols,
        isSelf: a.to === b.to,
        junction: { rel: a.from, fromCols: a.cols, toCols: b.cols, name1: a.name, name2: b.name },
      });
    }
  }
  // PostgREST's order (its Relationship's Ord): by target, then one-to-many, many-to-one,
  // one-to-one, many-to-many, then constraint; what an ambiguity error lists follows it.
  const KIND_ORDER = { o2m: 0, m2o: 1, o2o: 2, m2m: 3 };
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  for (const list of relationships.values()) {
    list.sort((x, y) =>
      cmp(x.to.schema, y.to.schema) || cmp(x.to.name, y.to.name) || Number(x.isSelf) - Number(y.isSelf) ||
      KIND_ORDER[x.kind] - KIND_ORDER[y.kind] ||
      cmp(x.junction ? x.junction.rel.schema + "." + x.junction.rel.name : x.name, y.junction ? y.junction.rel.schema + "." + y.junction.rel.name : y.name) ||
      cmp(x.junction?.name1 ?? "", y.junction?.name1 ?? "") || cmp(x.junction?.name2 ?? "", y.junction?.name2 ?? "") ||
      cmp(x.cols.join(","), y.cols.join(",")) || cmp(x.refCols.join(","), y.refCols.join(",")) ||
      Number(isView(x.from)) - Number(isView(y.from)) || Number(isView(x.to)) - Number(isView(y.to))
    );
  }

  const functions = new Map<string, DbFunction[]>();
  for (const row of fnRows) {
    const args = (JSON.parse(row.args) as { name: CatalogName; type: string; mode: string }[]);
    const inputs = args.filter((a) => a.mode === "i" || a.mode === "b" || a.mode === "v");
    const firstDefault = inputs.length - row.ndefaults;
    let inputIndex = 0;
    const typed: FunctionArg[] = args.map((a) => {
      const isInput = a.mode === "i" || a.mode === "b" || a.mode === "v";
      const hasDefault = isInput && inputIndex++ >= firstDefault;
      return { ...a, hasDefault };
    });
    const composite = row.typtype === "c" || (row.return_type === "record" && args.some((a) => a.mode === "o" || a.mode === "t" || a.mode === "b"));
    const fn: DbFunction = {
      schema: row.schema,
      name: row.name,
      description: row.description,
      volatility: row.volatility,
      retset: row.retset,
      returnType: row.return_type,
      returnKind: composite ? "c" : row.return_type === "void" ? "v" : "s",
      returnRelation: byOid.get(Number(row.typrelid)) ?? null,
      args: typed,
      variadic: row.variadic,
      argTypes: (JSON.parse(row.arg_types) as (number | string)[]).map(Number),
      rows: Number(row.rows),
    };
    const key = `${fn.schema}.${fn.name}`;
    functions.set(key, [...(functions.get(key) ?? []), fn]);
  }

  return { schemas, relations, functions, relationships, allowedRoles: roles.allowed, roleSettings: roles.settings, schemaComments, loadedAt: new Date() };
}
