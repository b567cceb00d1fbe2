/**
 * PostgREST's URL grammar to a syntax tree: `select=`, filters, `or=()`/`and=()`,
 * `order=`, `limit`/`offset` (also on embedded resources), `on_conflict`, `columns`.
 * Nothing here touches SQL; names are resolved against the schema cache later.
 */
import { HttpError } from "../errors.ts";

export interface JsonStep {
  op: "->" | "->>";
  key: string;
}

export interface Field {
  name: string;
  json: JsonStep[];
}

export interface SelectField {
  type: "field";
  field: Field;
  alias: string | null;
  cast: string | null;
  /** `col.sum()`, `col.avg()`, `col.count()`, `col.max()`, `col.min()`. */
  aggregate?: "count" | "sum" | "avg" | "max" | "min" | null;
  /** `count()`: rows, not a column. */
  countAll?: boolean;
  /** `col.sum()::int`: the aggregate's result cast. */
  aggregateCast?: string | null;
}

export interface SelectEmbed {
  type: "embed";
  name: string;
  alias: string | null;
  hint: string | null;
  join: "left" | "inner" | null;
  spread: boolean;
  select: SelectItem[];
}

export type SelectItem = SelectField | { type: "star" } | SelectEmbed;

export interface Filter {
  type: "filter";
  field: Field;
  negate: boolean;
  op: string;
  modifier: "any" | "all" | null;
  config: string | null;
  value: string | string[];
}

export interface Logic {
  type: "logic";
  op: "and" | "or";
  negate: boolean;
  children: Condition[];
}

export type Condition = Filter | Logic;

export interface OrderTerm {
  /** `order=author(name)`: a column of an embedded to-one resource. */
  relation: string | null;
  field: Field;
  dir: "asc" | "desc" | null;
  nulls: "first" | "last" | null;
}

export interface QueryParts {
  select: SelectItem[] | null;
  /** Conditions by embed path: "" for the root, "tags" or "tags.owner" for embedded resources. */
  conditions: Map<string, Condition[]>;
  order: Map<string, OrderTerm[]>;
  limit: Map<string, number>;
  offset: Map<string, number>;
  onConflict: string[] | null;
  columns: string[] | null;
  /** Query parameters left for RPC arguments (GET /rpc/fn?a=1). */
  args: Map<string, string>;
}

export const OPERATORS = new Set([
  "eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch", "in", "is", "isdistinct",
  "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj", "fts", "plfts", "phfts", "wfts",
]);

const QUANTIFIABLE = new Set(["eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"]);
const FTS = new Set(["fts", "plfts", "phfts", "wfts"]);

/** A 400 in PostgREST's shape for a query it cannot parse (PGRST100). */
export function parseError(message: string, details: string | null = null): HttpError {
  return new HttpError(400, "PGRST100", message, details);
}

/** Parses every query parameter of a request. `argNames` are taken as RPC arguments, not filters. */
export function parseQuery(params: URLSearchParams, argNames: Set<string> = new Set()): QueryParts {
  const parts: QueryParts = {
    select: null,
    conditions: new Map(),
    order: new Map(),
    limit: new Map(),
    offset: new Map(),
    onConflict: null,
    columns: null,
    args: new Map(),
  };
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  for (const [key, value] of params) {
    if (key === "select") parts.select = parseSelect(value);
    else if (key === "on_conflict") parts.onConflict = splitNames(value, "on_conflict");
    else if (key === "columns") parts.columns = splitNames(value, "columns");
    else if (argNames.has(key)) parts.args.set(key, value);
    else {
      const dot = key.lastIndexOf(".");
      const last = dot < 0 ? key : key.slice(dot + 1);
      const path = dot < 0 ? "" : key.slice(0, dot);
      if (/(^|\.)not\.(or|and)$/.test(key)) {
        const m = /^(?:(.*)\.)?(not\.(?:or|and))$/.exec(key)!;
        push(parts.conditions, m[1] ?? "", parseLogicParam(m[2], value));
      } else if (last === "order") parts.order.set(path, parseOrder(value));
      else if (last === "limit") parts.limit.set(path, nonNegative(value, "limit"));
      else if (last === "offset") parts.offset.set(path, nonNegative(value, "offset"));
      else if (last === "or" || last === "and") push(parts.conditions, path, parseLogicParam(last, value));
      else {
        // `rel.col=eq.1` filters an embedded resource; a JSON path may not contain dots.
        const arrow = key.indexOf("->");
        const head = arrow < 0 ? key : key.slice(0, arrow);
        const hd = head.lastIndexOf(".");
        const fieldText = hd < 0 ? key : key.slice(hd + 1);
        const fpath = hd < 0 ? "" : key.slice(0, hd);
        push(parts.conditions, fpath, parseFilter(parseField(fieldText), value));
      }
    }
  }
  return parts;
}

