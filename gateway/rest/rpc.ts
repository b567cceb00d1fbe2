/**
 * The SQL of a call, and the overload it calls: pick the function overload
 * the arguments name, call it with bound, typed arguments, and shape its
 * result as PostgREST does (scalar, composite, set, void), with select,
 * filters and order on set results.
 */
import { HttpError } from "../errors.ts";
import type { Column, DbFunction, FunctionArg, Relation, SchemaCache } from "../schema-cache.ts";
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

/**
 * True when PostgREST exposes `fn` as RPC at all: every input parameter named, or a single
 * unnamed one of a type a raw body can fill (json, jsonb, text, xml, bytea). A function over a
 * row (`blurb(messages)`) is a computed field, never an endpoint.
 */
export function callable(fn: DbFunction): boolean {
  const unnamed = inputs(fn).filter((a) => a.name === "");
  return unnamed.length === 0 || (unnamed.length === 1 && RAW_BODY_TYPES.has(unnamed[0].type));
}

/** The body a call carries, which decides which single unnamed parameter may take it whole. */
export type CallBody = "json" | "text" | "xml" | "bytes" | null;
const FALLBACK_TYPES: Record<string, string[]> = { json: ["json", "jsonb"], text: ["text"], xml: ["xml"], bytes: ["bytea"] };

/** PostgREST's order of overloads (its Routine's Ord): by description, then parameters. */
function routineOrder(a: DbFunction, b: DbFunction): number {
  const key = (f: DbFunction) => [f.description ?? "", ...inputs(f).flatMap((p) => [p.name, p.type, String(!p.hasDefault)])];
  const x = key(a), y = key(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
}

/**
 * The overload a call means, as PostgREST's `findProc` chooses: the callable overloads whose
 * parameters the argument names fit (every required one given, nothing unknown), else the one
 * whose single unnamed parameter takes the body whole (`raw`); several: 300 PGRST203, none:
 * 404 PGRST202, both in PostgREST's words.
 */
export function chooseFunction(
  cache: SchemaCache,
  schema: string,
  name: string,
  given: string[],
  body: CallBody,
): { fn: DbFunction; raw: boolean } {
  const candidates = cache.functions.get(`${schema}.${name}`) ?? [];
  const keys = new Set(given);
  const fits = (fn: DbFunction) => {
    const ins = inputs(fn);
    if (ins.length === 0) return keys.size === 0 && (body === null || body === "json");
    const names = new Set<string>(ins.map((a) => a.name));
    return [...keys].every((k) => names.has(k)) && ins.every((a) => a.hasDefault || keys.has(a.name));
  };
  const takesBody = (fn: DbFunction) => {
    const ins = inputs(fn);
    return body !== null && ins.length === 1 && ins[0].name === "" && FALLBACK_TYPES[body].includes(ins[0].type);
  };
  const usable = candidates.filter(callable).sort(routineOrder);
  const matches = usable.filter(fits);
  const fallbacks = usable.filter((fn) => !fits(fn) && takesBody(fn));
  if (matches.length === 1) return { fn: matches[0], raw: body !== null && body !== "json" };
  if (matches.length === 0 && fallbacks.length === 1) return { fn: fallbacks[0], raw: true };
  const ambiguous = matches.length > 1 ? matches : fallbacks;
  if (ambiguous.length > 1) {
    throw new HttpError(300, "PGRST203", `Could not choose the best candidate function between: ${ambiguous.map((f) => `${schema}.${name}(${inputs(f).map((a) => `${a.name} => ${a.type}`).join(", ")})`).join(", ")}`, null,
      "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
  }
  const rawOnly = body === "text" || body === "xml" || body === "bytes";
  const fn = `${schema}.${name}`;
  const listed = given.join(", ");
  const withParams = given.length ? ` with parameter${given.length > 1 ? "s" : ""} ${listed}` : " without parameters";
  const single = { json: " or with a single unnamed json/jsonb parameter", text: "", xml: "", bytes: "" };
  const searched = rawOnly
    ? ` with a single unnamed ${FALLBACK_TYPES[body!][0]} parameter`
    : `${withParams}${body === "json" ? single.json : ""}`;
  throw new HttpError(
    404,
    "PGRST202",
    `Could not find the function ${fn}${rawOnly ? "" : given.length ? `(${listed})` : " without parameters"} in the schema cache`,
    `Searched for the function ${fn}${searched}, but no matches were found in the schema cache.`,
    rawOnly ? null : noFunctionHint(cache, schema, name, given, usable),
  );
}

/** Levenshtein similarity in [0, 1], PostgREST's fuzzy match stand-in. */
function similarity(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[b.length] / Math.max(a.length, b.length, 1);
}

/**
 * PostgREST's hint for a call it cannot match: with overloads of that name, the closest
 * parameter list; without, the closest function name (similarity at least 0.75).
 */
function noFunctionHint(cache: SchemaCache, schema: string, name: string, given: string[], overloads: DbFunction[]): string | null {
  const pick = (options: string[], target: string, min: number) => {
    let best: string | null = null;
    let score = min;
    for (const o of options) {
      const s = similarity(o, target);
      if (s >= score && (best === null || s > score)) [best, score] = [o, s];
    }
    return best;
  };
  const list = (names: string[]) => `(${[...names].sort().join(", ")})`;
  if (overloads.length) {
    const best = pick(overloads.map((f) => list(inputs(f).map((a) => a.name))), list(given), 0.33);
    return best === null ? null : `Perhaps you meant to call the function ${schema}.${name}${best}`;
  }
  const names = [...cache.functions].filter(([key, fns]) => key.startsWith(`${schema}.`) && fns.some(callable)).map(([, fns]) => fns[0].name as string);
  const best = pick(names.filter((n) => n !== name), name, 0.75);
  return best === null ? null : `Perhaps you meant to call the function ${schema}.${best}`;
}

/** The relation a composite result's rows have: its table or view, or one made of its OUT columns. */
export function resultRelation(fn: DbFunction): Relation {
  return fn.returnRelation ?? outRelation(fn);
}

/** A relation-like view of a function's OUT columns, so select and filters work on them. */
function outRelation(fn: DbFunction): Relation {
  const columns: Column[] = fn.args.filter((a) => a.mode === "o" || a.mode === "t" || a.mode === "b").map((a) => ({
    name: a.name, type: a.type, typeOid: 0, nullable: true, default: null, description: null, enum: null,
  }));
  return {
    oid: -1, reltype: -1, schema: fn.schema, name: fn.name, kind: "f", description: null, insertable: false, updatable: false,
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
    const rel = resultRelation(fn);
    const read = selectSql(ctx, { rel, shape: plan.shape, from: invocation, limit: plan.limit, offset: plan.offset });
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
