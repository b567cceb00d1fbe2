// The drive on a phone (390×844) and on a laptop with the details panel open
// (1280×800): nothing wider than the window, the account menu and the drawer's
// account links within reach, columns that give way, details as a sheet, and
// a selection toolbar that stays on one line. A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inWindow, launch, overflow, png, recordProblems, screenshots, signUp, text } from './support';

const stack = inject('stack');
const shot = screenshots('phone-layout');
const email = `phone.${Date.now()}@example.com`;
const password = 'correct horse battery';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);

describe.skipIf(!stack.webUrl)('the drive on a phone and on a laptop', () => {
  beforeAll(async () => {
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs up on a phone and the drive fits the screen', async () => {
    await signUp(page, stack.webUrl!, { name: 'Grace Hopper', email, password });
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    await shot(page, 'phone empty drive');
    expect(await overflow(page)).toEqual([]);
  });

  it('keeps the account menu in the top bar, within reach', async () => {
    const account = page.getByRole('button', { name: 'Account menu' });
    expect(await inWindow(page, account)).toBe(true);
    await account.click();
    for (const name of ['Profile', 'Settings', 'Sign out']) {
      const entry = page.getByRole('menuitem', { name });
      await expect.poll(() => entry.isVisible()).toBe(true);
      expect(await inWindow(page, entry)).toBe(true);
    }
    await shot(page, 'phone account menu');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menuitem', { name: 'Profile' }).count()).toBe(0);
  });

  it('opens the drawer, which links Profile, Settings and Sign out', async () => {
    await page.getByRole('button', { name: 'Open navigation' }).click();
    const drawer = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['My Drive', 'Trash', 'Profile', 'Settings']) {
      const link = drawer.getByRole('link', { name, exact: true });
      // Polled: the drawer slides in.
      await expect.poll(() => inWindow(page, link)).toBe(true);
    }
    await expect.poll(() => inWindow(page, drawer.getByRole('button', { name: 'Sign out' }))).toBe(true);
    await shot(page, 'phone drawer');
    await drawer.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.waitForURL(/\/settings$/);
    await expect.poll(() => drawer.evaluate((el) => el.getBoundingClientRect().right <= 0)).toBe(true);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await shot(page, 'phone settings');
    expect(await overflow(page)).toEqual([]);
  });

  it('lists files with the columns that fit, and the size in full', async () => {
    await page.goto(`${stack.webUrl}/drive`);
    await page.getByTestId('file-input').setInputFiles([
      { name: 'a-rather-long-name-for-a-quarterly-budget-report-2026.txt', mimeType: 'text/plain', buffer: text(22_400, 'budget') },
      { name: 'sunset.png', mimeType: 'image/png', buffer: png(32, [250, 120, 30]) },
    ]);
    const long = item('a-rather-long-name-for-a-quarterly-budget-report-2026.txt');
    await expect.poll(() => long.isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Close uploads' }).click();
    const size = long.locator('.col-size');
    await expect.poll(() => size.innerText()).toBe('21.9 KB');
    // Not clipped: the text fits its cell.
    expect(await size.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await inWindow(page, page.getByRole('button', { name: 'Grid view' }))).toBe(true);
    expect(await inWindow(page, page.getByRole('button', { name: 'Details', exact: true }))).toBe(true);
    await shot(page, 'phone list');
    expect(await overflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'Grid view' }).click();
    await expect.poll(() => page.getByTestId('drive-items').getAttribute('class')).toContain('grid');
    await shot(page, 'phone grid');
    expect(await overflow(page)).toEqual([]);
    await page.getByRole('button', { name: 'List view' }).click();
  });

  it('shows details as a sheet from the bottom that closes', async () => {
    await item('sunset.png').click();
    await page.getByRole('button', { name: 'Details', exact: true }).click();
    const sheet = page.getByTestId('details-panel');
    await expect.poll(() => sheet.isVisible()).toBe(true);
    const box = (await sheet.boundingBox())!;
    expect(box.x).toBe(0);
    expect(box.width).toBe(390);
    // Anchored to the bottom, leaving the top of the page in view.
    expect(Math.round(box.y + box.height)).toBe(844);
    expect(box.y).toBeGreaterThan(100);
    expect(await sheet.getByText('sunset.png').first().isVisible()).toBe(true);
    await shot(page, 'phone details sheet');
    expect(await overflow(page)).toEqual([]);
    await sheet.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => sheet.count()).toBe(0);
  });

  it('fits the search page with its filters', async () => {
    await page.goto(`${stack.webUrl}/search?q=sunset`);
    await expect.poll(() => page.locator('[data-name="sunset.png"]').first().isVisible(), { timeout: 15_000 }).toBe(true);
    await shot(page, 'phone search');
    expect(await overflow(page)).toEqual([]);
  });

  it('fits the profile and trash pages', async () => {
    for (const path of ['/profile', '/trash']) {
      await page.goto(`${stack.webUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await shot(page, `phone ${path.slice(1)}`);
      expect(await overflow(page)).toEqual([]);
    }
  });

  it('signs out from the drawer', async () => {
    await page.goto(`${stack.webUrl}/drive`);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await shot(page, 'phone signed out');
    expect(await overflow(page)).toEqual([]);
  });

  it('at 1280×800 with details open, keeps the selection toolbar on one line and names readable', async () => {
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await laptop.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.webUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/drive$/);
    const long = item('a-rather-long-name-for-a-quarterly-budget-report-2026.txt');
    await long.click();
    await page.getByRole('button', { name: 'Details', exact: true }).click();
    await page.getByTestId('details-panel').waitFor();
    const bar = page.getByRole('toolbar', { name: 'Selection actions' });
    const tops = await bar.locator('button').evaluateAll((els) => [...new Set(els.map((e) => Math.round(e.getBoundingClientRect().top)))]);
    expect(tops).toHaveLength(1);
    // The name column keeps room for a readable name (at least 12 rem).
    const nameWidth = await long.locator('.name').evaluate((el) => el.getBoundingClientRect().width);
    expect(nameWidth).toBeGreaterThan(192);
    await shot(page, 'laptop details open');
    expect(await overflow(page)).toEqual([]);
    await laptop.close();
    expect(problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });
});
