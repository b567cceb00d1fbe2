/**
 * POST, PUT, PATCH and DELETE on a table or view: the body as rows, one
 * write statement, a commit that a singular or max-affected result may undo,
 * and PostgREST's statuses and Preference-Applied.
 */
import { HttpError } from "../errors.ts";
import type { Relation } from "../schema-cache.ts";
import type { Exchange } from "./exchange.ts";
import { planDelete, planInsert, planPut, planUpdate } from "./mutate.ts";
import { parseQuery } from "./parse.ts";
import type { PlanContext } from "./select.ts";
import {
  type BodyLimits,
  bodyText,
  bodyType,
  formRefused,
  notFromAForm,
  parseCsv,
  parseForm,
  parseJsonBody,
  readBody,
  unacceptableBody,
} from "./request.ts";
import { respond } from "./respond.ts";
import { Params } from "./sql.ts";

/** Serves a write to `rel`. */
export async function serveWrite(x: Exchange, rel: Relation): Promise<Response> {
  const { method, prefs, media, req } = x;
  const parts = parseQuery(x.url.searchParams);
  const ctx: PlanContext = { cache: x.cache, parts, params: new Params(), aliases: 0 };

  const wantRows = prefs.return === "representation";
  const single = media === "object";
  const opts = { rel, prefs, body: wantRows ? "array" as const : "none" as const, count: prefs.count !== null };
  let statement: string;
  let status: number;
  if (method === "POST") {
    const payload = await rowsPayload(req, x.limits);
    statement = planInsert(ctx, opts, payload);
    status = 201;
  } else if (method === "PUT") {
    const payload = await rowsPayload(req, x.limits);
    statement = planPut(ctx, opts, payload);
    status = wantRows ? 200 : 204;
  } else if (method === "PATCH") {
    const payload = await rowsPayload(req, x.limits);
    statement = planUpdate(ctx, opts, payload);
    status = wantRows ? 200 : 204;
  } else if (method === "DELETE") {
    statement = planDelete(ctx, opts);
    status = wantRows ? 200 : 204;
  } else {
    throw new HttpError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  }
  let affected = 0;
  // `Prefer: handling=strict, max-affected=N` on PATCH and DELETE, as PostgREST 12.1 does.
  const maxAffected = prefs.handling === "strict" && (method === "PATCH" || method === "DELETE") ? prefs.maxAffected : null;
  const row = await x.run({
    readOnly: false,
    main: { sql: statement, params: ctx.params.values },
    rollback: x.rollback,
    // A singular write that touched other than one row is undone, as PostgREST does; so is
    // one that touched more rows than max-affected allows.
    decide: single || maxAffected !== null
      ? (r) => {
        affected = Number(r.page_total);
        return (!single || affected === 1) && (maxAffected === null || affected <= maxAffected);
      }
      : undefined,
  });
  if (single && affected !== 1) throw new HttpError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned", `The result contains ${affected} rows`);
  if (maxAffected !== null && affected > maxAffected) {
    throw new HttpError(400, "PGRST124", "Query result exceeds max-affected preference constraint", `The query affects ${affected} rows`);
  }
  const extraHeaders: Record<string, string> = {};
  const applied: string[] = [];
  if (prefs.resolution && method === "POST") applied.push(`resolution=${prefs.resolution}`);
  if (prefs.missing === "default" && (method === "POST" || method === "PUT")) applied.push("missing=default");
  applied.push(...x.txApplied);
  if (maxAffected !== null) applied.push("handling=strict", `max-affected=${maxAffected}`);
  if (applied.length) extraHeaders["preference-applied"] = applied.join(", ");
  if (prefs.return === "headers-only" || prefs.return === "minimal") status = method === "POST" ? 201 : 204;
  return respond(row, {
    method,
    media: wantRows ? media : "json",
    status,
    offset: 0,
    isInsert: method === "POST",
    hasBody: wantRows,
    extraHeaders,
  });
}

/**
 * The body of a table write as rows, by its type as PostgREST reads it: JSON, CSV, or form
 * fields (an object of text values, only from a request a form cannot send); 415 otherwise.
 */
async function rowsPayload(req: Request, limits: BodyLimits): Promise<unknown> {
  const { type, mime } = bodyType(req.headers);
  if (type === "form" && !notFromAForm(req.headers)) throw formRefused(mime);
  if (type !== "json" && type !== "csv" && type !== "form") throw unacceptableBody(mime);
  const text = bodyText(await readBody(req, limits));
  if (type === "csv") return parseCsv(text);
  if (type === "form") return Object.fromEntries(parseForm(text));
  return parseJsonBody(text || "{}");
}
