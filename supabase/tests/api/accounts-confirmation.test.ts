// Email confirmation over HTTP with supabase-js, on a stack of its own with
// auth.confirm_email on (npm start's default): signup answers the same for a
// taken and a free address, in about the same time; the link from the mail
// (the `file` driver's .eml files) confirms and signs in, once; before it an
// account signs in but cannot receive email shares or invite; an email
// change happens only when the new address's link is opened.
import fs from 'node:fs';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack } from '../../../scripts/lib/test-stack.mjs';
import { uniqueEmail } from './accounts-support';
import { clientOptions } from './support';

let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack({
    confirmEmail: true,
    // The production cost, so that timing the answers times bcrypt, as in production.
    env: { EMAIL_DRIVER: 'file', EMAIL_DRAIN_INTERVAL_MS: '300', BCRYPT_COST: '10' },
  });
});

afterAll(async () => {
  await stack?.stop();
});

function client(token?: string): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, {
    ...clientOptions,
    ...(token ? { accessToken: async () => token } : {}),
  });
}

/** Waits for a mail to `to` whose subject matches, and returns its text. */
async function waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<string> {
  const dir = path.join(stack.dataDir, 'mail');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(dir)) {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse()) {
        const raw = fs.readFileSync(path.join(dir, file), 'utf8');
        const header = raw.split('\r\n\r\n')[0];
        const toLine = /^To: (.*)$/m.exec(header)?.[1] ?? '';
        const subjectLine = /^Subject: (.*)$/m.exec(header)?.[1] ?? '';
        if (toLine.toLowerCase() === to.toLowerCase() && subject.test(subjectLine)) return raw;
      }
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} under ${dir}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The token of the /confirm link in a mail. */
function confirmToken(mail: string): string {
  const m = /\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail);
  if (!m) throw new Error(`no confirmation link in:\n${mail}`);
  return m[1];
}

