// axe-core over the pages people use, in the light and the dark theme: no
// serious or critical WCAG 2.1 A/AA violation (contrast included); and the
// keyboard: a skip link first, `/` to search, `?` for the shortcut sheet,
// and tooltips on icon buttons. A screenshot per step.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, launch, newContext, openNav, screenshots, signUp, storyName, text } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('accessibility at $width×$height', (size) => {
  const shot = screenshots(storyName('accessibility', size));
  const email = `a11y.${size.width}.${Date.now()}@example.com`;
  const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  let browser: Browser;
  let page: Page;

  interface Violation {
    id: string;
    impact: string | null;
    help: string;
    nodes: { target: string[] }[];
  }

  /** The serious and critical violations on the page as it is now, one line each. */
  async function violations(p: Page): Promise<string[]> {
    // Through DevTools, so the page's CSP does not stop the script.
    await p.evaluate(axeSource);
    const found = await p.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe;
      const res = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return res.violations;
    });
    return found
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  }

  /**
   * Picks the theme as a person at this size does: the top bar's toggle on a
   * laptop; on a phone the bar has no room for it, so Settings' Theme, then
   * back to My Drive through the drawer.
   */
  async function pickTheme(theme: 'light' | 'dark') {
    if (!size.phone) {
      await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
      return;
    }
    await openNav(page, 'Settings');
    await page.locator('select#theme').selectOption(theme);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    await openNav(page, 'My Drive');
    await page.locator('[role="option"]').first().waitFor();
  }

  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser, size)).newPage();
    page.setDefaultTimeout(15_000);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds nothing serious on the sign-in page', async () => {
    await page.goto(`${stack.webUrl}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot(page, 'login');
    expect(await violations(page)).toEqual([]);
  });

  it('finds nothing serious on the drive, with files, tags and a selection, in both themes', async () => {
    await signUp(page, stack.webUrl!, { name: 'Ally Axe', email, password: 'correct horse battery' });
    await page.getByTestId('file-input').setInputFiles([
      { name: 'report.txt', mimeType: 'text/plain', buffer: text(2_000, 'report') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: text(1_000, 'notes') },
    ]);
    const row = page.locator('[role="option"][data-name="report.txt"]');
    await expect.poll(() => row.isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Close uploads' }).click();
    await row.click();
    await page.getByRole('button', { name: 'Details', exact: true }).click();
    const box = page.getByTestId('details-panel').getByRole('combobox');
    await box.fill('finance');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('details-panel').getByTestId('file-tags').isVisible()).toBe(true);
    await shot(page, 'drive light');
    expect(await violations(page)).toEqual([]);
    await pickTheme('dark');
    if (size.phone) {
      // Back from Settings: the same selection and details sheet as in the light run.
      await row.click();
      await page.getByRole('button', { name: 'Details', exact: true }).click();
      await expect.poll(() => page.getByTestId('details-panel').getByTestId('file-tags').isVisible()).toBe(true);
    }
    await shot(page, 'drive dark');
    expect(await violations(page)).toEqual([]);
    await pickTheme('light');
  });

  it('finds nothing serious on search, trash and settings', async () => {
    await page.goto(`${stack.webUrl}/search?q=report`);
    await expect.poll(() => page.locator('[data-name="report.txt"]').first().isVisible(), { timeout: 15_000 }).toBe(true);
    await shot(page, 'search');
    expect(await violations(page)).toEqual([]);
    await page.goto(`${stack.webUrl}/trash`);
    await page.getByRole('heading', { name: 'Trash', level: 1 }).waitFor();
    await shot(page, 'trash');
    expect(await violations(page)).toEqual([]);
    await page.goto(`${stack.webUrl}/settings`);
    await page.getByTestId('sessions').waitFor();
    await shot(page, 'settings');
    expect(await violations(page)).toEqual([]);
  });

  it('reaches the content with the first Tab, search with /, and the shortcut sheet with ?', async () => {
    await page.goto(`${stack.webUrl}/drive`);
    await page.locator('[role="option"]').first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await shot(page, 'skip link');
    await page.keyboard.press('Enter');
    // The next Tab lands in the page, not in the top bar or the sidebar.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('#main'))).toBe(true);

    await page.locator('body').click({ position: { x: Math.min(700, size.width - 10), y: 600 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-search-input'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: Math.min(700, size.width - 10), y: 600 } });
    await page.keyboard.press('Shift+?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => sheet.isVisible()).toBe(true);
    expect(await sheet.innerText()).toContain('Move to trash');
    await shot(page, 'shortcut sheet');
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('gives every icon-only button a tooltip', async () => {
    await page.locator('[role="option"]').first().click();
    const untitled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>('header button, .toolbar button, .head button')]
        .filter((b) => b.offsetParent !== null && !b.textContent?.trim() && !b.title)
        .map((b) => b.getAttribute('aria-label') ?? b.outerHTML.slice(0, 80)),
    );
    expect(untitled).toEqual([]);
  });
});