function nonNegative(value: string, name: string): number {
  if (!/^\d{1,15}$/.test(value)) throw parseError(`"failed to parse ${name} parameter (${value})"`, `${name} must be a non-negative integer`);
  return Number(value);
}

function splitNames(value: string, name: string): string[] {
  const names = value.split(",").map((s) => s.trim().replace(/^"(.*)"$/, "$1"));
  if (names.some((n) => n === "")) throw parseError(`"failed to parse ${name} parameter (${value})"`);
  return names;
}

/** `name`, `name->a->>b`, `"quoted name"`. */
export function parseField(text: string): Field {
  const m = /^((?:"[^"]*")|[^\->:]+?)((?:->>?[^\->]+)*)$/.exec(text.trim());
  if (!m || m[1] === "" || m[1] === '""') throw parseError(`"failed to parse field (${text})"`);
  const name = m[1].startsWith('"') ? m[1].slice(1, -1) : m[1];
  const json: JsonStep[] = [];
  const re = /(->>?)([^\->]+)/g;
  for (const s of m[2].matchAll(re)) json.push({ op: s[1] as "->" | "->>", key: s[2].replace(/^'(.*)'$/, "$1") });
  return { name, json };
}

/** `op.value`, `not.op.value`, `op(any).{a,b}`, `fts(english).word`. */
export function parseFilter(field: Field, text: string): Filter {
  let rest = text;
  let negate = false;
  if (rest.startsWith("not.")) {
    negate = true;
    rest = rest.slice(4);
  }
  const m = /^([a-z]+)(?:\(([^)]*)\))?\.([\s\S]*)$/.exec(rest);
  if (!m || !OPERATORS.has(m[1])) {
    throw parseError(`"failed to parse filter (${text})"`, `unknown or missing operator in "${text}"`);
  }
  const [, op, mod, raw] = m;
  let modifier: "any" | "all" | null = null;
  let config: string | null = null;
  if (mod !== undefined) {
    if (FTS.has(op)) config = mod;
    else if (QUANTIFIABLE.has(op) && (mod === "any" || mod === "all")) modifier = mod;
    else throw parseError(`"failed to parse filter (${text})"`, `unexpected modifier "${mod}" for ${op}`);
  }
  let value: string | string[] = raw;
  if (op === "in") value = parseList(raw, text);
  else if (op === "is" && !/^(null|not_null|true|false|unknown)$/i.test(raw)) {
    throw parseError(`"failed to parse filter (${text})"`, "is accepts null, not_null, true, false or unknown");
  }
  if (modifier) value = parseList(raw.replace(/^\{(.*)\}$/s, "($1)"), text);
  return { type: "filter", field, negate, op, modifier, config, value };
}

/** `(a,"b,c",d)` to ["a", "b,c", "d"]. */
function parseList(raw: string, text: string): string[] {
  if (!raw.startsWith("(") || !raw.endsWith(")")) throw parseError(`"failed to parse filter (${text})"`, "a list must be in parentheses");
  const inner = raw.slice(1, -1);
  if (inner === "") return [];
  const out: string[] = [];
  let i = 0;
  while (i <= inner.length) {
    if (inner[i] === '"') {
      let s = "";
      i++;
      while (i < inner.length && inner[i] !== '"') {
        if (inner[i] === "\\" && i + 1 < inner.length) i++;
        s += inner[i++];
      }
      if (inner[i] !== '"') throw parseError(`"failed to parse filter (${text})"`, "unterminated quoted value");
      i++;
      out.push(s);
      if (i < inner.length && inner[i] !== ",") throw parseError(`"failed to parse filter (${text})"`);
      i++;
    } else {
      const j = inner.indexOf(",", i);
      const end = j < 0 ? inner.length : j;
      out.push(inner.slice(i, end).trim());
      i = end + 1;
    }
  }
  return out;
}

