// With email confirmation on (npm start's default; the shared test stack
// runs with it off, so this file turns it on for its own run): signing up
// says "check your email", signing in before confirming works and shows a
// banner with "Resend", the link read from the mail confirms and signs in
// through the session routes' HttpOnly cookie, and an
// email change in settings waits for the new address's link.
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newContext, recordProblems, screenshots, waitForLink } from './support';

const stack = inject('stack');
const run = Date.now().toString(36);
const email = `confirm-${run}@example.com`;
const newEmail = `confirm-moved-${run}@example.com`;
const password = 'a passphrase for confirming';
const shot = screenshots('email-confirmation');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let resentSince = 0;

async function setConfirmation(value: 'on' | 'off') {
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into private.settings (key, value) values ('auth.confirm_email', ${value})
              on conflict (key) do update set value = excluded.value`;
  } finally {
    await sql.end();
  }
}

describe.skipIf(!stack.webUrl)('a new person confirms their email address', () => {
  beforeAll(async () => {
    await setConfirmation('on');
    browser = await launch();
    context = await newContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
    await setConfirmation('off');
  });

  it('signs up and is told to check their email, with no session', async () => {
    await page.goto(`${stack.webUrl}/signup`);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true);
    expect(await page.getByRole('status').first().textContent()).toContain(email);
    expect(page.url()).toMatch(/\/signup$/);
    expect((await context.cookies()).find((c) => c.name === 'pgdrive_refresh')).toBeUndefined();
    await shot(page, 'check your email');
  });

  it('signs in before confirming, is shown a banner, and has the link sent again', async () => {
    await page.goto(`${stack.webUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/drive');
    const banner = page.getByRole('region', { name: 'Unconfirmed email address' });
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toContain(`We sent a link to ${email}`);
    expect(await banner.textContent()).toContain('people cannot share with you by email');
    resentSince = Date.now();
    await banner.getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => banner.getByText('a new link is on its way').isVisible()).toBe(true);
    await shot(page, 'unconfirmed banner');
  });

  it('opens the resent link from the mail and stays signed in, confirmed', async () => {
    const link = await waitForLink(stack.dataDir, email, '/confirm', { since: resentSince });
    expect(new URL(link).origin).toBe(new URL(stack.webUrl!).origin);
    await page.goto(link);
    // The single-use token leaves the address bar at once.
    await expect.poll(() => page.url()).toMatch(/\/confirm$/);
    await shot(page, 'confirm page');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await page.waitForURL('**/drive');
    await expect.poll(() => page.getByRole('button', { name: 'Account menu' }).textContent()).toContain('GH');
    expect(await page.getByRole('region', { name: 'Unconfirmed email address' }).count()).toBe(0);
    const refresh = (await context.cookies()).find((c) => c.name === 'pgdrive_refresh');
    expect(refresh?.httpOnly).toBe(true);
    expect(refresh?.sameSite).toBe('Strict');
    // A reload restores the session from the cookie, still confirmed.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Account menu' }).textContent()).toContain('GH');
    expect(await page.getByRole('region', { name: 'Unconfirmed email address' }).count()).toBe(0);
    await shot(page, 'signed in');
  });

  it('changes the email in settings only when the new address confirms', async () => {
    const since = Date.now();
    await page.goto(`${stack.webUrl}/settings`);
    await page.getByLabel('New email address').fill(newEmail);
    await page.locator('#email-password').fill(password);
    await page.getByRole('button', { name: 'Change email' }).click();
    await expect.poll(() => page.getByText('Check your new address to confirm the change.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`Waiting for ${newEmail} to be confirmed`).isVisible()).toBe(true);
    await shot(page, 'check your new address');

    const link = await waitForLink(stack.dataDir, newEmail, '/confirm', { since });
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Email address changed' }).isVisible()).toBe(true);
    expect(await page.getByText("Your account's email address is now").textContent()).toContain(newEmail);
    await shot(page, 'email changed');
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL('**/settings');
    await expect.poll(() => page.getByText(`You sign in with ${newEmail}`).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });
});
