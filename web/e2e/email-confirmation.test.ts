// With email confirmation on (npm start's default; the shared test stack
// runs with it off, so this file turns it on for its own run): signing up
// says "check your email", signing in before confirming works and shows a
// banner with "Resend", the link read from the mail confirms and signs in
// through the session routes' HttpOnly cookie, and an
// email change in Settings (reached from the drawer on a phone) waits for the
// new address's link. At 1280×800 and 390×844 (tapping, nothing wider than
// the window); a screenshot per step.
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SIZES, accountInitials, inWindow, launch, newContext, openAccountMenu, openNav, overflow, pressAt, recordProblems, screenshots, storyName, waitForLink } from './support';

const stack = inject('stack');
const password = 'a passphrase for confirming';

async function setConfirmation(value: 'on' | 'off') {
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into private.settings (key, value) values ('auth.confirm_email', ${value})
              on conflict (key) do update set value = excluded.value`;
  } finally {
    await sql.end();
  }
}

describe.skipIf(!stack.webUrl).each(SIZES)('a new person confirms their email address at $width×$height', (size) => {
  const run = `${size.width}-${Date.now().toString(36)}`;
  const email = `confirm-${run}@example.com`;
  const newEmail = `confirm-moved-${run}@example.com`;
  const shot = screenshots(storyName('email-confirmation', size));
  const press = pressAt(size);

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let resentSince = 0;

  beforeAll(async () => {
    await setConfirmation('on');
    browser = await launch();
    context = await newContext(browser, size);
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
    await press(page.getByRole('button', { name: 'Create account' }));
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true);
    expect(await page.getByRole('status').first().textContent()).toContain(email);
    expect(page.url()).toMatch(/\/signup$/);
    expect((await context.cookies()).find((c) => c.name === 'pgdrive_refresh')).toBeUndefined();
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'check your email');
  });

  it('signs in before confirming, is shown a banner, and has the link sent again', async () => {
    await page.goto(`${stack.webUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await press(page.getByRole('button', { name: 'Sign in' }));
    await page.waitForURL('**/drive');
    const banner = page.getByRole('region', { name: 'Unconfirmed email address' });
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toContain(`We sent a link to ${email}`);
    expect(await banner.textContent()).toContain('people cannot share with you by email');
    expect(await inWindow(page, banner.getByRole('button', { name: 'Resend' }))).toBe(true);
    resentSince = Date.now();
    await press(banner.getByRole('button', { name: 'Resend' }));
    await expect.poll(() => banner.getByText('a new link is on its way').isVisible()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'unconfirmed banner');
  });

  it('opens the resent link from the mail and stays signed in, confirmed', async () => {
    const link = await waitForLink(stack.dataDir, email, '/confirm', { since: resentSince });
    expect(new URL(link).origin).toBe(new URL(stack.webUrl!).origin);
    await page.goto(link);
    // The single-use token leaves the address bar at once.
    await expect.poll(() => page.url()).toMatch(/\/confirm$/);
    await shot(page, 'confirm page');
    await press(page.getByRole('button', { name: 'Confirm my email address' }));
    await page.waitForURL('**/drive');
    await expect.poll(() => accountInitials(page)).toBe('GH');
    expect(await page.getByRole('region', { name: 'Unconfirmed email address' }).count()).toBe(0);
    const refresh = (await context.cookies()).find((c) => c.name === 'pgdrive_refresh');
    expect(refresh?.httpOnly).toBe(true);
    expect(refresh?.sameSite).toBe('Strict');
    // A reload restores the session from the cookie, still confirmed.
    await page.reload();
    await expect.poll(() => accountInitials(page)).toBe('GH');
    expect(await page.getByRole('region', { name: 'Unconfirmed email address' }).count()).toBe(0);
    await shot(page, 'signed in');
  });

  it('changes the email in settings only when the new address confirms', async () => {
    const since = Date.now();
    // From the account menu on a laptop, from the drawer on a phone: both ways a person gets there.
    if (size.phone) await openNav(page, 'Settings', size);
    else await openAccountMenu(page, 'Settings', size);
    await page.waitForURL('**/settings');
    await page.getByLabel('New email address').fill(newEmail);
    await page.locator('#email-password').fill(password);
    const change = page.getByRole('button', { name: 'Change email' });
    await change.scrollIntoViewIfNeeded();
    expect(await inWindow(page, change)).toBe(true);
    await press(change);
    await expect.poll(() => page.getByText('Check your new address to confirm the change.').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`Waiting for ${newEmail} to be confirmed`).isVisible()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'check your new address');

    const link = await waitForLink(stack.dataDir, newEmail, '/confirm', { since });
    await page.goto(link);
    await press(page.getByRole('button', { name: 'Confirm my email address' }));
    await expect.poll(() => page.getByRole('heading', { name: 'Email address changed' }).isVisible()).toBe(true);
    expect(await page.getByText("Your account's email address is now").textContent()).toContain(newEmail);
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'email changed');
    await press(page.getByRole('link', { name: 'Continue' }));
    await page.waitForURL('**/settings');
    await expect.poll(() => page.getByText(`You sign in with ${newEmail}`).isVisible()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'settings with the new address');
    expect(problems).toEqual([]);
  });
});
