/** PostgREST-compatible REST API (being built; see issue 4). */
import type { GatewayConfig } from "../config.ts";
import { jsonError } from "../errors.ts";

export function createRestHandler(_config: GatewayConfig) {
  return (_req: Request, path: string): Promise<Response> =>
    Promise.resolve(jsonError(404, { code: "PGRST125", message: `Invalid path specified in request URL: ${path}` }));
}
