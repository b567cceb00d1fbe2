// A user upgrades their plan with M-Pesa against the Daraja simulator, sees
// the new quota and the payment's receipt, and then a payment they cancel on the phone (the
// simulator's 1032 for a number ending 1032) says so in plain words.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newContext, recordProblems, screenshots, signUp } from './support';

const stack = inject('stack');
const run = Date.now().toString(36);
const shot = screenshots('plans');
const digits = String(Date.now() % 10_000).padStart(4, '0');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

describe.skipIf(!stack.webUrl)('a user upgrades their storage with M-Pesa', () => {
  beforeAll(async () => {
    browser = await launch();
    context = await newContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('pays for Plus and sees the new quota', async () => {
    await signUp(page, stack.webUrl!, { name: 'Wanjiru', email: `plans-${run}@example.com`, password: 'a passphrase for paying' });
    await page.goto(`${stack.webUrl}/plans`);
    await expect.poll(() => page.getByRole('heading', { name: 'Your plan: Free' }).isVisible()).toBe(true);
    const before = await page.getByTestId('plan-usage').textContent();
    await shot(page, 'free plan');
    await page.getByRole('button', { name: 'Upgrade' }).first().click();
    await page.getByLabel('M-Pesa phone number').fill(`07${digits} 56 78`);
    await page.getByRole('button', { name: /^Pay KES/ }).click();
    await expect.poll(() => page.getByText('Check your phone and enter your M-Pesa PIN.').isVisible()).toBe(true);
    await shot(page, 'check your phone');
    await expect.poll(() => page.getByText('Paid. Your new storage is ready.').isVisible(), { timeout: 20_000 }).toBe(true);
    await shot(page, 'paid');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your plan: Plus' }).isVisible()).toBe(true);
    expect(await page.getByTestId('plan-usage').textContent()).not.toBe(before);
    await expect.poll(() => page.getByRole('cell', { name: 'Paid' }).isVisible()).toBe(true);
    await shot(page, 'plus plan');
  });

  it("opens the payment's receipt at its own URL, printable", async () => {
    const link = page.getByRole('link', { name: /^Receipt for the payment of / }).first();
    const receiptNumber = (await link.textContent())!.trim();
    expect(receiptNumber).toMatch(/^[A-Z0-9]{10}$/);
    await link.click();
    await page.waitForURL(/\/plans\/receipts\/[0-9a-f-]{36}$/);
    const receiptUrl = page.url();
    const receipt = page.getByRole('article', { name: 'Payment receipt' });
    await expect.poll(() => receipt.isVisible()).toBe(true);
    const text = (await receipt.textContent()) ?? '';
    expect(text).toContain(receiptNumber);
    expect(text).toContain('Plus');
    expect(text).toMatch(/KES\s?\d/);
    expect(text).toContain('+254 7•• ••• 678');
    expect(text).not.toContain(`${digits}56`);
    expect(text).toMatch(/Period.+ to .+/);
    expect(text).toContain('Paid');
    await shot(page, 'receipt');

    // The URL is the receipt: a reload (or a link from the payment email) opens it again.
    await page.reload();
    await expect.poll(() => receipt.isVisible()).toBe(true);
    expect(page.url()).toBe(receiptUrl);
    // Print: the browser's dialog, with only the receipt on paper.
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.locator('body').getAttribute('data-printed')).toBe('yes');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await shot(page, 'receipt printed');
    await page.emulateMedia({ media: 'screen' });

    // Someone else's (or a made-up) id is a plain not-found page.
    await page.goto(`${stack.webUrl}/plans/receipts/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByText('There is no such payment among yours.').isVisible()).toBe(true);
    await page.goto(`${stack.webUrl}/plans`);
    await expect.poll(() => page.getByRole('heading', { name: 'Your plan: Plus' }).isVisible()).toBe(true);
  });

  it('a payment cancelled on the phone says so, with Try again', async () => {
    await page.getByRole('button', { name: 'Extend' }).click();
    const phone = page.getByLabel('M-Pesa phone number');
    expect(await phone.inputValue()).toBe(`07${digits} 56 78`);
    await phone.fill(`07${digits}1032`);
    await page.getByRole('button', { name: /^Pay KES/ }).click();
    await expect.poll(() => page.getByText('You cancelled the payment on your phone.').isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await shot(page, 'cancelled');
    expect(problems).toEqual([]);
  });
});
