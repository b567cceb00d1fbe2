/**
 * One-click unsubscribe (RFC 8058) for notification emails. A mail provider
 * POSTs the List-Unsubscribe URL with `List-Unsubscribe=One-Click`; a person
 * following the footer's link GETs a page whose button POSTs the same URL.
 * A GET never unsubscribes: link scanners open every link in a message.
 * SQL (rpc/unsubscribe, as anon) decides what the token turns off.
 */
import { ANON, asCaller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function page(title: string, body: string): Response {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${
      escapeHtml(title)
    }</title></head><body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto">` +
    `<h1 style="font-size: 1.25rem">${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  });
}

function tokenOf(url: URL): string {
  const token = url.searchParams.get("token") ?? "";
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) {
    throw new HttpError(404, "PT404", "This unsubscribe link is invalid or has expired");
  }
  return token;
}

/** GET: a page asking to confirm; POST: unsubscribes, answering JSON (mail providers) or a page (the form). */
export async function unsubscribe(req: Request, url: URL): Promise<Response> {
  const token = tokenOf(url);
  if (req.method === "GET" || req.method === "HEAD") {
    return page(
      "Stop these emails?",
      `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">` +
        `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        `<button type="submit">Unsubscribe</button></form>`,
    );
  }
  if (req.method !== "POST") {
    throw new HttpError(405, "PGRST117", "Use POST to unsubscribe.", null, null, { allow: "GET, POST" });
  }
  await req.body?.cancel();
  const [row] = await asCaller(ANON, req, (tx) =>
    tx<{ answer: { message: string } }[]>`
    select api.unsubscribe(${token}) as answer`);
  if ((req.headers.get("accept") ?? "").includes("text/html")) {
    return page("Unsubscribed", `<p>${escapeHtml(row.answer.message)}</p>`);
  }
  return new Response(JSON.stringify(row.answer), { headers: { "content-type": "application/json; charset=utf-8" } });
}
