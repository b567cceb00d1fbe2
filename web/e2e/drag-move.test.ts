// Moving by dragging: a selection dropped on a folder row or on a breadcrumb
// moves there, the target highlighted while over it, and the toast says
// where with Undo, which brings the items back. A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, openNav, launch, newContext, recordProblems, screenshots, signUp, storyName, text } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('drag to move at $width×$height', (size) => {
  const shot = screenshots(storyName('drag-move', size));
  const email = `drag.${size.width}.${Date.now()}@example.com`;

  let browser: Browser;
  let page: Page;
  let problems: string[];

  const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);
  const toast = (message: string) => page.locator('.toast').filter({ hasText: message });

  async function newFolder(name: string) {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => item(name).isVisible()).toBe(true);
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

  it('drops three selected files on a folder, says where, and Undo brings them back', async () => {
    await signUp(page, stack.webUrl!, { name: 'Drag Mover', email, password: 'correct horse battery' });
    await page.getByTestId('file-input').setInputFiles(
      ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, mimeType: 'text/plain', buffer: text(100, name) })),
    );
    await expect.poll(() => item('c.txt').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Close uploads' }).click();
    await newFolder('Reports');

    await item('a.txt').click();
    await item('c.txt').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[role="option"][aria-selected="true"]').count()).toBe(3);
    await item('b.txt').dragTo(item('Reports'));
    await expect.poll(() => toast('Moved 3 items to Reports').isVisible()).toBe(true);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) expect(await item(name).count()).toBe(0);
    await shot(page, 'moved to reports');

    await toast('Moved 3 items to Reports').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => toast('Moved 3 items back').isVisible()).toBe(true);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await expect.poll(() => item(name).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);
    await item('Reports').dblclick();
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    await shot(page, 'undone');
  });

  it('drops a file on a breadcrumb, highlighted while over it', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My Drive' }).click();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);
    await item('a.txt').dragTo(item('Reports'));
    await expect.poll(() => toast('Moved “a.txt” to Reports').isVisible()).toBe(true);
    await item('Reports').dblclick();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);

    const crumb = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My Drive' });
    // Hold the drag over the crumb: it lights up.
    await item('a.txt').hover();
    await page.mouse.down();
    const box = (await crumb.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await expect.poll(() => crumb.getAttribute('class')).toContain('drop');
    await shot(page, 'over breadcrumb');
    await page.mouse.up();
    await expect.poll(() => toast('Moved “a.txt” to My Drive').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    await toast('Moved “a.txt” to My Drive').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);
    await shot(page, 'breadcrumb move undone');
    expect(problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });

  it('shows in the trash where each item came from, and Restore says where it went back to', async () => {
    await item('a.txt').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => item('a.txt').count()).toBe(0);
    await openNav(page, 'Trash');
    const row = page.getByTestId('trash-items').locator('[data-name="a.txt"]');
    await expect.poll(() => row.innerText()).toContain('From Reports');
    await shot(page, 'trash shows origin');
    await page.getByRole('button', { name: 'Restore a.txt' }).click();
    const restored = toast('“a.txt” restored to Reports');
    await expect.poll(() => restored.isVisible()).toBe(true);
    await restored.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/\/drive\/[0-9a-f-]{36}\?file=/);
    await expect.poll(() => item('a.txt').getAttribute('aria-selected')).toBe('true');
  });
});
