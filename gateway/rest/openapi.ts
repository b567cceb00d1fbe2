/**
 * `GET /rest/v1/`: an OpenAPI 2.0 description of the exposed schema built
 * from the schema cache, with `comment on` texts as descriptions, in the
 * shape PostgREST gives it.
 */
import type { GatewayConfig } from "../config.ts";
import type { Column, DbFunction, Relation, SchemaCache } from "../schema-cache.ts";

type Json = Record<string, unknown>;

function swaggerType(pgType: string): Json {
  const t = pgType.replace(/\(.*\)/, "");
  if (t.endsWith("[]")) return { type: "array", items: swaggerType(t.slice(0, -2)), format: pgType };
  if (["smallint", "integer", "bigint"].includes(t)) return { type: "integer", format: t };
  if (["numeric", "real", "double precision"].includes(t)) return { type: "number", format: t };
  if (t === "boolean") return { type: "boolean", format: t };
  if (t === "json" || t === "jsonb") return { format: t };
  return { type: "string", format: t };
}

function columnSchema(rel: Relation, c: Column): Json {
  const notes: string[] = [];
  if (c.description) notes.push(c.description);
  if (rel.pk.includes(c.name)) notes.push("Note:\nThis is a Primary Key.<pk/>");
  return {
    ...swaggerType(c.type),
    ...(c.default !== null ? { default: c.default } : {}),
    ...(c.enum ? { enum: c.enum } : {}),
    ...(notes.length ? { description: notes.join("\n\n") } : {}),
  };
}

function definition(rel: Relation): Json {
  const required = rel.columns.filter((c) => !c.nullable && c.default === null).map((c) => c.name);
  return {
    ...(rel.description ? { description: rel.description } : {}),
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(rel.columns.map((c) => [c.name, columnSchema(rel, c)])),
    type: "object",
  };
}

const ref = (name: string) => ({ $ref: `#/parameters/${name}` });
const ok = (schema?: Json) => ({ description: "OK", ...(schema ? { schema } : {}) });

function relationPaths(rel: Relation): Json {
  const filters = rel.columns.map((c) => ref(`rowFilter.${rel.name}.${c.name}`));
  const tags = [rel.name];
  const summary = rel.description ? { summary: rel.description } : {};
  const paths: Json = {
    get: {
      ...summary,
      tags,
      parameters: [...filters, ref("select"), ref("order"), ref("range"), ref("rangeUnit"), ref("offset"), ref("limit"), ref("preferCount")],
      responses: { "200": ok({ type: "array", items: { $ref: `#/definitions/${rel.name}` } }), "206": { description: "Partial Content" } },
    },
  };
  const body = { $ref: `#/parameters/body.${rel.name}` };
  if (rel.insertable) {
    paths.post = { ...summary, tags, parameters: [body, ref("select"), ref("preferPost")], responses: { "201": { description: "Created" } } };
  }
  if (rel.updatable) {
    paths.patch = { ...summary, tags, parameters: [...filters, body, ref("preferReturn")], responses: { "204": { description: "No Content" } } };
  }
  if (rel.deletable) {
    paths.delete = { ...summary, tags, parameters: [...filters, ref("preferReturn")], responses: { "204": { description: "No Content" } } };
  }
  return paths;
}

function functionPaths(fn: DbFunction): Json {
  const ins = fn.args.filter((a) => a.mode === "i" || a.mode === "b" || a.mode === "v");
  const summary = fn.description ? { summary: fn.description.split("\n")[0], description: fn.description } : {};
  const tags = [`(rpc) ${fn.name}`];
  const paths: Json = {
    post: {
      ...summary,
      tags,
      parameters: [{
        in: "body",
        name: "args",
        required: true,
        schema: {
          type: "object",
          properties: Object.fromEntries(ins.map((a) => [a.name, swaggerType(a.type)])),
          required: ins.filter((a) => !a.hasDefault).map((a) => a.name),
        },
      }, ref("preferParams")],
      responses: { "200": ok() },
    },
  };
  if (fn.volatility !== "v") {
    paths.get = {
      ...summary,
      tags,
      parameters: ins.map((a) => ({ in: "query", name: a.name, required: !a.hasDefault, ...swaggerType(a.type) })),
      responses: { "200": ok() },
    };
  }
  return paths;
}

