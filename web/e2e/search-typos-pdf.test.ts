// Search forgives a typo and reads inside PDFs, in the browser: a new person
// uploads "budget 2025.txt" and "minutes.pdf" (whose page says "quarterly
// revenue forecast"); "budgt" in the search box suggests the budget and its
// results page lists it; "revenue" finds the PDF by the text inside it. At
// 1280×800 and at 390×844 (tapping), a screenshot per step.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SIZES, overflow, pressAt, screenshots, signUp, storyName, storyPage, text } from './support';
import { makePdf } from '../../supabase/functions/files/pdf-fixture';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('search forgives typos and reads PDFs at $width×$height', (size) => {
  const shot = screenshots(storyName('search-typos-pdf', size));
  const story = storyPage(shot, { size });
  const email = `typos.${size.width}.${Date.now()}@example.com`;
  const press = pressAt(size);
  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);
  const results = () => story.page.getByTestId('search-results').locator('li').evaluateAll((li) => li.map((l) => l.getAttribute('data-name')));

  it('uploads a text file and a PDF', async () => {
    const { page } = story;
    await signUp(page, stack.webUrl!, { name: 'Ty Po', email, password: 'correct horse battery' });
    const pdf = Buffer.from(await makePdf(['Minutes of the board\nthe quarterly revenue forecast']));
    await page.getByTestId('file-input').setInputFiles([
      { name: 'budget 2025.txt', mimeType: 'text/plain', buffer: text(200, 'numbers') },
      { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    for (const name of ['budget 2025.txt', 'minutes.pdf']) await expect.poll(() => item(name).isVisible(), { timeout: 30_000 }).toBe(true);
    await shot(page, 'two files uploaded');
  });

  it('"budgt" suggests the budget as you type, and its results page lists it', async () => {
    const { page } = story;
    const box = page.getByRole('combobox', { name: 'Search in Drive' });
    await press(box);
    await box.pressSequentially('budgt', { delay: 40 });
    const suggestions = page.getByRole('listbox', { name: 'Search suggestions' });
    await expect.poll(() => suggestions.locator('[role="option"][data-name="budget 2025.txt"]').isVisible()).toBe(true);
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'a typo suggested');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=budgt$/);
    await expect.poll(results).toEqual(['budget 2025.txt']);
    await shot(page, 'a typo on the results page');
  });

  it('"revenue" finds the PDF by the text on its page', async () => {
    const { page } = story;
    // The PDF's text is read on the edge once it is stored: the first searches may come before it.
    await expect.poll(async () => {
      await page.goto(`${stack.webUrl}/search?q=revenue`);
      const status = page.getByTestId('search-status');
      await expect.poll(() => status.innerText()).toMatch(/result|No files match/);
      return await results();
    }, { timeout: 30_000, interval: 1_000 }).toEqual(['minutes.pdf']);
    expect(await overflow(page)).toEqual([]);
    await shot(page, 'found inside the PDF');
    // Page errors only: the list may ask for the PDF's thumbnail before this browser has drawn and
    // sent it, and the browser logs that answer (404) as a console error.
    expect(story.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
