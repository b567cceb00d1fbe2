// Password reset by email, end to end through a real SMTP server started
// here: the stack's email driver is `smtp`, the gateway drains the outbox on
// NOTIFY, and the test follows the link it reads back from the message.
// The same stack is started with SUPERADMIN_EMAIL / SUPERADMIN_PASSWORD.
import { SMTPServer } from 'smtp-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { rpcAt, uniqueEmail } from './accounts-support';

interface Received {
  to: string[];
  raw: string;
}

const inbox: Received[] = [];
let smtp: SMTPServer;
let stack: Awaited<ReturnType<typeof startTestStack>>;

/** Waits until a message to `to` whose raw text matches `pattern` arrives. */
async function waitForMail(to: string, pattern: RegExp, timeoutMs = 15_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = inbox.find((m) => m.to.includes(to) && pattern.test(m.raw));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${to} matching ${pattern} (inbox: ${inbox.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The body of a raw message, with quoted-printable soft breaks undone. */
const bodyOf = (raw: string) =>
  raw.split(/\r?\n\r?\n/).slice(1).join('\n\n').replace(/=\r?\n/g, '').replace(/=3D/g, '=');

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  stack = await startTestStack({
    env: {
      EMAIL_DRIVER: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      EMAIL_FROM: 'pgdrive <no-reply@pgdrive.test>',
      EMAIL_DRAIN_INTERVAL_MS: '500',
      SUPERADMIN_EMAIL: 'root@pgdrive.test',
      SUPERADMIN_PASSWORD: 'keys to the kingdom 1',
    },
    web: false,
  });
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('password reset by email', () => {
  it('sends a single-use link, resets the password, ends sessions and confirms by email', async () => {
    const email = uniqueEmail('forgetful');
    const signup = await rpcAt(stack, 'signup', { email, password: 'old password 1' });
    expect(signup.status).toBe(200);
    const oldToken = signup.body[0].token;

    const unknown = await rpcAt(stack, 'forgot_password', { email: uniqueEmail('nobody') });
    const known = await rpcAt(stack, 'forgot_password', { email: email.toUpperCase() });
    expect(known.status).toBe(200);
    expect(known.body).toEqual(unknown.body);

    const mail = await waitForMail(email, /reset-password\?token=/);
    expect(mail.raw).toMatch(/^Subject: Reset your pgdrive password/m);
    const link = /(http\S+\/reset-password\?token=([A-Za-z0-9_-]+))/.exec(bodyOf(mail.raw));
    expect(link).not.toBeNull();
    const token = link![2];

    // The outbox no longer holds the token once the message is sent.
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    try {
      // The server has the message; the drain records it as sent right after.
      let rows: Record<string, unknown>[] = [];
      for (let i = 0; i < 50; i++) {
        rows = (await sql`select status, secret from private.email_outbox where kind = 'password_reset' and to_address = ${email}`)
          .map((r) => ({ ...r }));
        if (rows[0]?.status === 'sent') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows).toEqual([{ status: 'sent', secret: null }]);
      const leaks = await sql`select count(*)::int as n from app.activity_log where meta::text like ${'%' + token + '%'}`;
      expect(leaks[0].n).toBe(0);
    } finally {
      await sql.end();
    }

    expect((await rpcAt(stack, 'reset_password', { token, password: 'short' })).status).toBe(400);
    const reset = await rpcAt(stack, 'reset_password', { token, password: 'new password 2' });
    expect(reset.status).toBe(200);
    expect((await rpcAt(stack, 'reset_password', { token, password: 'new password 3' })).status).toBe(400);

    expect((await rpcAt(stack, 'me', {}, oldToken)).status).toBe(401);
    expect((await rpcAt(stack, 'login', { email, password: 'old password 1' })).status).toBe(400);
    expect((await rpcAt(stack, 'login', { email, password: 'new password 2' })).status).toBe(200);

    const notice = await waitForMail(email, /^Subject: Your pgdrive password was changed/m);
    expect(bodyOf(notice.raw)).not.toMatch(/token=/);
  });

  it('limits reset requests per email with a 429', async () => {
    const email = uniqueEmail('spammed');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await rpcAt(stack, 'forgot_password', { email }));
    expect(answers.slice(0, 5).every((a) => a.status === 200)).toBe(true);
    expect(answers[5].status).toBe(429);
    expect(Number(answers[5].headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the configured superadmin', () => {
  it('exists at start, signs in as superadmin and cannot be demoted while alone', async () => {
    const login = await rpcAt(stack, 'login', { email: 'root@pgdrive.test', password: 'keys to the kingdom 1' });
    expect(login.status).toBe(200);
    const root = login.body[0];
    expect(root.user.app_roles).toContain('superadmin');
    const demote = await rpcAt(stack, 'admin_revoke_role', { user_id: root.user.id, role: 'superadmin' }, root.token);
    expect(demote.status).toBe(409);
    expect(demote.body.message).toBe('The last superadmin cannot be demoted');
    const created = await rpcAt(stack, 'admin_create_role', { name: 'auditor', description: 'Reads logs' }, root.token);
    expect(created.status).toBeLessThan(300);
  });
});
