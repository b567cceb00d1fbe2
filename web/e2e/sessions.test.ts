// The sessions list in Settings: each device signed in, with its address and
// last activity, and a sign-out per device that ends that device's session.
// A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('sessions');
const email = `sessions.${Date.now()}@example.com`;
const password = 'correct horse battery';

let browser: Browser;
let laptop: Page;
let phone: Page;

describe.skipIf(!stack.webUrl)('signing out one device', () => {
  beforeAll(async () => {
    browser = await launch();
    laptop = await (await newContext(browser)).newPage();
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    });
    phone = await phoneContext.newPage();
    laptop.setDefaultTimeout(15_000);
    phone.setDefaultTimeout(15_000);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(laptop, `FAILED laptop ${ctx.task.name}`);
      await shot(phone, `FAILED phone ${ctx.task.name}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists both devices, this one marked', async () => {
    await signUp(laptop, stack.webUrl!, { name: 'Two Devices', email, password });
    await phone.goto(`${stack.webUrl}/login`);
    await phone.getByLabel('Email').fill(email);
    await phone.getByLabel('Password').fill(password);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.waitForURL(/\/drive$/);

    await laptop.goto(`${stack.webUrl}/settings`);
    const list = laptop.getByTestId('sessions').locator('li');
    await expect.poll(() => list.count()).toBe(2);
    const mine = laptop.getByTestId('sessions').locator('li[data-current="true"]');
    expect(await mine.innerText()).toContain('This device');
    const other = laptop.getByTestId('sessions').locator('li[data-current="false"]');
    expect(await other.innerText()).toContain('Safari on iOS');
    expect(await other.innerText()).toMatch(/\d.* · last active /);
    await shot(laptop, 'two sessions');
  });

  it('signs the other device out, which then has to sign in again', async () => {
    await laptop.getByRole('button', { name: 'Sign out Safari on iOS' }).click();
    await expect.poll(() => laptop.getByTestId('sessions').locator('li').count()).toBe(1);
    await expect.poll(() => laptop.locator('.toast').filter({ hasText: 'Safari on iOS was signed out' }).isVisible()).toBe(true);
    await shot(laptop, 'other device signed out');
    await phone.reload();
    await phone.waitForURL(/\/login/);
    await shot(phone, 'phone must sign in again');
    // This device is still signed in.
    await laptop.reload();
    await expect.poll(() => laptop.getByTestId('sessions').locator('li').count()).toBe(1);
  });
});
