/**
 * The SQL of a call, and the overload it calls: pick the function overload
 * the arguments name, call it with bound, typed arguments, and shape its
 * result as PostgREST does (scalar, composite, set, void), with select,
 * filters and order on set results.
 */
import { HttpError } from "../errors.ts";
import type { Column, DbFunction, FunctionArg, Relation } from "../schema-cache.ts";
import type { CallPlan } from "./plans.ts";
import { selectSql, type SqlContext } from "./select.ts";
import { ident, qualified } from "./sql.ts";
import { type BodyShape, outerStatement } from "./statement.ts";

const RAW_BODY_TYPES = new Set(["json", "jsonb", "text", "xml", "bytea"]);
/** The column an unnamed parameter's value is read from in the arguments record. */
/** The column an unnamed parameter takes in the arguments record (our alias, not a catalog name). */
const UNNAMED = "pgrst_unnamed";

const inputs = (fn: DbFunction) => fn.args.filter((a) => a.mode === "i" || a.mode === "b" || a.mode === "v");

/** True when `fn` takes the whole body as its single unnamed parameter. */
export function takesRawBody(fn: DbFunction): boolean {
  return rawBodyType(fn) !== null;
}

/** The type of `fn`'s single unnamed json, jsonb, text, xml or bytea parameter, or null. */
export function rawBodyType(fn: DbFunction): string | null {
  const ins = inputs(fn);
  return ins.length === 1 && ins[0].name === "" && RAW_BODY_TYPES.has(ins[0].type) ? ins[0].type : null;
}

/** The overload whose parameters match the given argument names, or PostgREST's 404 PGRST202. */
export function chooseFunction(schema: string, name: string, candidates: DbFunction[], given: string[], raw: boolean): DbFunction {
  const set = new Set(given);
  const matches = candidates.filter((fn) => {
    if (raw && takesRawBody(fn)) return true;
    const ins = inputs(fn);
    const names = new Set<string>(ins.map((a) => a.name));
    return given.every((g) => names.has(g)) && ins.every((a) => a.hasDefault || set.has(a.name));
  });
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    const exact = matches.filter((fn) => inputs(fn).length === given.length);
    if (exact.length === 1) return exact[0];
    throw new HttpError(300, "PGRST203", `Could not choose the best candidate function between: ${matches.map((f) => `${schema}.${name}(${inputs(f).map((a) => `${a.name} => ${a.type}`).join(", ")})`).join(", ")}`, null,
      "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
  }
  const sig = `${schema}.${name}(${given.join(", ")})`;
  const other = candidates[0];
  throw new HttpError(
    404,
    "PGRST202",
    `Could not find the function ${sig} in the schema cache`,
    `Searched for the function ${schema}.${name}${given.length ? ` with parameters ${given.join(", ")}` : " without parameters"} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    other ? `Perhaps you meant to call the function ${schema}.${name}(${inputs(other).map((a) => a.name).join(", ")})` : null,
  );
}

/** A relation-like view of a function's OUT columns, so select and filters work on them. */
function outRelation(fn: DbFunction): Relation {
  const columns: Column[] = fn.args.filter((a) => a.mode === "o" || a.mode === "t" || a.mode === "b").map((a) => ({
    name: a.name, type: a.type, typeOid: 0, nullable: true, default: null, description: null, enum: null,
  }));
  return {
    oid: -1, schema: fn.schema, name: fn.name, kind: "f", description: null, insertable: false, updatable: false,
    deletable: false, columns, columnMap: new Map(columns.map((c) => [c.name, c])), pk: [],
  };
}

/** The whole statement for a planned call. */
export function callSql(ctx: SqlContext, plan: CallPlan): string {
  const { fn, args: call } = plan;
  const p = ctx.params;
  const ctes: string[] = [];
  const args: string[] = [];
  const byName = new Map<string, FunctionArg>(fn.args.map((a) => [a.name, a]));
  if (call.raw !== undefined) {
    args.push(`${p.add(call.raw)}::${inputs(fn)[0].type}`);
  } else if (call.jsonArgs) {
    // The parameters the body names (chooseFunction matched every name to one).
    const params = Object.keys(call.jsonArgs).map((n) => byName.get(n)!);
    if (params.length) {
      // An unnamed parameter is named "" in the body (as PostgREST reads it) and passed by position.
      const column = (a: FunctionArg) => a.name === "" ? UNNAMED : ident(a.name);
      const values = Object.fromEntries(params.map((a) => [a.name === "" ? UNNAMED : a.name, call.jsonArgs![a.name]]));
      const defs = params.map((a) => `${column(a)} ${a.type}`).join(", ");
      ctes.push(`pgrst_args as (select * from json_to_record(${p.add(JSON.stringify(values))}::json) as _(${defs}))`);
      for (const a of [...params].sort((x, y) => (x.name === "" ? -1 : y.name === "" ? 1 : 0))) {
        const variadic = a.mode === "v" ? "variadic " : "";
        const value = `(select ${column(a)} from pgrst_args)`;
        args.push(a.name === "" ? `${variadic}${value}` : `${variadic}${ident(a.name)} := ${value}`);
      }
    }
  } else if (call.textArgs) {
    for (const [n, v] of call.textArgs) {
      const a = byName.get(n)!;
      args.push(`${a.mode === "v" ? "variadic " : ""}${ident(a.name)} := ${p.add(v)}::${a.type}`);
    }
  }
  const invocation = `${qualified(fn.schema, fn.name)}(${args.join(", ")})`;
  if (fn.returnKind === "c") {
    const rel = fn.returnRelation ?? outRelation(fn);
    const read = selectSql(ctx, { rel, from: invocation, limit: plan.limit, offset: plan.offset });
    const body: BodyShape = fn.retset ? plan.body : plan.body === "none" ? "none" : "first";
    return outerStatement({ ctes, source: read.sql, countSql: plan.count ? read.countSql : null, body });
  }
  if (ctx.parts.conditions.size || ctx.parts.order.size || (ctx.parts.select && ctx.parts.select.some((s) => s.type !== "star"))) {
    throw new HttpError(400, "PGRST100", `"failed to parse filter": function ${fn.name} returns a scalar; filters, order and select apply only to functions that return rows`);
  }
  const source = `select to_json(pgrst_call.v) as r from ${invocation} as pgrst_call(v)`;
  const body: BodyShape = plan.isVoid ? "none" : fn.retset ? plan.body : plan.body === "none" ? "none" : "first";
  return outerStatement({ ctes, source, countSql: plan.count ? `select count(*) from ${invocation} as c(v)` : null, body });
}
