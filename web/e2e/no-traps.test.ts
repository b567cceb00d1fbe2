// Small traps, gone: Enter takes the highlighted tag suggestion, a same-name
// upload asks "Replace or keep both?" (remembered for the batch), the upload
// panel keeps new uploads on top with the total, the drop overlay names the
// folder under the pointer, a description does not change "Modified", and a
// picked avatar is saved at once with Undo. A screenshot per step.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SIZES, png, screenshots, signUp, storyName, storyPage, text, throttleUploads } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('no small traps at $width×$height', (size) => {
  const shot = screenshots(storyName('no-traps', size));
  const story = storyPage(shot, { size });
  const email = `traps.${size.width}.${Date.now()}@example.com`;


  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);
  const toast = (message: string | RegExp) => story.page.locator('.toast').filter({ hasText: message });

  async function closeUploads() {
    const close = story.page.getByRole('button', { name: 'Close uploads' });
    await expect.poll(() => close.isVisible(), { timeout: 20_000 }).toBe(true);
    await close.click();
  }

  it('signs up and uploads two files', async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Trap Tester', email, password: 'correct horse battery' });
    await story.page.getByTestId('file-input').setInputFiles([
      { name: 'budget.txt', mimeType: 'text/plain', buffer: text(200, 'budget') },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: text(300, 'notes') },
    ]);
    await expect.poll(() => item('notes.txt').isVisible(), { timeout: 20_000 }).toBe(true);
    await closeUploads();
  });

  it('takes the highlighted tag suggestion on Enter, not the typed prefix', async () => {
    await item('budget.txt').click();
    await story.page.getByRole('button', { name: 'Details', exact: true }).click();
    const details = story.page.getByTestId('details-panel');
    const box = details.getByRole('combobox');
    await box.fill('budget');
    await box.press('Enter');
    await expect.poll(() => details.getByTestId('file-tags').innerText()).toContain('budget');

    if (size.phone) {
      // The sheet covers the rows below the first: a phone user closes it,
      // taps the next file and opens its details again.
      await details.getByRole('button', { name: 'Close details' }).click();
      await item('notes.txt').click();
      await story.page.getByRole('button', { name: 'Details', exact: true }).click();
    } else {
      await item('notes.txt').click();
    }
    await expect.poll(() => details.getByText('notes.txt').first().isVisible()).toBe(true);
    await box.pressSequentially('bu');
    const highlighted = details.getByRole('option', { selected: true });
    await expect.poll(() => highlighted.innerText()).toContain('budget');
    await shot(story.page, 'suggestion highlighted');
    await box.press('Enter');
    const chips = details.getByTestId('file-tags');
    await expect.poll(() => chips.innerText()).toContain('budget');
    expect(await chips.locator('a').allInnerTexts()).toEqual(['budget']);
    await shot(story.page, 'suggestion taken');
  });

  it('keeps "Modified" when only the description changes', async () => {
    const details = story.page.getByTestId('details-panel');
    const modified = details.locator('dt:text-is("Modified") + dd');
    const before = await modified.innerText();
    await story.page.waitForTimeout(1_100);
    await details.getByLabel('Description').fill('Minutes of every meeting');
    await details.getByRole('button', { name: 'Save description' }).click();
    await expect.poll(() => toast('Description saved').isVisible()).toBe(true);
    await story.page.reload();
    await item('notes.txt').click();
    await story.page.getByRole('button', { name: 'Details', exact: true }).click();
    await expect.poll(() => story.page.getByTestId('details-panel').getByLabel('Description').inputValue()).toBe('Minutes of every meeting');
    expect(await story.page.getByTestId('details-panel').locator('dt:text-is("Modified") + dd').innerText()).toBe(before);
    await story.page.getByRole('button', { name: 'Close details' }).click();
  });

  it('asks "Replace or keep both?" for a same-name upload, and keeps both under a free name', async () => {
    await story.page.getByTestId('file-input').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: text(400, 'notes two') }]);
    const dialog = story.page.getByRole('dialog', { name: '“notes.txt” is already here' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await shot(story.page, 'same name asked');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await expect.poll(() => item('notes (1).txt').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await item('notes.txt').count()).toBe(1);
    await closeUploads();
    await shot(story.page, 'kept both');
  });

  it('remembers "Replace" for the rest of the batch: new versions, no new names', async () => {
    await story.page.getByTestId('file-input').setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: text(500, 'notes three') },
      { name: 'budget.txt', mimeType: 'text/plain', buffer: text(600, 'budget two') },
    ]);
    const dialog = story.page.getByRole('dialog', { name: '“notes.txt” is already here' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Do this for the other 1 file with names already here').check();
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await closeUploads();
    await expect.poll(() => item('budget.txt').innerText()).toContain('600 B');
    await expect.poll(() => item('notes.txt').innerText()).toContain('500 B');
    expect(await story.page.locator('[role="option"]').count()).toBe(3);
    await shot(story.page, 'replaced as versions');
  });

  it('lists a new upload above finished ones, with the total and the time left in the header', async () => {
    await story.page.getByTestId('file-input').setInputFiles([{ name: 'tiny.txt', mimeType: 'text/plain', buffer: text(100, 'tiny') }]);
    const panel = story.page.getByRole('region', { name: 'Uploads' });
    await expect.poll(() => panel.locator('[data-status="done"]').count(), { timeout: 20_000 }).toBe(1);
    await throttleUploads(story.page, 100_000);
    await story.page.getByTestId('file-input').setInputFiles([{ name: 'large.bin', mimeType: 'application/octet-stream', buffer: text(2_000_000, 'large') }]);
    await expect.poll(() => panel.getByTestId('upload-item').first().getAttribute('data-name'), { timeout: 10_000 }).toBe('large.bin');
    const total = panel.getByTestId('upload-total');
    await total.waitFor({ timeout: 10_000 });
    await expect.poll(() => total.innerText(), { timeout: 10_000 }).toMatch(/^\d+% · .+ left$/);
    await expect.poll(async () => Number(await panel.getByRole('progressbar', { name: 'All uploads' }).getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await shot(story.page, 'upload on top with total');
    await throttleUploads(story.page, null);
    await expect.poll(() => panel.locator('[data-status="done"]').count(), { timeout: 30_000 }).toBe(2);
    await closeUploads();
  });

  it('names the folder under the pointer in the drop overlay, and drops into it', async () => {
    await story.page.getByRole('button', { name: 'New', exact: true }).click();
    await story.page.getByRole('menuitem', { name: 'New folder' }).click();
    await story.page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Reports');
    await story.page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => item('Reports').isVisible()).toBe(true);
    const drag = await story.page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['dropped into reports'], 'dropped.txt', { type: 'text/plain' }));
      return dt;
    });
    await story.page.locator('.items').dispatchEvent('dragenter', { dataTransfer: drag });
    await expect.poll(() => story.page.getByTestId('drop-target').innerText()).toBe('Drop to upload to My Drive');
    await item('Reports').dispatchEvent('dragenter', { dataTransfer: drag });
    await expect.poll(() => story.page.getByTestId('drop-target').innerText()).toBe('Drop to upload to Reports');
    await shot(story.page, 'drop overlay names folder');
    await item('Reports').dispatchEvent('drop', { dataTransfer: drag });
    await expect.poll(() => story.page.getByTestId('drop-target').count()).toBe(0);
    await closeUploads();
    await item('Reports').dblclick();
    await expect.poll(() => item('dropped.txt').isVisible()).toBe(true);
  });

  it('saves a picked avatar at once, and Undo puts the previous one back', async () => {
    await story.page.goto(`${stack.webUrl}/profile`);
    const picker = story.page.getByLabel('Avatar image');
    await picker.setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png(64, [220, 30, 30]) });
    await expect.poll(() => toast('Avatar saved').isVisible()).toBe(true);
    const account = story.page.getByRole('button', { name: 'Account menu' }).locator('img');
    await expect.poll(() => account.count()).toBe(1);
    const first = await account.getAttribute('src');
    await story.page.reload();
    await expect.poll(() => story.page.getByRole('button', { name: 'Account menu' }).locator('img').getAttribute('src')).toBe(first);
    await shot(story.page, 'avatar saved without pressing save');

    await story.page.getByLabel('Avatar image').setInputFiles({ name: 'blue.png', mimeType: 'image/png', buffer: png(64, [30, 30, 220]) });
    await expect.poll(() => toast('Avatar saved').isVisible()).toBe(true);
    await expect.poll(() => account.getAttribute('src')).not.toBe(first);
    const second = await account.getAttribute('src');
    await toast('Avatar saved').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => toast('Previous avatar restored').isVisible()).toBe(true);
    await expect.poll(() => account.getAttribute('src')).not.toBe(second);
    // The restored image is the red one again.
    const restored = await account.getAttribute('src');
    const colour = await story.page.evaluate(async (src) => {
      const bitmap = await createImageBitmap(await (await fetch(src!)).blob());
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      const g = c.getContext('2d')!;
      g.drawImage(bitmap, 0, 0, 1, 1);
      return [...g.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    }, restored);
    expect(colour[0]).toBeGreaterThan(150);
    expect(colour[2]).toBeLessThan(100);
    await shot(story.page, 'avatar undone');
    expect(story.problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });
});
