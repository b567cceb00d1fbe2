/** OpenAPI 2.0 description of the exposed schema (filled in below). */
import type { GatewayConfig } from "../config.ts";
import type { SchemaCache } from "../schema-cache.ts";

export function openApi(cache: SchemaCache, schema: string, url: URL, _config: GatewayConfig): Response {
  const doc = { swagger: "2.0", info: { title: schema, version: "1" }, host: url.host, paths: {}, definitions: {}, schemaCount: cache.relations.size };
  return new Response(JSON.stringify(doc), { headers: { "content-type": "application/openapi+json; charset=utf-8" } });
}
