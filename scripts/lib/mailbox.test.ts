// The local mailbox page: lists the .eml files, shows one as escaped text
// with its http(s) links clickable, and serves nothing outside its folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEml, startMailbox } from './mailbox.mjs';

let dir: string;
let mailbox: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-mailbox-'));
  fs.writeFileSync(path.join(dir, '2026-12-02T10-00-00-000Z-7.eml'), [
    'From: pgdrive <no-reply@localhost>', 'To: ada@example.com', 'Subject: =?UTF-8?B?Q29uZmlybSA8Yj55b3VyPC9iPiBhZGRyZXNzIOKckw==?=',
    'Date: Wed, 02 Dec 2026 10:00:00 GMT', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b1"', '',
    '--b1', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '',
    'Open http://127.0.0.1:54323/confirm?token=abc_1 <script>alert(1)</script> or javascript:alert(2)',
    '--b1', 'Content-Type: text/html; charset=utf-8', '', '<p>html</p>', '--b1--', '',
  ].join('\r\n'));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not a mail');
  mailbox = await startMailbox({ dir, port: 0 });
});
afterAll(async () => {
  await mailbox?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the local mailbox', () => {
  it('reads a message the file driver wrote: headers decoded, the text part', () => {
    const { headers, text } = parseEml(fs.readFileSync(path.join(dir, '2026-12-02T10-00-00-000Z-7.eml'), 'utf8'));
    expect(headers.subject).toBe('Confirm <b>your</b> address ✓');
    expect(text).toMatch(/^Open http:\/\/127\.0\.0\.1:54323\/confirm\?token=abc_1 /);
  });

  it('lists the mails, escaped, and listens on loopback only', async () => {
    expect(new URL(mailbox.url).hostname).toBe('127.0.0.1');
    const res = await fetch(mailbox.url);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await res.text();
    expect(html).toContain('ada@example.com');
    expect(html).toContain('Confirm &lt;b&gt;your&lt;/b&gt; address ✓');
    expect(html).not.toContain('secret.txt');
  });

  it('shows one as text with its http(s) links clickable and nothing else live', async () => {
    const html = await (await fetch(`${mailbox.url}/mail/2026-12-02T10-00-00-000Z-7.eml`)).text();
    expect(html).toContain('<a href="http://127.0.0.1:54323/confirm?token=abc_1">');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('<p>html</p>');
  });

  it('serves nothing outside its folder', async () => {
    for (const p of ['/mail/secret.txt', '/mail/..%2F..%2Fetc%2Fpasswd', '/mail/%2E%2E%2Fx.eml', '/etc/passwd']) {
      expect((await fetch(`${mailbox.url}${p}`)).status).toBe(404);
    }
    expect((await fetch(mailbox.url, { method: 'POST' })).status).toBe(405);
  });
});