function sharedParameters(rels: Relation[]): Json {
  const params: Json = {
    preferParams: { name: "Prefer", description: "Preference", required: false, in: "header", type: "string", enum: ["params=single-object"] },
    preferReturn: { name: "Prefer", description: "Preference", required: false, in: "header", type: "string", enum: ["return=representation", "return=minimal", "return=none"] },
    preferCount: { name: "Prefer", description: "Preference", required: false, in: "header", type: "string", enum: ["count=none", "count=exact", "count=planned", "count=estimated"] },
    preferPost: { name: "Prefer", description: "Preference", required: false, in: "header", type: "string", enum: ["return=representation", "return=minimal", "return=none", "resolution=ignore-duplicates", "resolution=merge-duplicates"] },
    select: { name: "select", description: "Filtering Columns", required: false, in: "query", type: "string" },
    on_conflict: { name: "on_conflict", description: "On Conflict", required: false, in: "query", type: "string" },
    order: { name: "order", description: "Ordering", required: false, in: "query", type: "string" },
    range: { name: "Range", description: "Limiting and Pagination", required: false, in: "header", type: "string" },
    rangeUnit: { name: "Range-Unit", description: "Limiting and Pagination", required: false, default: "items", in: "header", type: "string" },
    offset: { name: "offset", description: "Limiting and Pagination", required: false, in: "query", type: "string" },
    limit: { name: "limit", description: "Limiting and Pagination", required: false, in: "query", type: "string" },
  };
  for (const rel of rels) {
    params[`body.${rel.name}`] = { name: rel.name, description: rel.name, required: false, in: "body", schema: { $ref: `#/definitions/${rel.name}` } };
    for (const c of rel.columns) {
      params[`rowFilter.${rel.name}.${c.name}`] = { name: c.name, required: false, in: "query", type: "string", ...(c.description ? { description: c.description } : {}) };
    }
  }
  return params;
}

/** The OpenAPI document for one exposed schema. */
export function openApi(cache: SchemaCache, schema: string, url: URL, _config: GatewayConfig): Response {
  const rels = [...cache.relations.values()].filter((r) => r.schema === schema).sort((a, b) => a.name.localeCompare(b.name));
  const fns = [...cache.functions.values()].flat().filter((f) => f.schema === schema).sort((a, b) => a.name.localeCompare(b.name));
  const paths: Json = { "/": { get: { tags: ["Introspection"], summary: "OpenAPI description (this document)", produces: ["application/openapi+json", "application/json"], responses: { "200": ok() } } } };
  for (const rel of rels) paths[`/${rel.name}`] = relationPaths(rel);
  for (const fn of fns) paths[`/rpc/${fn.name}`] ??= functionPaths(fn);
  const doc = {
    swagger: "2.0",
    info: { description: cache.schemaComments.get(schema) ?? "", title: "PostgREST API", version: "12.2.0 (pgdrive gateway)" },
    host: url.host,
    basePath: url.pathname.startsWith("/rest/v1") ? "/rest/v1" : "/",
    schemes: [url.protocol.replace(":", "")],
    consumes: ["application/json", "application/vnd.pgrst.object+json", "text/csv"],
    produces: ["application/json", "application/vnd.pgrst.object+json", "text/csv"],
    paths,
    definitions: Object.fromEntries(rels.map((r) => [r.name, definition(r)])),
    parameters: sharedParameters(rels),
    externalDocs: { description: "PostgREST Documentation", url: "https://postgrest.org/en/v12/references/api.html" },
  };
  return new Response(JSON.stringify(doc), { headers: { "content-type": "application/openapi+json; charset=utf-8" } });
}
