/**
 * The client's address, as SQL sees it in the `x-client-ip` header: the
 * socket's, unless the peer is a proxy we were told to trust. A proxy
 * appends the address it saw to X-Forwarded-For, so the client is the
 * right-most hop that is not itself a trusted proxy; anything to its left
 * was written by the client and is never believed.
 */

/** false: trust no proxy; true: one proxy, any peer; a list: these proxy addresses. */
export type TrustProxy = boolean | string[];

/** Parses GATEWAY_TRUST_PROXY: "false" (default), "true", or comma-separated proxy addresses. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

/** The address the request came from, given the socket's and the trust setting. */
export function clientAddress(headers: Headers, socketAddr: string, trust: TrustProxy): string {
  if (trust === false) return socketAddr;
  if (Array.isArray(trust) && !trust.includes(socketAddr)) return socketAddr;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (trust === true) return hops.at(-1) ?? socketAddr;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trust.includes(hops[i])) return hops[i];
  }
  return hops[0] ?? socketAddr;
}
