// Tags and search in a real browser: a new person uploads a few files, tags
// them from the details panel with autocomplete, finds the tag in the
// sidebar with its count, searches as they type (debounced, highlighted),
// narrows the results with a filter chip and removes it, and follows tag
// chips to the files carrying a tag. Every step saves a screenshot.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newContext, png, recordProblems, screenshots, signUp, text } from './support';

const stack = inject('stack');
const shot = screenshots('search-tags');
const email = `tess.${Date.now()}@example.com`;
const pdf = Buffer.from('%PDF-1.4\n% quarterly figures\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let searches: string[] = [];

const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);
const details = () => page.getByTestId('details-panel');
const sidebarTag = (name: string) => page.getByTestId('tag-list').locator(`li[data-tag="${name}"]`);
const results = () => page.getByTestId('search-results').locator('li');
const resultNames = async () => (await results().evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).sort();

describe.skipIf(!stack.webUrl)('a person tags files and finds them again', () => {
  beforeAll(async () => {
    browser = await launch();
    context = await newContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
    page.on('request', (r) => {
      if (r.url().includes('/rpc/search_files')) searches.push(r.postData() ?? '');
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs up and uploads a few files', async () => {
    await signUp(page, stack.webUrl, { name: 'Tess Tagger', email, password: 'tags make it findable' });
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('tag-list').count()).toBe(0);

    await page.getByTestId('file-input').setInputFiles([
      { name: 'Quarterly report 2024.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'report-draft.txt', mimeType: 'text/plain', buffer: text(800, 'draft') },
      { name: 'holiday.png', mimeType: 'image/png', buffer: png(32, [20, 120, 200]) },
      { name: 'shopping list.txt', mimeType: 'text/plain', buffer: text(200, 'milk') },
    ]);
    const panel = page.getByRole('region', { name: 'Uploads' });
    await expect.poll(() => panel.locator('[data-status="done"]').count(), { timeout: 30_000 }).toBe(4);
    for (const name of ['Quarterly report 2024.pdf', 'report-draft.txt', 'holiday.png', 'shopping list.txt']) {
      await expect.poll(() => item(name).isVisible()).toBe(true);
    }
    await page.getByRole('button', { name: 'Close uploads' }).click();
    await shot(page, 'uploaded');
  });

  it('tags a file from the details panel, and the chip shows in the listing', async () => {
    await item('Quarterly report 2024.pdf').click();
    await page.getByRole('button', { name: 'Details', exact: true }).click();
    const editor = details().getByRole('combobox', { name: 'Add a tag' });
    await editor.fill('  Taxes ');
    await editor.press('Enter');
    // The API normalises the name: trimmed and lower-cased.
    await expect.poll(() => details().getByTestId('file-tags').innerText()).toBe('taxes');
    await expect.poll(() => item('Quarterly report 2024.pdf').getByTestId('item-tags').innerText()).toBe('taxes');
    await editor.fill('work');
    await editor.press('Enter');
    await expect.poll(() => details().getByTestId('file-tags').locator('a').allInnerTexts()).toEqual(['taxes', 'work']);
    await shot(page, 'tagged');
  });

  it('shows the API\'s refusal of a bad tag', async () => {
    const editor = details().getByRole('combobox', { name: 'Add a tag' });
    await editor.fill('x'.repeat(51));
    await editor.press('Enter');
    const alert = details().getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('A tag is 1 to 50 characters long.');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'tag refused');
    await editor.fill('');
  });

  it('tags another file by picking from the autocomplete', async () => {
    await item('report-draft.txt').click();
    await expect.poll(() => details().getByRole('heading', { name: 'Tags' }).isVisible()).toBe(true);
    await expect.poll(() => details().getByText('No tags yet.').isVisible()).toBe(true);
    const editor = details().getByRole('combobox', { name: 'Add a tag' });
    await editor.fill('ta');
    const suggestions = details().getByRole('listbox', { name: 'Your tags' });
    // The best match is highlighted as one types; creating "ta" is the last option.
    await expect.poll(() => suggestions.getByRole('option').allInnerTexts()).toEqual([expect.stringMatching(/^taxes\s*1$/), 'Create “ta”']);
    expect(await suggestions.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
    await shot(page, 'autocomplete');
    await editor.press('ArrowDown');
    expect(await suggestions.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
    await editor.press('Enter');
    await expect.poll(() => details().getByTestId('file-tags').innerText()).toBe('taxes');
    await expect.poll(() => item('report-draft.txt').getByTestId('item-tags').innerText()).toBe('taxes');
  });

  it('lists the tags in the sidebar with their counts', async () => {
    await expect.poll(() => sidebarTag('taxes').getByRole('link').getAttribute('aria-label')).toBe('taxes, 2 files');
    await expect.poll(() => sidebarTag('work').getByRole('link').getAttribute('aria-label')).toBe('work, 1 file');
    expect(await page.getByTestId('tag-list').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')))).toEqual(['taxes', 'work']);
    await shot(page, 'sidebar tags');
  });

  it('searches as you type: one request after the pause, highlighted matches', async () => {
    const box = page.getByRole('combobox', { name: 'Search in Drive' });
    searches = [];
    await box.click();
    await box.pressSequentially('report', { delay: 40 });
    const suggestions = page.getByRole('listbox', { name: 'Search suggestions' });
    await expect.poll(() => suggestions.locator('[role="option"][data-name]').count()).toBe(2);
    // Six keystrokes, one search (a slow machine may let one more through).
    expect(searches.length).toBeGreaterThanOrEqual(1);
    expect(searches.length).toBeLessThanOrEqual(2);
    expect(JSON.parse(searches[searches.length - 1])).toMatchObject({ q: 'report' });
    const marks = await suggestions.locator('mark').allInnerTexts();
    expect(marks.map((m) => m.toLowerCase())).toEqual(['report', 'report']);
    await shot(page, 'suggestions');

    // Arrows move through the suggestions; Escape closes them.
    await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBeTruthy();
    await box.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');

    // Enter opens the full results page, whose address holds the words.
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=report$/);
    await expect.poll(resultNames).toEqual(['Quarterly report 2024.pdf', 'report-draft.txt']);
    expect(await results().first().locator('mark').innerText()).toMatch(/report/i);
    await expect.poll(() => page.getByTestId('search-status').innerText()).toBe('2 results');
    await shot(page, 'results');
  });

  it('narrows the results with a filter chip, and removes it', async () => {
    await page.getByRole('group', { name: 'Filters' }).getByRole('button', { name: 'Type' }).click();
    await page.getByRole('menuitemradio', { name: 'PDF' }).click();
    await page.waitForURL(/type=pdf/);
    const chips = page.getByRole('list', { name: 'Active filters' });
    await expect.poll(() => chips.getByRole('button').allInnerTexts()).toEqual(['Type: PDF']);
    await expect.poll(resultNames).toEqual(['Quarterly report 2024.pdf']);
    await shot(page, 'filtered by type');

    await chips.getByRole('button', { name: 'Remove filter Type: PDF' }).click();
    await page.waitForURL(/\/search\?q=report$/);
    await expect.poll(() => chips.count()).toBe(0);
    await expect.poll(resultNames).toEqual(['Quarterly report 2024.pdf', 'report-draft.txt']);

    // The address is the source of truth: Back brings the filter back.
    await page.goBack();
    await page.waitForURL(/type=pdf/);
    await expect.poll(() => chips.getByRole('button').allInnerTexts()).toEqual(['Type: PDF']);
    await expect.poll(resultNames).toEqual(['Quarterly report 2024.pdf']);
    await shot(page, 'back to the filter');
  });

  it('types on the results page and the results follow', async () => {
    const box = page.getByRole('combobox', { name: 'Search in Drive' });
    await box.fill('shoping');
    // A typo still finds it; the filter from before is kept.
    await page.waitForURL(/q=shoping/);
    await page.getByRole('list', { name: 'Active filters' }).getByRole('button', { name: 'Remove filter Type: PDF' }).click();
    await expect.poll(resultNames).toEqual(['shopping list.txt']);
    expect(await box.inputValue()).toBe('shoping');
    await shot(page, 'typo forgiven');
  });

  it('follows a tag chip in the listing to the files carrying that tag', async () => {
    await page.getByRole('link', { name: 'My Drive' }).first().click();
    await page.waitForURL(/\/drive$/);
    // A chip in a row is a click target, not a link (an option may not hold interactive children).
    await item('report-draft.txt').getByTestId('item-tags').getByText('taxes').click();
    await page.waitForURL(/\/search\?tag=taxes$/);
    await expect.poll(resultNames).toEqual(['Quarterly report 2024.pdf', 'report-draft.txt']);
    await expect.poll(() => page.getByRole('list', { name: 'Active filters' }).getByRole('button').allInnerTexts()).toEqual(['Tag: taxes']);
    expect(await sidebarTag('taxes').getByRole('link').getAttribute('aria-current')).toBe('page');
    await shot(page, 'searched by tag');

    // A tag chip on a result narrows to that tag alone.
    await results().filter({ hasText: 'Quarterly report 2024.pdf' }).getByRole('link', { name: 'work' }).click();
    await page.waitForURL(/\/search\?tag=work$/);
    await expect.poll(resultNames).toEqual(['Quarterly report 2024.pdf']);
  });

  it('opens a result in its folder with its details', async () => {
    await results().first().getByRole('link', { name: 'Quarterly report 2024.pdf', exact: true }).click();
    await page.waitForURL(/\/drive\?file=/);
    await expect.poll(() => item('Quarterly report 2024.pdf').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => details().locator('strong').first().innerText()).toBe('Quarterly report 2024.pdf');
    await shot(page, 'opened from search');
  });

  it('renames a tag from the sidebar, and removes a tag from a file', async () => {
    await sidebarTag('taxes').hover();
    await sidebarTag('taxes').getByRole('button', { name: 'Actions for tag taxes' }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename tag' });
    await dialog.getByLabel('Tag name').fill('Tax 2024');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => sidebarTag('tax 2024').getByRole('link').getAttribute('aria-label')).toBe('tax 2024, 2 files');
    await expect.poll(() => sidebarTag('taxes').count()).toBe(0);
    // Chips already on screen follow the new name.
    await expect.poll(() => item('report-draft.txt').getByTestId('item-tags').innerText()).toBe('tax 2024');
    await expect.poll(() => details().getByTestId('file-tags').locator('a').allInnerTexts()).toEqual(['tax 2024', 'work']);

    await details().getByRole('button', { name: 'Remove tag work' }).click();
    await expect.poll(() => sidebarTag('work').getByRole('link').getAttribute('aria-label')).toBe('work, 0 files');
    await expect.poll(() => item('Quarterly report 2024.pdf').getByTestId('item-tags').innerText()).toBe('tax 2024');
    await shot(page, 'tag renamed');
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  });
});
