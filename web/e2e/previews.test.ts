// Previews that show the content: Markdown rendered without running what it
// embeds and without loading other sites' images until asked, CSV as a table
// of its first 1,000 rows, text with line numbers, anything else "No preview
// available" with its Download button; the address names the file shown,
// so a reload keeps it open. At 1280×800 and 390×844; a screenshot per step.
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SIZES, noise, screenshots, signUp, storyName, storyPage } from './support';

const stack = inject('stack');

const readme = Buffer.from(
  [
    '# Quarterly notes',
    '',
    'Budget **approved**; see the table:',
    '',
    '| item | cost |',
    '|------|------|',
    '| laptops | 1200 |',
    '',
    '<script>window.__pwned = "script"</script>',
    '<img src="nope" onerror="window.__pwned = \'onerror\'">',
    '[a link](javascript:window.__pwned=1)',
    '',
    '![tracker](http://127.0.0.1:9/pixel.png)',
  ].join('\n'),
);
const csv = Buffer.from(
  ['name,comment,amount', '"Smith, Ann","said ""yes""",10', ...Array.from({ length: 1500 }, (_, i) => `row ${i},ok,${i}`)].join('\n'),
);
const notes = Buffer.from('first line\nsecond line\nthird line\n');
const archive = noise(2 * 1024 * 1024, 7);

describe.skipIf(!stack.webUrl).each(SIZES)('previews at $width×$height', (size) => {
  const shot = screenshots(storyName('previews', size));
  const story = storyPage(shot, { size });
  const email = `previews.${size.width}.${Date.now()}@example.com`;
  const remoteRequests: string[] = [];

  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);
  const preview = (name: string) => story.page.getByRole('dialog', { name: `Preview of ${name}` });
  /** Opens a file as a person would: a double click, or on a phone a tap. */
  const open = (name: string) => (size.phone ? item(name).tap() : item(name).dblclick());
  /** Closes it: Escape, or on a phone (no keyboard) its Close button. */
  const close = (name: string) =>
    size.phone ? preview(name).getByRole('button', { name: 'Close preview' }).tap() : story.page.keyboard.press('Escape');

  beforeAll(() => {
    story.page.on('request', (r) => {
      if (r.url().startsWith('http://127.0.0.1:9/')) remoteRequests.push(r.url());
    });
  });

  it('signs up and uploads a Markdown file, a CSV, a text file and a ZIP', async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Pre View', email, password: 'correct horse battery' });
    await story.page.getByTestId('file-input').setInputFiles([
      { name: 'README.md', mimeType: 'text/markdown', buffer: readme },
      { name: 'expenses.csv', mimeType: 'text/csv', buffer: csv },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
      { name: 'backup.zip', mimeType: 'application/zip', buffer: archive },
    ]);
    await expect.poll(() => story.page.locator('[role="option"]').count(), { timeout: 30_000 }).toBe(4);
    await story.page.getByRole('button', { name: 'Close uploads' }).click();
    await shot(story.page, 'uploaded');
  });

  it('renders Markdown without running its script or loading remote images until asked', async () => {
    await open('README.md');
    const dialog = preview('README.md');
    const doc = dialog.getByTestId('preview-markdown');
    await doc.getByRole('heading', { name: 'Quarterly notes', level: 1 }).waitFor();
    expect(await doc.locator('strong').innerText()).toBe('approved');
    expect(await doc.locator('td').first().innerText()).toBe('laptops');
    expect(await doc.locator('script').count()).toBe(0);
    expect(await doc.locator('[onerror]').count()).toBe(0);
    expect(await doc.locator('a[href^="javascript"]').count()).toBe(0);
    await story.page.waitForTimeout(300);
    expect(await story.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(remoteRequests).toEqual([]);
    // The remote image is a link to open it, not an image loaded behind the reader's back.
    const held = doc.getByRole('link', { name: 'Image: tracker (from 127.0.0.1:9, not loaded)' });
    expect(await held.getAttribute('href')).toBe('http://127.0.0.1:9/pixel.png');
    expect(await held.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await held.getAttribute('target')).toBe('_blank');
    expect(await doc.locator('img').count()).toBe(0);
    // The address names the file: a reload opens the same preview.
    const id = new URL(story.page.url()).searchParams.get('preview');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await shot(story.page, 'markdown');
    await story.page.reload();
    await preview('README.md').getByTestId('preview-markdown').getByRole('heading', { name: 'Quarterly notes' }).waitFor();
    await close('README.md');
    await expect.poll(() => preview('README.md').count()).toBe(0);
    expect(new URL(story.page.url()).searchParams.get('preview')).toBeNull();
  });

  it('shows a CSV as a table of its first 1,000 rows', async () => {
    await open('expenses.csv');
    const table = preview('expenses.csv').getByTestId('preview-table');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('th').allInnerTexts()).toEqual(['name', 'comment', 'amount']);
    expect(await table.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual(['Smith, Ann', 'said "yes"', '10']);
    expect(await table.locator('tbody tr').count()).toBe(1000);
    expect(await preview('expenses.csv').innerText()).toContain('Showing the first 1,000 rows');
    await shot(story.page, 'csv table');
    await close('expenses.csv');
  });

  it('shows text with line numbers', async () => {
    await open('notes.txt');
    const lines = preview('notes.txt').getByTestId('preview-text').locator('li');
    await expect.poll(() => lines.count()).toBe(3);
    expect(await lines.nth(1).innerText()).toBe('second line');
    const number = await lines.nth(1).evaluate((li) => getComputedStyle(li, '::before').content);
    expect(number).toBe('counter(line)');
    expect(await lines.nth(1).evaluate((li) => getComputedStyle(li).counterIncrement)).toMatch(/line/);
    await shot(story.page, 'text with line numbers');
    await close('notes.txt');
  });

  it('says "No preview available" with a Download button for anything else', async () => {
    await open('backup.zip');
    const dialog = preview('backup.zip');
    await dialog.getByText('No preview available').waitFor();
    await shot(story.page, 'no preview');
    const [download] = await Promise.all([
      story.page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download (2 MB)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('backup.zip');
    await close('backup.zip');
    // Chromium logs the CSP's refusal of the README's onerror handler even in the inert
    // document DOMPurify parses it into (nothing runs there: __pwned stayed undefined
    // above, and no handler reached the page); anything else is a fault.
    expect(story.problems.filter((p) => !/401|Failed to load resource|127\.0\.0\.1:9|Executing inline event handler/.test(p))).toEqual([]);
  });
});
