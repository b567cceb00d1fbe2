// Notification emails over the real outbox and drain (the stack's `file`
// driver): text and HTML, RFC 8058 one-click unsubscribe headers, and the
// link turning off exactly that type.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rpc, signup } from './accounts-support';
import { adminSql, stack } from './support';

/** Waits for the .eml to `to` whose subject matches. */
async function waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<string> {
  const dir = path.join(stack.dataDir, 'mail');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(dir)) {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
        const raw = fs.readFileSync(path.join(dir, file), 'utf8');
        if (raw.includes(`\r\nTo: ${to}\r\n`) && subject.test(/^Subject: (.*)$/m.exec(raw)?.[1] ?? '')) return raw;
      }
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} under ${dir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notification emails', () => {
  it('carry text and HTML and a one-click unsubscribe that turns off exactly their type', async () => {
    const ada = await signup('mail-ada');
    const sql = adminSql();
    try {
      await sql`insert into app.storage_accounts (owner_id, quota, used) values (${ada.id}, 1000, 850)`;
    } finally {
      await sql.end();
    }
    let raw: string;
    try {
      raw = await waitForMail(ada.email, /storage is 80% full/);
    } finally {
      // The usage was made up to cross 80%: back to the versions kept (none), so fsck holds for the tests after.
      const reset = adminSql();
      await reset`update app.storage_accounts set used = 0 where owner_id = ${ada.id}`;
      await reset.end();
    }
    const header = /^List-Unsubscribe: <([^>]+)>\r$/m.exec(raw)?.[1];
    expect(header).toMatch(new RegExp(`^${stack.apiUrl}/functions/v1/notifications/unsubscribe\\?token=[A-Za-z0-9_-]{43}$`));
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative; boundary=/m);
    expect(raw).toContain(`Stop emails like this one: ${header}\r\n`);
    expect(raw).toContain(`<a href="${header}">`);

    // Opening the link (a person, or a scanner) only asks.
    const page = await fetch(header!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const before = await rpc('notification_preferences', {}, ada.token);
    expect(before.body.find((p: { type: string }) => p.type === 'storage_80').email).toBe(true);

    // The mail provider's one-click POST (RFC 8058).
    const click = await fetch(header!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    expect(await click.json()).toMatchObject({ type: 'storage_80', email: false });
    const after = await rpc('notification_preferences', {}, ada.token);
    const emailed = Object.fromEntries(after.body.map((p: { type: string; email: boolean }) => [p.type, p.email]));
    expect(emailed).toMatchObject({ storage_80: false, storage_95: true, new_sign_in: true, password_changed: true });

    const bad = await fetch(header!.replace(/token=.*/, 'token=' + 'x'.repeat(43)), { method: 'POST' });
    expect(bad.status).toBe(404);
    expect(await bad.json()).toMatchObject({ code: 'PT404', message: 'This unsubscribe link is invalid or has expired' });
    expect((await fetch(header!.replace(/token=.*/, 'token=<script>'))).status).toBe(404);
  });
});
