// A real local SMTP server that is down delays mail; once it is back, the
// outbox delivers it. The stack's driver is `smtp`; the SMTP server is
// started only after the first try failed.
import { SMTPServer } from 'smtp-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { freePort } from '../../../scripts/lib/processes.mjs';
import { rpcAt, uniqueEmail } from './accounts-support';

let port: number;
let smtp: SMTPServer | null = null;
let stack: Awaited<ReturnType<typeof startTestStack>>;
const inbox: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  port = await freePort();
  stack = await startTestStack({
    env: {
      EMAIL_DRIVER: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_SECURE: 'false',
      EMAIL_DRAIN_INTERVAL_MS: '300',
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function until<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the outbox with its SMTP server down', () => {
  it('keeps the mail, retries with back-off, and delivers it once the server is back', async () => {
    const email = uniqueEmail('patient');
    const signup = await rpcAt(stack, 'signup', { email, password: 'old password 1' });
    expect(signup.status).toBe(200);
    const changed = await rpcAt(stack, 'change_password', { current_password: 'old password 1', new_password: 'new password 22' },
      signup.body[0].token);
    expect(changed.status).toBe(200);

    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    try {
      const failed = await until(async () => {
        const [row] = await sql`select id, status, attempts, last_error, next_attempt_at > now() + interval '20 seconds' as backed_off
                                from private.email_outbox where to_address = ${email} and kind = 'password_changed'`;
        return row && row.attempts >= 1 && row.status === 'pending' ? row : null;
      });
      expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(failed.backed_off).toBe(true);

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
      await new Promise<void>((resolve) => smtp!.listen(port, '127.0.0.1', resolve));
      // The back-off's 30 seconds pass.
      await sql`update private.email_outbox set next_attempt_at = now() where id = ${failed.id}`;
      await sql`notify email_outbox`;

      const mail = await until(async () => inbox.find((m) => m.to.includes(email)));
      expect(mail.raw).toMatch(/^Subject: Your pgdrive password was changed/m);
      expect(mail.raw).toMatch(/Content-Type: text\/html/);
      const [row] = await sql`select status, attempts, last_error from private.email_outbox where id = ${failed.id}`;
      expect(row.status).toBe('sent');
      expect(row.attempts).toBeGreaterThanOrEqual(2);
      expect(row.last_error).toBeNull();
    } finally {
      await sql.end();
    }
  });
});
