// Moving by dragging: a selection dropped on a folder row or on a breadcrumb
// moves there, the target highlighted while over it, and the toast says
// where with Undo, which brings the items back. A screenshot per step.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SIZES, openNav, screenshots, signUp, storyName, storyPage, text } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('drag to move at $width×$height', (size) => {
  const shot = screenshots(storyName('drag-move', size));
  const story = storyPage(shot, { size });
  const email = `drag.${size.width}.${Date.now()}@example.com`;


  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);
  const toast = (message: string) => story.page.locator('.toast').filter({ hasText: message });

  async function newFolder(name: string) {
    await story.page.getByRole('button', { name: 'New', exact: true }).click();
    await story.page.getByRole('menuitem', { name: 'New folder' }).click();
    await story.page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
    await story.page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => item(name).isVisible()).toBe(true);
  }

  it('drops three selected files on a folder, says where, and Undo brings them back', async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Drag Mover', email, password: 'correct horse battery' });
    await story.page.getByTestId('file-input').setInputFiles(
      ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, mimeType: 'text/plain', buffer: text(100, name) })),
    );
    await expect.poll(() => item('c.txt').isVisible(), { timeout: 20_000 }).toBe(true);
    await story.page.getByRole('button', { name: 'Close uploads' }).click();
    await newFolder('Reports');

    await item('a.txt').click();
    await item('c.txt').click({ modifiers: ['Shift'] });
    await expect.poll(() => story.page.locator('[role="option"][aria-selected="true"]').count()).toBe(3);
    await item('b.txt').dragTo(item('Reports'));
    await expect.poll(() => toast('Moved 3 items to Reports').isVisible()).toBe(true);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) expect(await item(name).count()).toBe(0);
    await shot(story.page, 'moved to reports');

    await toast('Moved 3 items to Reports').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => toast('Moved 3 items back').isVisible()).toBe(true);
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await expect.poll(() => item(name).isVisible()).toBe(true);
    await story.page.reload();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);
    await item('Reports').dblclick();
    await expect.poll(() => story.page.getByTestId('empty-folder').isVisible()).toBe(true);
    await shot(story.page, 'undone');
  });

  it('drops a file on a breadcrumb, highlighted while over it', async () => {
    await story.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My Drive' }).click();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);
    await item('a.txt').dragTo(item('Reports'));
    await expect.poll(() => toast('Moved “a.txt” to Reports').isVisible()).toBe(true);
    await item('Reports').dblclick();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);

    const crumb = story.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My Drive' });
    // Hold the drag over the crumb: it lights up.
    await item('a.txt').hover();
    await story.page.mouse.down();
    const box = (await crumb.boundingBox())!;
    await story.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await expect.poll(() => crumb.getAttribute('class')).toContain('drop');
    await shot(story.page, 'over breadcrumb');
    await story.page.mouse.up();
    await expect.poll(() => toast('Moved “a.txt” to My Drive').isVisible()).toBe(true);
    await expect.poll(() => story.page.getByTestId('empty-folder').isVisible()).toBe(true);
    await toast('Moved “a.txt” to My Drive').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => item('a.txt').isVisible()).toBe(true);
    await shot(story.page, 'breadcrumb move undone');
    expect(story.problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });

  it('shows in the trash where each item came from, and Restore says where it went back to', async () => {
    await item('a.txt').click();
    await story.page.keyboard.press('Delete');
    await expect.poll(() => item('a.txt').count()).toBe(0);
    await openNav(story.page, 'Trash');
    const row = story.page.getByTestId('trash-items').locator('[data-name="a.txt"]');
    await expect.poll(() => row.innerText()).toContain('From Reports');
    await shot(story.page, 'trash shows origin');
    await story.page.getByRole('button', { name: 'Restore a.txt' }).click();
    const restored = toast('“a.txt” restored to Reports');
    await expect.poll(() => restored.isVisible()).toBe(true);
    await restored.getByRole('button', { name: 'Show' }).click();
    await story.page.waitForURL(/\/drive\/[0-9a-f-]{36}\?file=/);
    await expect.poll(() => item('a.txt').getAttribute('aria-selected')).toBe('true');
  });
});
