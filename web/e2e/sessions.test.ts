// The sessions list in Settings, reached from the account menu in the top
// bar: each device signed in, with its address and last activity, and a
// sign-out per device that ends that device's session. At 1280×800 (this
// device a laptop, the other an iPhone) and at 390×844 (this device the
// iPhone, tapping, the other a laptop). A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, inWindow, launch, newContext, openAccountMenu, overflow, pressAt, screenshots, signUp, storyName } from './support';

const stack = inject('stack');
const password = 'correct horse battery';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
// The laptop keeps headless Chromium's own agent on Linux.
const LAPTOP = 'Chrome on Linux';
const PHONE = 'Safari on iOS';

describe.skipIf(!stack.webUrl).each(SIZES)('signing out one device at $width×$height', (size) => {
  const shot = screenshots(storyName('sessions', size));
  const email = `sessions.${size.width}.${Date.now()}@example.com`;
  const press = pressAt(size);
  // This device is the one at `size`; the other is the other kind.
  const [mine, theirs] = size.phone ? [PHONE, LAPTOP] : [LAPTOP, PHONE];

  let browser: Browser;
  let here: Page;
  let other: Page;

  beforeAll(async () => {
    browser = await launch();
    const otherSize = size.phone ? SIZES[0] : SIZES[1];
    here = await (await newContext(browser, size, size.phone ? { userAgent: IPHONE } : {})).newPage();
    other = await (await newContext(browser, otherSize, otherSize.phone ? { userAgent: IPHONE } : {})).newPage();
    here.setDefaultTimeout(15_000);
    other.setDefaultTimeout(15_000);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      if (here) await shot(here, `FAILED this device ${ctx.task.name}`);
      if (other) await shot(other, `FAILED other device ${ctx.task.name}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens Settings from the account menu and lists both devices, this one marked', async () => {
    await signUp(here, stack.webUrl!, { name: 'Two Devices', email, password });
    await other.goto(`${stack.webUrl}/login`);
    await other.getByLabel('Email').fill(email);
    await other.getByLabel('Password').fill(password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForURL(/\/drive$/);

    await openAccountMenu(here, 'Settings', size);
    await here.waitForURL(/\/settings$/);
    const list = here.getByTestId('sessions').locator('li');
    await expect.poll(() => list.count()).toBe(2);
    const current = here.getByTestId('sessions').locator('li[data-current="true"]');
    expect(await current.innerText()).toContain('This device');
    expect(await current.innerText()).toContain(mine);
    const that = here.getByTestId('sessions').locator('li[data-current="false"]');
    expect(await that.innerText()).toContain(theirs);
    expect(await that.innerText()).toMatch(/\d.* · last active /);
    // Each device's sign-out is within reach once scrolled to, and nothing sticks out sideways.
    const signOut = here.getByRole('button', { name: `Sign out ${theirs}` });
    await signOut.scrollIntoViewIfNeeded();
    expect(await inWindow(here, signOut)).toBe(true);
    expect(await inWindow(here, here.getByRole('button', { name: 'Sign out this device' }))).toBe(true);
    expect(await overflow(here)).toEqual([]);
    await shot(here, 'two sessions');
  });

  it('signs the other device out, which then has to sign in again', async () => {
    await press(here.getByRole('button', { name: `Sign out ${theirs}` }));
    await expect.poll(() => here.getByTestId('sessions').locator('li').count()).toBe(1);
    await expect.poll(() => here.locator('.toast').filter({ hasText: `${theirs} was signed out` }).isVisible()).toBe(true);
    expect(await inWindow(here, here.locator('.toast').filter({ hasText: `${theirs} was signed out` }))).toBe(true);
    await shot(here, 'other device signed out');
    await other.reload();
    await other.waitForURL(/\/login/);
    await shot(other, 'other device must sign in again');
    // This device is still signed in.
    await here.reload();
    await expect.poll(() => here.getByTestId('sessions').locator('li').count()).toBe(1);
    expect(await here.getByTestId('sessions').locator('li[data-current="true"]').innerText()).toContain(mine);
  });
});
