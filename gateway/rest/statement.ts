/**
 * The outer statement every plan ends with, as PostgREST builds it: the page
 * of JSON rows aggregated into one text body, the counts, and the response
 * status and headers that SQL may have set.
 */

export type BodyShape = "array" | "first" | "none";

export interface OuterOptions {
  /** CTEs before pgrst_source, e.g. the INSERT ... RETURNING. */
  ctes?: string[];
  /** The query producing rows with a JSON column `r`. */
  source: string;
  countSql: string | null;
  body: BodyShape;
  /** An expression over pgrst_source giving the Location path for an insert. */
  location?: string | null;
  /** An expression counting the rows an upsert inserted rather than updated. */
  inserted?: string | null;
}

/** One statement: total, page_total, body, response_headers, response_status[, location]. */
export function outerStatement(o: OuterOptions): string {
  const ctes = [...(o.ctes ?? []), `pgrst_source as (${o.source})`].join(", ");
  const body = o.body === "array"
    ? "coalesce(json_agg(pgrst_source.r), '[]')::text"
    : o.body === "first"
    ? "coalesce((json_agg(pgrst_source.r)->0)::text, 'null')"
    : "null::text";
  const location = (o.location ? `, (array_agg(${o.location}))[1]::text as location` : "") +
    (o.inserted ? `, (${o.inserted})::text as inserted` : "");
  return `with ${ctes} select ${o.countSql ? `(${o.countSql})::text` : "null::text"} as total, ` +
    `count(*)::text as page_total, ${body} as body, ` +
    `nullif(current_setting('response.headers', true), '') as response_headers, ` +
    `nullif(current_setting('response.status', true), '') as response_status${location} from pgrst_source`;
}
