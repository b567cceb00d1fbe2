/**
 * What every share route starts from: the link token in the path and the
 * access token a password granted (`Authorization: Bearer` or `?access=`),
 * and the SQL that reads a link as `anon`. SQL decides; this file only
 * shapes requests and answers.
 */
import { ANON, asCaller, type Tx } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A link token and the access token sent with it (null without one). */
export interface LinkRequest {
  token: string;
  access: string | null;
}

/** The same 404 SQL answers for a token that cannot be one: nothing is revealed. */
export const linkNotFound = () => new HttpError(404, "PT404", "This link does not exist or was revoked.");

/**
 * The link token of the path and the access token of the request. A bearer
 * token that is no access token (a signed-in browser's session JWT) is not
 * one and is ignored: a link does not care who follows it.
 */
export function linkRequest(req: Request, token: string): LinkRequest {
  if (!TOKEN.test(token)) throw linkNotFound();
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? null;
  const query = new URL(req.url).searchParams.get("access");
  const access = [bearer, query].find((t) => t !== null && TOKEN.test(t)) ?? null;
  return { token, access };
}

/** A uuid from the path or the query, or 404 (an id that cannot exist reaches nothing). */
export function idOf(value: string | null | undefined, what: string): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (!UUID.test(value)) throw new HttpError(404, "PT404", `${what} not found.`);
  return value.toLowerCase();
}

/** Runs `fn` as anon for a link request (the gateway's client address goes with the headers). */
export function asVisitor<T>(req: Request, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asCaller(ANON, req, fn);
}

/** GET /share/<token>[?folder=<id>]: the link's metadata, and for a folder link the listing of one folder under it. */
export async function linkMetadata(req: Request, link: LinkRequest): Promise<Record<string, unknown>> {
  const folder = idOf(new URL(req.url).searchParams.get("folder"), "Folder");
  return await asVisitor(req, async (tx) => {
    const [{ meta }] = await tx`select app.open_share_link(${link.token}, ${link.access}) as meta`;
    if (meta.can_list || folder !== null) {
      const [{ listing }] = await tx`select app.share_link_listing(${link.token}, ${link.access}, ${folder}) as listing`;
      return { ...meta, listing };
    }
    return meta;
  });
}

/**
 * POST /share/<token>/unlock {"password"}: an access token for this link,
 * or 401 for a wrong password and 429 with Retry-After when throttled (the
 * SQL answers them, so the failed attempt stays counted).
 */
export async function unlock(req: Request, link: LinkRequest, password: unknown): Promise<Record<string, unknown>> {
  if (typeof password !== "string") throw new HttpError(400, "PGRST102", "password must be a string.");
  const answer = await asVisitor(req, async (tx) => {
    const [{ r }] = await tx`select app.unlock_share_link(${link.token}, ${password}) as r`;
    return r as Record<string, unknown>;
  });
  if (typeof answer.access_token === "string") return answer;
  const status = Number(answer.status);
  const wait = answer.retry_after === undefined ? null : Number(answer.retry_after);
  throw new HttpError(status, String(answer.code), String(answer.message), null,
    wait === null ? null : `Retry after ${wait} seconds`, wait === null ? {} : { "retry-after": String(wait) });
}