/** Signs up and opens the link: a confirmed account and its session. */
async function confirmedAccount(prefix: string, password = 'a long and unusual passphrase') {
  const email = uniqueEmail(prefix);
  const signup = await client().rpc('signup', { email, password, name: prefix });
  expect(signup.error).toBeNull();
  const token = confirmToken(await waitForMail(email, /^Confirm your pgdrive email address$/));
  const confirmed = await client().rpc('confirm_email', { token });
  expect(confirmed.error, JSON.stringify(confirmed.error)).toBeNull();
  return { email, password, session: (confirmed.data as { token: string }[])[0] };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('email confirmation (auth.confirm_email on)', () => {
  it('answers signup the same whether or not the address has an account', async () => {
    const taken = await confirmedAccount('taken');
    const free = await client().rpc('signup', { email: uniqueEmail('free'), password: 'another fine passphrase' });
    const again = await client().rpc('signup', { email: taken.email.toUpperCase(), password: 'another fine passphrase' });
    expect(free.error).toBeNull();
    expect(free.status).toBe(200);
    expect(free.data).toEqual({ message: 'Check your email to confirm your address.', confirmation_sent: true });
    expect({ status: again.status, data: again.data, error: again.error }).toEqual({ status: free.status, data: free.data, error: free.error });

    const notice = await waitForMail(taken.email, /^Someone tried to sign up with your pgdrive address$/);
    expect(notice).not.toMatch(/token=/);
    // The owner's password still works.
    const login = await client().rpc('login', { email: taken.email, password: taken.password });
    expect(login.error).toBeNull();
  });

  it('takes about as long for a taken address as for a free one', async () => {
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    const taken: string[] = [];
    try {
      for (let i = 0; i < 7; i++) {
        const email = uniqueEmail('timed-taken');
        await sql`insert into app.users (email, password_hash, email_confirmed_at)
                  values (${email}, extensions.crypt('x', extensions.gen_salt('bf', 10)), now())`;
        taken.push(email);
      }
    } finally {
      await sql.end();
    }
    const time = async (email: string) => {
      const t0 = performance.now();
      const res = await client().rpc('signup', { email, password: 'timing the answers here' });
      expect(res.status).toBe(200);
      return performance.now() - t0;
    };
    const freeTimes: number[] = [];
    const takenTimes: number[] = [];
    for (let i = 0; i < taken.length; i++) {
      freeTimes.push(await time(uniqueEmail('timed-free')));
      takenTimes.push(await time(taken[i]));
    }
    const ratio = median(takenTimes) / median(freeTimes);
    expect(ratio, `median taken ${median(takenTimes).toFixed(1)} ms, free ${median(freeTimes).toFixed(1)} ms`).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.7);
  });

  it('signs in before confirming, and confirms through the mailed link once', async () => {
    const email = uniqueEmail('linked');
    const password = 'the password I chose';
    expect((await client().rpc('signup', { email, password, name: 'Linked' })).error).toBeNull();

    // Unconfirmed, the account signs in and says so (what it may not do is the next test).
    const early = await client().rpc('login', { email, password });
    expect(early.error).toBeNull();
    const [earlyGrant] = early.data as { token: string; user: { id: string; email_confirmed_at: string | null } }[];
    expect(earlyGrant.user.email_confirmed_at).toBeNull();

    const mail = await waitForMail(email, /^Confirm your pgdrive email address$/);
    expect(mail).toMatch(/http:\/\/[^\s]+\/confirm\?token=/);
    const token = confirmToken(mail);
    expect(token.length).toBeGreaterThanOrEqual(43);

    const confirmed = await client().rpc('confirm_email', { token });
    expect(confirmed.error).toBeNull();
    const [grant] = confirmed.data as { token: string; refresh_token: string; user: { id: string; email: string } }[];
    expect(grant.refresh_token).toEqual(expect.any(String));
    expect(grant.user.email).toBe(email);
    // The link of the signup that signed in keeps that account and its session.
    expect(grant.user.id).toBe(earlyGrant.user.id);
    expect((await client(earlyGrant.token).rpc('me')).error).toBeNull();
    const me = await client(grant.token).rpc('me');
    expect(me.error).toBeNull();
    expect((me.data as { email_confirmed_at: string | null }).email_confirmed_at).not.toBeNull();

    const twice = await client().rpc('confirm_email', { token });
    expect(twice.status).toBe(400);
    expect(twice.error?.message).toBe('This confirmation link is invalid or has expired');
    expect((await client().rpc('login', { email, password })).error).toBeNull();
  });

  it('refuses email shares to an unconfirmed account and invitations from one, creating nothing', async () => {
    const sharer = await confirmedAccount('sharer');
    const email = uniqueEmail('unproven');
    const password = 'not confirmed yet, but mine';
    await client().rpc('signup', { email, password });
    const login = await client().rpc('login', { email, password });
    expect(login.error).toBeNull();
    const unproven = client((login.data as { token: string }[])[0].token);
    const own = await unproven.rpc('create_folder', { name: 'My own folder' });
    expect(own.error, 'an unconfirmed account uses its own drive').toBeNull();

    const sharerClient = client(sharer.session.token);
    const folder = await sharerClient.rpc('create_folder', { name: 'For the unproven' });
    expect(folder.error).toBeNull();
    const folderId = (folder.data as { id: string }).id;
    const refused = await sharerClient.rpc('share_with', { email, folder_id: folderId });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({
      code: 'PT409',
      message: 'This person has not confirmed their email address yet, so nothing can be shared with them.',
      hint: 'Ask them to open the confirmation link we emailed them, then share again.',
    });
    const shares = await sharerClient.from('shares').select('id');
    expect(shares.error).toBeNull();
    expect(shares.data).toEqual([]);
    const received = await unproven.from('shared_with_me').select('id');
    expect(received.data).toEqual([]);

    const invite = await unproven.rpc('share_with', { email: uniqueEmail('stranger'), folder_id: (own.data as { id: string }).id });
    expect(invite.status).toBe(403);
    expect(invite.error).toMatchObject({ code: 'PT403', message: 'Confirm your email address before inviting people.' });
    expect((await unproven.from('share_invitations').select('id')).data).toEqual([]);

    // Once the address is confirmed, the same share goes through.
    const token = confirmToken(await waitForMail(email, /^Confirm your pgdrive email address$/));
    expect((await client().rpc('confirm_email', { token })).error).toBeNull();
    const granted = await sharerClient.rpc('share_with', { email, folder_id: folderId });
    expect(granted.error).toBeNull();
    expect(granted.data).toHaveProperty('share');
  });

  it('resends a link with the same answer for every address', async () => {
    const pending = uniqueEmail('pending');
    await client().rpc('signup', { email: pending, password: 'waiting for the mail' });
    await waitForMail(pending, /^Confirm your pgdrive email address$/);
    const answers = await Promise.all([pending, uniqueEmail('nobody')].map((email) => client().rpc('resend_confirmation', { email })));
    expect(answers[0].error).toBeNull();
    expect({ status: answers[0].status, data: answers[0].data }).toEqual({ status: answers[1].status, data: answers[1].data });
    const dir = path.join(stack.dataDir, 'mail');
    for (let i = 0; i < 100; i++) {
      const links = fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(`To: ${pending}`));
      if (links.length === 2) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(`To: ${pending}`))).toHaveLength(2);
  });

  it('changes an email only when the new address confirms, and never says 409', async () => {
    const me = await confirmedAccount('mover');
    const other = await confirmedAccount('holder');
    const signedIn = client(me.session.token);
    const newEmail = uniqueEmail('moved');

    const toTaken = await signedIn.rpc('update_me', { email: other.email, current_password: me.password });
    const toFree = await signedIn.rpc('update_me', { email: newEmail, current_password: me.password });
    expect(toTaken.status).toBe(200);
    expect(toFree.status).toBe(200);
    const strip = (d: unknown) => ({ ...(d as Record<string, unknown>), pending_email: undefined });
    expect(strip(toTaken.data)).toEqual(strip(toFree.data));
    expect(toFree.data).toMatchObject({ email: me.email, pending_email: newEmail, message: 'Check your new address to confirm the change.' });

    const wrong = await signedIn.rpc('update_me', { email: newEmail, current_password: 'not my password' });
    expect(wrong.status).toBe(400);

    await waitForMail(me.email, /^Your pgdrive email address is about to change$/);
    const token = confirmToken(await waitForMail(newEmail, /^Confirm your new pgdrive email address$/));
    const confirmed = await client().rpc('confirm_email', { token });
    expect(confirmed.error).toBeNull();
    expect(confirmed.data).toEqual({ message: 'Your email address was changed.', email: newEmail });
    const after = await signedIn.rpc('me');
    expect(after.data).toMatchObject({ email: newEmail, pending_email: null });
    expect((await client().rpc('login', { email: newEmail, password: me.password })).error).toBeNull();
  });
});
