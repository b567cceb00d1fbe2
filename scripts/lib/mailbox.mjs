// The local mailbox: `npm start` serves the mails the `file` email driver
// wrote under .data/mail as a small page on 127.0.0.1 only (as the Supabase
// CLI's local stack serves Mailpit on 54324), so a person trying the project
// can click a confirmation or reset link without opening .eml files. Mails
// are shown as text (every character escaped, only http(s) links made
// clickable); the page loads nothing and runs no script.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const NAME = /^[\w.-]+\.eml$/;

const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** An RFC 2047 encoded header (UTF-8, B or Q) as text. */
function decodeHeader(value) {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, kind, text) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** Headers and the plain-text body of a message the file driver wrote. */
export function parseEml(raw) {
  const cut = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, cut < 0 ? raw.length : cut);
  const headers = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeHeader(line.slice(i + 1).trim());
  }
  let body = cut < 0 ? '' : raw.slice(cut + 4);
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    const text = body.split(`--${boundary}`).find((part) => /^Content-Type: text\/plain/im.test(part)) ?? '';
    body = text.slice(text.indexOf('\r\n\r\n') + 4);
  }
  return { headers, text: body.replace(/\r\n/g, '\n').trimEnd() };
}

const linkify = (escaped) => escaped.replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}td{padding:.25rem .75rem .25rem 0;vertical-align:top}' +
    'pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style></head><body>' + body + '</body></html>';
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

/** Serves `dir` on 127.0.0.1:`port` (0: any free port); resolves with its URL and close(). */
export function startMailbox({ dir, port }) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mailbox.local');
    if (req.method !== 'GET') return send(res, 405, page('Not allowed', '<p>Only GET.</p>'));
    if (url.pathname === '/') {
      const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => NAME.test(n)).sort().reverse() : [];
      const rows = names.map((name) => {
        const { headers } = parseEml(fs.readFileSync(path.join(dir, name), 'utf8'));
        return `<tr><td>${escapeHtml(headers.date ?? '')}</td><td>${escapeHtml(headers.to ?? '')}</td>` +
          `<td><a href="/mail/${encodeURIComponent(name)}">${escapeHtml(headers.subject || '(no subject)')}</a></td></tr>`;
      });
      return send(res, 200, page('Local mailbox', `<h1>Local mailbox</h1><p>Mails written under ${escapeHtml(dir)}, newest first.</p>` +
        (rows.length ? `<table>${rows.join('')}</table>` : '<p>No mail yet.</p>')));
    }
    const name = decodeURIComponent(url.pathname.replace(/^\/mail\//, ''));
    if (!url.pathname.startsWith('/mail/') || !NAME.test(name) || !fs.existsSync(path.join(dir, name))) {
      return send(res, 404, page('Not found', '<p>No such mail. <a href="/">All mail</a></p>'));
    }
    const { headers, text } = parseEml(fs.readFileSync(path.join(dir, name), 'utf8'));
    send(res, 200, page(headers.subject ?? 'Mail', `<p><a href="/">All mail</a></p><h1>${escapeHtml(headers.subject ?? '')}</h1>` +
      `<table><tr><td>From</td><td>${escapeHtml(headers.from ?? '')}</td></tr><tr><td>To</td><td>${escapeHtml(headers.to ?? '')}</td></tr>` +
      `<tr><td>Date</td><td>${escapeHtml(headers.date ?? '')}</td></tr></table><pre>${linkify(escapeHtml(text))}</pre>`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, whatever HOST says: the mails hold sign-in links.
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
