// A folder of more files than one API response holds. The browser tests'
// gateway caps a response at 1000 rows, as hosted Supabase does by default
// ("Max rows"), and drops the rest without an error: the drive must still
// show every file, every tag on them, every tag of the vocabulary, and
// everything in the trash.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import postgres from 'postgres';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, recordProblems, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('big-folder');
const email = `bea.${Date.now()}@example.com`;
const FILES = 1234;
const TRASHED = 1100;
const TOPICS = 1049; // tags besides `scanned`

let browser: Browser;
let page: Page;
let problems: string[];

const files = () => page.getByTestId('drive-items').locator('[role="option"][data-kind="file"]');

describe.skipIf(!stack.webUrl)('a folder of more files than one response holds', () => {
  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(20_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists every file of a root holding 1,234, with its tags', async () => {
    await signUp(page, stack.webUrl!, { name: 'Bea Bulk', email, password: 'a drive with many files' });
    // The files straight into the database: uploading 1,234 of them through the browser proves nothing more here.
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    try {
      await sql.begin(async (tx) => {
        const [{ id }] = await tx`select id from app.users where email = ${email}`;
        await tx`insert into app.files (owner_id, name, mime_type)
          select ${id}, format('scan-%s.txt', lpad(i::text, 4, '0')), 'text/plain' from generate_series(1, ${FILES}) i`;
        await tx`insert into app.files (owner_id, name, mime_type, trashed_at)
          select ${id}, format('old-%s.txt', lpad(i::text, 4, '0')), 'text/plain', now() from generate_series(1, ${TRASHED}) i`;
        const [tag] = await tx`insert into app.tags (owner_id, name) values (${id}, 'scanned') returning id`;
        await tx`insert into app.file_tags (file_id, tag_id, owner_id)
          select f.id, ${tag.id}, ${id} from app.files f where f.owner_id = ${id} and f.trashed_at is null`;
        await tx`insert into app.tags (owner_id, name)
          select ${id}, format('topic-%s', lpad(i::text, 4, '0')) from generate_series(1, ${TOPICS}) i`;
      });
    } finally {
      await sql.end();
    }

    await page.reload();
    await expect.poll(() => page.getByText(`${FILES} items`).count()).toBe(1);
    // The rows are built in steps of 200 as the list scrolls, not all 1,234 at once.
    await expect.poll(() => files().count()).toBe(200);
    await shot(page, 'the first rows');
    for (let i = 0; i < 10 && (await files().count()) < FILES; i++) {
      await files().last().scrollIntoViewIfNeeded();
      await page.waitForTimeout(100);
    }
    await expect.poll(() => files().count()).toBe(FILES);
    const last = page.locator('[role="option"][data-name="scan-1234.txt"]');
    await expect.poll(() => last.getByTestId('item-tags').textContent()).toContain('scanned');
    await expect.poll(() => page.locator('[data-testid="item-tags"]', { hasText: 'scanned' }).count()).toBe(FILES);
    await shot(page, 'every file listed');
    expect(problems).toEqual([]);
  });

  it('reaches the last file from the keyboard, and selects every file with Ctrl+A', async () => {
    await page.reload();
    await expect.poll(() => files().count()).toBe(200);
    await files().first().click();
    await page.keyboard.press('End');
    const last = page.locator('[role="option"][data-name="scan-1234.txt"]');
    await expect.poll(() => last.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.getByRole('toolbar', { name: 'Selection actions' }).textContent()).toContain(`${FILES}`);
    await shot(page, 'every file selected');
    await page.keyboard.press('Escape');
    expect(problems).toEqual([]);
  });

  it('builds the grid view in steps too', async () => {
    await page.goto(`${stack.webUrl}/drive`);
    await page.getByRole('button', { name: 'Grid view' }).click();
    await expect.poll(() => files().count()).toBe(200);
    for (let i = 0; i < 10 && (await files().count()) < 400; i++) {
      await files().last().scrollIntoViewIfNeeded();
      await page.waitForTimeout(100);
    }
    expect(await files().count()).toBeGreaterThanOrEqual(400);
    await shot(page, 'the grid in steps');
    await page.getByRole('button', { name: 'List view' }).click();
    expect(problems).toEqual([]);
  });

  it('opens at a file far down the folder from a link to it', async () => {
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    const [{ id }] = await sql`select f.id from app.files f join app.users u on u.id = f.owner_id
      where u.email = ${email} and f.name = 'scan-1100.txt'`;
    await sql.end();
    await page.goto(`${stack.webUrl}/drive?file=${id}`);
    const target = page.locator('[role="option"][data-name="scan-1100.txt"]');
    await expect.poll(() => target.getAttribute('aria-selected')).toBe('true');
    // Rendered and scrolled into view (SvelteKit then moves focus to the page, as after any navigation).
    await expect.poll(() => target.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    })).toBe(true);
    await expect.poll(() => page.getByTestId('details-panel').textContent()).toContain('scan-1100.txt');
    await shot(page, 'a file far down revealed');
    expect(problems).toEqual([]);
  });

  it('lists every tag in the sidebar, with counts', async () => {
    const tags = page.getByTestId('tag-list').locator('li[data-tag]');
    await page.getByRole('button', { name: `Show all ${TOPICS + 1} tags` }).click();
    await expect.poll(() => tags.count()).toBe(TOPICS + 1);
    await expect.poll(() => page.getByTestId('tag-list').locator('li[data-tag="topic-1049"]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('tag-list').locator('li[data-tag="scanned"]').textContent()).toContain(String(FILES));
    expect(problems).toEqual([]);
  });

  it('shows every file in the trash', async () => {
    await page.goto(`${stack.webUrl}/trash`);
    const trashed = page.locator('li[data-name^="old-"]');
    await expect.poll(() => trashed.count()).toBe(200);
    for (let i = 0; i < 10 && (await trashed.count()) < TRASHED; i++) {
      await trashed.last().scrollIntoViewIfNeeded();
      await page.waitForTimeout(100);
    }
    await expect.poll(() => trashed.count()).toBe(TRASHED);
    await shot(page, 'every trashed file');
    expect(problems).toEqual([]);
  });
});
