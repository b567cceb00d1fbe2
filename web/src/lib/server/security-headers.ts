// The security headers of every web response. SvelteKit writes the page's
// Content-Security-Policy (kit.csp in svelte.config.js, with a fresh nonce
// per page); the gateway's URL is only known at run time, so it is added here
// to the directives that fetch from it: the REST and upload calls, avatars,
// and the previews of signed download URLs.

/** The CSP directives that load from the API (and any extra origins). */
const API_DIRECTIVES = ['connect-src', 'img-src', 'media-src', 'frame-src'];

/** Browser features the app never uses, refused for it and anything it embeds. */
export const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'midi=()',
  'display-capture=()',
  'screen-wake-lock=()',
  'xr-spatial-tracking=()',
  'browsing-topics=()',
].join(', ');

/**
 * The origins of a list of URLs (space- or comma-separated), each checked to
 * be an http(s) URL: a value can add origins, never another directive.
 */
export function origins(list: string): string[] {
  const out: string[] = [];
  for (const raw of list.split(/[\s,]+/).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`not a URL: "${raw}"`);
    }
    if (!/^https?:\/\/[a-z0-9.\-[\]:]+$/i.test(url.origin)) throw new Error(`not an http(s) URL: "${raw}"`);
    if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}

/** Adds `sources` to the directives that load from the API, leaving every other directive as it is. */
export function withApiSources(csp: string, sources: string[]): string {
  return csp
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((directive) => {
      const [name, ...values] = directive.split(/\s+/);
      if (!API_DIRECTIVES.includes(name.toLowerCase())) return directive;
      const missing = sources.filter((s) => !values.includes(s));
      return [name, ...values, ...missing].join(' ');
    })
    .join('; ');
}

/**
 * Sets the security headers on a response: the API's origins in its CSP (when
 * it has one: pages do), nosniff, the referrer and permissions policies, no
 * framing, and HSTS when the site is served over https. Returns the response
 * to send (a copy when its headers are immutable).
 */
export function secureResponse(response: Response, { https, sources }: { https: boolean; sources: string[] }): Response {
  let res = response;
  try {
    res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    // Headers of a fetched response are immutable: answer with a copy.
    res = new Response(response.body, response);
  }
  const h = res.headers;
  h.set('x-content-type-options', 'nosniff');
  // Not no-referrer: a same-origin POST would then carry `Origin: null`, which the session routes refuse.
  h.set('referrer-policy', 'strict-origin-when-cross-origin');
  h.set('permissions-policy', PERMISSIONS_POLICY);
  h.set('x-frame-options', 'DENY');
  h.set('cross-origin-opener-policy', 'same-origin');
  if (https) h.set('strict-transport-security', 'max-age=31536000');
  const csp = h.get('content-security-policy');
  if (csp) h.set('content-security-policy', withApiSources(csp, sources));
  return res;
}
