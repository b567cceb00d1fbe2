/**
 * LOCK and UNLOCK (RFC 4918 class 2) over SQL's locks (api.dav_lock,
 * api.dav_unlock, api.dav_assert_unlocked): this module only reads the
 * headers and writes the XML.
 */
import { asCaller, type Caller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";
import { href, pathKey } from "./paths.ts";
import { DAV, davChild, esc, innerXml, readXml } from "./xml.ts";

export interface LockRow {
  token: string;
  path: string;
  depth: "0" | "infinity";
  scope: "exclusive" | "shared";
  owner_xml: string;
  timeout_seconds: number;
  expires_at: Date;
}

const TOKEN = /<(?:opaquelocktoken:|urn:uuid:)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;

/** The lock tokens a request submits in its If header. */
export function submittedTokens(req: Request): string[] {
  return [...(req.headers.get("if") ?? "").matchAll(TOKEN)].map((m) => m[1].toLowerCase());
}

function activeLock(l: LockRow, segs: string[]): string {
  const left = Math.max(Math.ceil((new Date(l.expires_at).getTime() - Date.now()) / 1000), 0);
  return `<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:${l.scope}/></D:lockscope>` +
    `<D:depth>${l.depth}</D:depth>${l.owner_xml ? `<D:owner>${l.owner_xml}</D:owner>` : ""}` +
    `<D:timeout>Second-${left}</D:timeout><D:locktoken><D:href>opaquelocktoken:${l.token}</D:href></D:locktoken>` +
    `<D:lockroot><D:href>${esc(href(segs, false))}</D:href></D:lockroot></D:activelock>`;
}

/** The lockdiscovery value for the locks on a path. */
export function lockDiscovery(locks: LockRow[], segs: string[]): string {
  return locks.map((l) => activeLock(l, segs)).join("");
}

function timeoutOf(req: Request): number {
  const raw = req.headers.get("timeout") ?? "";
  const m = /Second-(\d+)/i.exec(raw);
  if (m) return Math.min(Number(m[1]), 604800);
  if (/Infinite/i.test(raw)) return 604800;
  return 600;
}

/** 423 unless the request submits the token of every lock on these paths (and below `below`). */
export async function assertUnlocked(
  tx: import("../_shared/db.ts").Tx,
  req: Request,
  paths: string[][],
  below: string[][] = [],
): Promise<void> {
  await tx`select api.dav_assert_unlocked(${paths.map(pathKey)}::text[], ${below.map(pathKey)}::text[],
    ${submittedTokens(req)}::uuid[])`;
}

/** LOCK: a new lock from a lockinfo body, or a refresh (no body, the token in If). */
export async function lock(
  req: Request,
  caller: Caller,
  segs: string[],
  ensureExists: () => Promise<boolean>,
): Promise<Response> {
  const body = await readXml(req);
  let rows: LockRow[];
  let created = false;
  if (!body) {
    const [token] = submittedTokens(req);
    if (!token) throw new HttpError(400, "PT400", "A LOCK without a body refreshes the lock named in If.");
    rows = await asCaller(caller, req, async (tx) =>
      (await tx`select token::text, path, depth, scope, owner_xml, timeout_seconds, expires_at
                from api.dav_lock(path => ${pathKey(segs)}, timeout_seconds => ${timeoutOf(req)}, refresh => ${token}::uuid)`) as unknown as LockRow[]
    );
  } else {
    if (!(body.namespaceURI === DAV && body.localName === "lockinfo")) {
      throw new HttpError(400, "PT400", "A LOCK body is a DAV:lockinfo element.");
    }
    const scopeEl = davChild(body, "lockscope");
    const scope = scopeEl && davChild(scopeEl, "shared") ? "shared" : "exclusive";
    const owner = davChild(body, "owner");
    const depth = (req.headers.get("depth") ?? "infinity") === "0" ? "0" : "infinity";
    created = await ensureExists();
    rows = await asCaller(caller, req, async (tx) =>
      (await tx`select token::text, path, depth, scope, owner_xml, timeout_seconds, expires_at
                from api.dav_lock(path => ${pathKey(segs)}, depth => ${depth}, scope => ${scope},
                  owner_xml => ${owner ? innerXml(owner) : ""}, timeout_seconds => ${timeoutOf(req)})`) as unknown as LockRow[]
    );
  }
  const l = rows[0];
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<D:prop xmlns:D="DAV:"><D:lockdiscovery>${activeLock(l, segs)}</D:lockdiscovery></D:prop>`;
  return new Response(xml, {
    status: created ? 201 : 200,
    headers: { "content-type": "application/xml; charset=utf-8", "lock-token": `<opaquelocktoken:${l.token}>` },
  });
}

/** UNLOCK: the token in Lock-Token. */
export async function unlock(req: Request, caller: Caller): Promise<Response> {
  const m = /<(?:opaquelocktoken:|urn:uuid:)([0-9a-f-]{36})>/i.exec(req.headers.get("lock-token") ?? "");
  if (!m) throw new HttpError(400, "PT400", "UNLOCK needs a Lock-Token header.");
  await asCaller(caller, req, (tx) => tx`select api.dav_unlock(${m[1]}::uuid)`);
  return new Response(null, { status: 204 });
}

/**
 * Evaluates an If header (RFC 4918 10.4) for the request's resource: true
 * when there is none, or when one of its lists (untagged, or tagged with
 * this resource) holds: each state token a lock on the path, each entity tag
 * the file's ETag, `Not` negating. Otherwise the request fails with 412.
 */
export async function assertIfHolds(
  tx: import("../_shared/db.ts").Tx,
  req: Request,
  segs: string[],
  etag: string | null,
): Promise<void> {
  const header = req.headers.get("if");
  if (!header) return;
  const tokens = new Set(
    ((await tx`select token::text from api.dav_locks_on(${pathKey(segs)}, false)`) as unknown as { token: string }[])
      .map((r) => r.token.toLowerCase()),
  );
  const own = href(segs, false).replace(/\/$/, "");
  let tag: string | null = null;
  let inList = false;
  let negate = false;
  let holds = true;
  let anyList = false;
  let anyTrue = false;
  for (const m of header.matchAll(/<([^>]*)>|\[([^\]]*)\]|\(|\)|Not/gi)) {
    const t = m[0];
    if (t === "(") {
      inList = true;
      holds = true;
      negate = false;
    } else if (t === ")") {
      inList = false;
      const mine = tag === null || decodeURIComponent(new URL(tag, req.url).pathname).replace(/\/$/, "") ===
        decodeURIComponent(own);
      if (mine) {
        anyList = true;
        if (holds) anyTrue = true;
      }
    } else if (/^not$/i.test(t)) {
      negate = true;
    } else if (!inList && m[1] !== undefined) {
      tag = m[1];
    } else if (inList) {
      let ok: boolean;
      if (m[1] !== undefined) {
        const id = /^(?:opaquelocktoken:|urn:uuid:)([0-9a-f-]{36})$/i.exec(m[1])?.[1]?.toLowerCase();
        ok = id !== undefined && tokens.has(id);
      } else {
        ok = etag !== null && (m[2] ?? "").replace(/^W\//, "") === etag;
      }
      if (negate ? ok : !ok) holds = false;
      negate = false;
    }
  }
  if (anyList && !anyTrue) throw new HttpError(412, "PT412", "The If header's conditions do not hold.");
}
