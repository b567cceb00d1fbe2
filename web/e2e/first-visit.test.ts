// A first visit and the API failing: a signed-out landing page with sign-in
// and sign-up and no failing request, a skeleton while the first page loads,
// "not found" inside the app's shell, and when the API stops or slows down
// mid-session a message with "Try again" that recovers. A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { SIZES, openNav, launch, newContext, recordProblems, screenshots, storyName } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('a first visit, and the API failing at $width×$height', (size) => {
  const shot = screenshots(storyName('first-visit', size));
  const email = `first.${size.width}.${Date.now()}@example.com`;
  const password = 'correct horse battery';

  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const failed: string[] = [];

  const api = () => `${new URL(stack.apiUrl).origin}/**`;

  beforeAll(async () => {
    browser = await launch();
    context = await newContext(browser, size);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a signed-out visitor what pgdrive is, with sign-in and sign-up, and no failing request', async () => {
    await page.goto(stack.webUrl!);
    await page.getByRole('heading', { level: 1, name: 'Your files, safe and close at hand' }).waitFor();
    expect(await page.getByRole('link', { name: 'Create a free account' }).getAttribute('href')).toBe('/signup');
    expect(await page.getByRole('link', { name: 'Sign in' }).first().getAttribute('href')).toBe('/login');
    await page.waitForLoadState('networkidle');
    await shot(page, 'landing');
    expect(failed).toEqual([]);
  });

  it('signs up from the landing page', async () => {
    await page.getByRole('link', { name: 'Create a free account' }).click();
    await page.waitForURL(/\/signup$/);
    await page.getByLabel('Name').fill('First Visitor');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/drive');
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    // Signed in, the front door leads to the drive.
    await page.goto(stack.webUrl!);
    await page.waitForURL('**/drive');
  });

  it('shows a skeleton, never a blank page, while the first page loads', async () => {
    // Hold the session check for a moment, as a slow network would.
    const slow = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1_500));
      await route.continue();
    };
    await page.route('**/session/refresh', slow);
    const loading = page.goto(`${stack.webUrl}/drive`);
    const skeleton = page.getByTestId('boot-skeleton');
    await expect.poll(() => skeleton.isVisible()).toBe(true);
    await shot(page, 'boot skeleton');
    await loading;
    await expect.poll(() => page.getByTestId('empty-folder').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await skeleton.count()).toBe(0);
    await page.unroute('**/session/refresh', slow);
  });

  it('shows "not found" inside the app shell', async () => {
    for (const path of ['/no-such-page', '/drive/00000000-0000-4000-8000-000000000000']) {
      await page.goto(`${stack.webUrl}${path}`);
      const state = page.getByTestId('error-state');
      await expect.poll(() => state.getAttribute('data-status')).toBe('404');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      // The shell stays: the top bar's account menu and the sidebar.
      expect(await page.getByRole('button', { name: 'Account menu' }).isVisible()).toBe(true);
      // The sidebar, or on a phone the button that opens it as a drawer.
      const sidebar = size.phone ? page.getByRole('button', { name: 'Open navigation' })
        : page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My Drive' });
      expect(await sidebar.isVisible()).toBe(true);
    }
    await shot(page, 'not found in shell');
    await page.getByRole('link', { name: 'Go to my drive' }).click();
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
  });

  it('says the drive cannot be reached when the API stops mid-session, and recovers with Try again', async () => {
    const down = (route: Route) => route.abort('connectionrefused');
    await page.route(api(), down);
    await openNav(page, 'Trash');
    const state = page.getByTestId('error-state');
    await page.getByRole('heading', { name: 'Can’t reach pgdrive' }).waitFor();
    expect(await state.getAttribute('data-status')).toBe('503');
    expect(await page.getByRole('button', { name: 'Account menu' }).isVisible()).toBe(true);
    await shot(page, 'api down');
    await page.unroute(api(), down);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Trash', level: 1 }).waitFor();
    expect(await state.count()).toBe(0);
    await shot(page, 'recovered');
  });

  it('says the drive is slow after 10 seconds, with a progress bar until then, and recovers', async () => {
    const slow = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 12_000));
      await route.continue().catch(() => undefined);
    };
    await page.route(api(), slow);
    const started = Date.now();
    await openNav(page, 'My Drive');
    await expect.poll(() => page.getByTestId('navigation-progress').isVisible()).toBe(true);
    await shot(page, 'loading slowly');
    await page.getByRole('heading', { name: 'pgdrive is taking too long' }).waitFor({ timeout: 15_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
    await shot(page, 'api slow');
    await page.unroute(api(), slow);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    expect(problems.filter((p) => !/Failed to load resource|net::ERR|fetch/i.test(p))).toEqual([]);
  }, 40_000);
});
