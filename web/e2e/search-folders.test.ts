// Search says where each file is: two photos named "sunset.png", one at the
// top of the drive and one in Photos › 2024, are told apart by their folder in
// the suggestions as you type and on the results page, and a result opens in
// its own folder. On a laptop and on a phone. A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, launch, newContext, png, recordProblems, screenshots, signUp, storyName } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('search shows each file\'s folder at $width×$height', (size) => {
  const shot = screenshots(storyName('search-folders', size));
  const email = `where.${size.width}.${Date.now()}@example.com`;

  let browser: Browser;
  let page: Page;
  let problems: string[];

  const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);

  async function upload(name: string, rgb: [number, number, number]) {
    await page.getByTestId('file-input').setInputFiles([{ name, mimeType: 'image/png', buffer: png(32, rgb) }]);
    await expect.poll(() => item(name).isVisible(), { timeout: 20_000 }).toBe(true);
    const close = page.getByRole('button', { name: 'Close uploads' });
    await expect.poll(() => close.isVisible(), { timeout: 20_000 }).toBe(true);
    await close.click();
  }

  async function openNewFolder(name: string) {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => item(name).isVisible()).toBe(true);
    await item(name).dblclick();
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
  }

  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser, size)).newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('puts one sunset.png at the top of the drive and another in Photos › 2024', async () => {
    await signUp(page, stack.webUrl!, { name: 'Wendy Where', email, password: 'correct horse battery' });
    await upload('sunset.png', [240, 120, 30]);
    await openNewFolder('Photos');
    await openNewFolder('2024');
    await upload('sunset.png', [30, 60, 200]);
    await shot(page, 'second sunset in 2024');
  });

  it('tells the two apart by their folder in the suggestions as you type', async () => {
    const box = page.getByRole('combobox', { name: 'Search in Drive' });
    await box.click();
    await box.pressSequentially('sunset', { delay: 40 });
    const suggestions = page.getByRole('listbox', { name: 'Search suggestions' });
    const found = suggestions.locator('[role="option"][data-name="sunset.png"]');
    await expect.poll(() => found.count()).toBe(2);
    const where = await found.getByTestId('suggestion-folder').allTextContents();
    expect(where.sort()).toEqual(['in My Drive', 'in My Drive › Photos › 2024']);
    for (const w of await found.getByTestId('suggestion-folder').all()) expect(await w.isVisible()).toBe(true);
    await shot(page, 'suggestions with folders');
  });

  it('shows the folder of each result on the results page, and opens a result in its folder', async () => {
    await page.getByRole('combobox', { name: 'Search in Drive' }).press('Enter');
    await page.waitForURL(/\/search\?q=sunset$/);
    const results = page.getByTestId('search-results').locator('li[data-name="sunset.png"]');
    await expect.poll(() => results.count()).toBe(2);
    const where = await results.getByTestId('result-folder').allTextContents();
    expect(where.sort()).toEqual(['in My Drive', 'in My Drive › Photos › 2024']);
    await shot(page, 'results with folders');

    const inPhotos = results.filter({ has: page.getByTestId('result-folder').filter({ hasText: '2024' }) });
    await inPhotos.getByRole('link', { name: 'sunset.png', exact: true }).click();
    await page.waitForURL(/\/drive\/[0-9a-f-]{36}\?file=/);
    await expect.poll(() => item('sunset.png').isVisible()).toBe(true);
    expect(await item('2024').count()).toBe(0);
    await shot(page, 'opened in 2024');
    expect(problems).toEqual([]);
  });
});