/** Splits on commas at parenthesis depth zero, outside double quotes. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    else if (!quoted && depth === 0 && ch === ",") {
      out.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw parseError(`"failed to parse logic tree (${text})"`, "unbalanced parentheses");
  }
  if (depth !== 0 || quoted) throw parseError(`"failed to parse logic tree (${text})"`, "unbalanced parentheses or quotes");
  out.push(text.slice(start));
  return out;
}

function parseLogicParam(key: string, value: string): Logic {
  const negate = key.startsWith("not.");
  const op = (negate ? key.slice(4) : key) as "and" | "or";
  if (!value.startsWith("(") || !value.endsWith(")")) {
    throw parseError(`"failed to parse logic tree (${value})"`, "expected a list in parentheses");
  }
  return { type: "logic", op, negate, children: splitTop(value.slice(1, -1)).map(parseLogicItem) };
}

function parseLogicItem(text: string): Condition {
  const t = text.trim();
  const m = /^(not\.)?(and|or)(\(.*\))$/s.exec(t);
  if (m) return parseLogicParam(`${m[1] ?? ""}${m[2]}`, m[3]);
  const dot = t.indexOf(".");
  if (dot <= 0) throw parseError(`"failed to parse logic tree (${text})"`);
  // The field may contain a JSON path (`data->>a.eq.1`), never a dot.
  return parseFilter(parseField(t.slice(0, dot)), t.slice(dot + 1));
}

/** `order=a.desc.nullslast,b`. */
export function parseOrder(value: string): OrderTerm[] {
  return splitTop(value).map((term) => {
    let text = term.trim();
    let relation: string | null = null;
    const related = /^([^(.]+)\(([^()]+)\)(.*)$/s.exec(text);
    if (related) {
      relation = related[1].replace(/^"(.*)"$/, "$1");
      text = related[2] + related[3];
    }
    const segs = text.split(".");
    const field = parseField(segs[0]);
    let dir: OrderTerm["dir"] = null;
    let nulls: OrderTerm["nulls"] = null;
    for (const s of segs.slice(1)) {
      if (s === "asc" || s === "desc") dir = s;
      else if (s === "nullsfirst") nulls = "first";
      else if (s === "nullslast") nulls = "last";
      else throw parseError(`"failed to parse order (${value})"`, `unexpected "${s}" expecting "asc", "desc", "nullsfirst" or "nullslast"`);
    }
    return { relation, field, dir, nulls };
  });
}

/** The `select=` tree. */
export function parseSelect(value: string): SelectItem[] {
  const text = value.replace(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/g, "");
  if (text === "") return [{ type: "star" }];
  return splitTop(text).map((item) => parseSelectItem(item, value));
}

function parseSelectItem(item: string, whole: string): SelectItem {
  const fail = () => parseError(`"failed to parse select parameter (${whole})"`, `unexpected "${item}"`);
  if (item === "*") return { type: "star" };
  let rest = item;
  let spread = false;
  if (rest.startsWith("...")) {
    spread = true;
    rest = rest.slice(3);
  }
  let alias: string | null = null;
  const am = /^("[^"]+"|[^:(!"]+):(?!:)/.exec(rest);
  if (am) {
    alias = am[1].replace(/^"(.*)"$/, "$1");
    rest = rest.slice(am[0].length);
  }
  // `count()` and `col.sum()`, each with an optional cast of the result.
  const count = /^count\(\)(?:::([a-zA-Z0-9_ \[\]]+))?$/.exec(rest);
  if (count && !spread) {
    return { type: "field", field: { name: "*", json: [] }, alias, cast: null, aggregate: "count", countAll: true, aggregateCast: count[1]?.trim().toLowerCase() ?? null };
  }
  let aggregate: SelectField["aggregate"] = null;
  let aggregateCast: string | null = null;
  const agg = /\.(sum|avg|count|max|min)\(\)(?:::([a-zA-Z0-9_ \[\]]+))?$/.exec(rest);
  if (agg && !spread) {
    aggregate = agg[1] as SelectField["aggregate"];
    aggregateCast = agg[2]?.trim().toLowerCase() ?? null;
    rest = rest.slice(0, agg.index);
  }
  const paren = aggregate ? -1 : rest.indexOf("(");
  if (paren >= 0) {
    if (!rest.endsWith(")")) throw fail();
    const head = rest.slice(0, paren).split("!");
    const name = head[0].replace(/^"(.*)"$/, "$1");
    if (!name) throw fail();
    let hint: string | null = null;
    let join: SelectEmbed["join"] = null;
    for (const h of head.slice(1)) {
      if (h === "inner" || h === "left") join = h;
      else if (h && hint === null) hint = h;
      else throw fail();
    }
    const inner = rest.slice(paren + 1, -1);
    return { type: "embed", name, alias, hint, join, spread, select: inner === "" ? [] : parseSelect(inner) };
  }
  if (spread) throw fail();
  let cast: string | null = null;
  const cm = /::([a-zA-Z0-9_ \[\]]+)$/.exec(rest);
  if (cm) {
    cast = cm[1].trim().toLowerCase();
    rest = rest.slice(0, cm.index);
  }
  try {
    const field: SelectField = { type: "field", field: parseField(rest), alias, cast };
    return aggregate ? { ...field, aggregate, aggregateCast } : field;
  } catch {
    throw fail();
  }
}
