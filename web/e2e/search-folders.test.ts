// Search says where each file is: two photos named "sunset.png", one at the
// top of the drive and one in Photos › Algarve summer holidays 2024, are told
// apart by their folder in the suggestions as you type and on the results
// page, and a result opens in its own folder. On a laptop and on a phone
// (tapping), where the path is too long for the line: its start gives way and
// the file's own folder stays whole. A screenshot per step.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { SIZES, inWindow, overflow, png, pressAt, screenshots, signUp, storyName, storyPage } from './support';

const stack = inject('stack');
const DEEP = 'Algarve summer holidays 2024';

describe.skipIf(!stack.webUrl).each(SIZES)('search shows each file\'s folder at $width×$height', (size) => {
  const shot = screenshots(storyName('search-folders', size));
  const story = storyPage(shot, { size });
  const email = `where.${size.width}.${Date.now()}@example.com`;
  const press = pressAt(size);


  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);

  async function upload(name: string, rgb: [number, number, number]) {
    await story.page.getByTestId('file-input').setInputFiles([{ name, mimeType: 'image/png', buffer: png(32, rgb) }]);
    await expect.poll(() => item(name).isVisible(), { timeout: 20_000 }).toBe(true);
    const close = story.page.getByRole('button', { name: 'Close uploads' });
    await expect.poll(() => close.isVisible(), { timeout: 20_000 }).toBe(true);
    await press(close);
  }

  async function openNewFolder(name: string) {
    await press(story.page.getByRole('button', { name: 'New', exact: true }));
    await press(story.page.getByRole('menuitem', { name: 'New folder' }));
    await story.page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
    await press(story.page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }));
    await expect.poll(() => item(name).isVisible()).toBe(true);
    // A double click opens; on a phone a tap.
    await (size.phone ? item(name).tap() : item(name).dblclick());
    await expect.poll(() => story.page.getByTestId('empty-folder').isVisible()).toBe(true);
  }

  /** The own folder of a location line: shown whole (not cut), inside its line and the window. */
  async function ownFolderShown(where: ReturnType<Page['locator']>) {
    return await where.evaluate((el) => {
      const last = el.querySelector<HTMLElement>('.last');
      if (!last) return 'no own-folder part';
      const r = last.getBoundingClientRect();
      const line = el.getBoundingClientRect();
      if (last.scrollWidth > last.clientWidth + 1) return `"${last.textContent}" is cut (${last.scrollWidth} > ${last.clientWidth})`;
      if (r.right > line.right + 0.5 || r.right > window.innerWidth) return `"${last.textContent}" ends past its line`;
      return 'shown';
    });
  }

  it(`puts one sunset.png at the top of the drive and another in Photos › ${DEEP}`, async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Wendy Where', email, password: 'correct horse battery' });
    await upload('sunset.png', [240, 120, 30]);
    await openNewFolder('Photos');
    await openNewFolder(DEEP);
    await upload('sunset.png', [30, 60, 200]);
    await shot(story.page, 'second sunset in the deep folder');
  });

  it('tells the two apart by their folder in the suggestions as you type', async () => {
    const box = story.page.getByRole('combobox', { name: 'Search in Drive' });
    await press(box);
    await box.pressSequentially('sunset', { delay: 40 });
    const suggestions = story.page.getByRole('listbox', { name: 'Search suggestions' });
    const found = suggestions.locator('[role="option"][data-name="sunset.png"]');
    await expect.poll(() => found.count()).toBe(2);
    const where = await found.getByTestId('suggestion-folder').allTextContents();
    expect(where.sort()).toEqual(['in My Drive', `in My Drive › Photos › ${DEEP}`]);
    for (const w of await found.getByTestId('suggestion-folder').all()) {
      expect(await w.isVisible()).toBe(true);
      expect(await ownFolderShown(w)).toBe('shown');
    }
    for (const option of await found.all()) expect(await inWindow(story.page, option)).toBe(true);
    if (size.phone) {
      // The phone's line is too narrow for the whole path: its start gave way, not the folder.
      const deep = found.getByTestId('suggestion-folder').filter({ hasText: DEEP }).locator('.lead');
      expect(await deep.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    }
    expect(await overflow(story.page)).toEqual([]);
    await shot(story.page, 'suggestions with folders');
  });

  it('shows the folder of each result on the results page, and opens a result in its folder', async () => {
    // Enter on a laptop; on a phone, a tap on "All results".
    if (size.phone) await story.page.getByRole('option', { name: /All results for/ }).tap();
    else await story.page.getByRole('combobox', { name: 'Search in Drive' }).press('Enter');
    await story.page.waitForURL(/\/search\?q=sunset$/);
    const results = story.page.getByTestId('search-results').locator('li[data-name="sunset.png"]');
    await expect.poll(() => results.count()).toBe(2);
    const where = await results.getByTestId('result-folder').allTextContents();
    expect(where.sort()).toEqual(['in My Drive', `in My Drive › Photos › ${DEEP}`]);
    for (const w of await results.getByTestId('result-folder').all()) expect(await ownFolderShown(w)).toBe('shown');
    expect(await overflow(story.page)).toEqual([]);
    await shot(story.page, 'results with folders');

    const inDeep = results.filter({ has: story.page.getByTestId('result-folder').filter({ hasText: DEEP }) });
    await press(inDeep.getByRole('link', { name: 'sunset.png', exact: true }));
    await story.page.waitForURL(/\/drive\/[0-9a-f-]{36}\?file=/);
    await expect.poll(() => item('sunset.png').isVisible()).toBe(true);
    expect(await item(DEEP).count()).toBe(0);
    await shot(story.page, 'opened in its folder');
    expect(story.problems).toEqual([]);
  });
});
