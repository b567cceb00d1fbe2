// Search inside a folder shared with me: the owner shares Team (holding
// budget-plan.txt) with a viewer; the viewer opens Team from "Shared with me",
// types "budget" and is suggested the owner's file, located under "Shared with
// me › Team"; "Search in Team" lists it the same way on the results page, and
// it opens in Team. Their own drive's results have none of it. On a laptop and
// on a phone, a screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, launch, newContext, openNav, recordProblems, screenshots, signUp, storyName, text } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('search inside a shared folder at $width×$height', (size) => {
  const shot = screenshots(storyName('search-shared', size));
  const stamp = `${size.width}.${Date.now()}`;
  const ownerEmail = `sharer.${stamp}@example.com`;
  const viewerEmail = `finder.${stamp}@example.com`;

  let browser: Browser;
  let owner: Page;
  let viewer: Page;
  let problems: string[];

  const item = (p: Page, name: string) => p.locator(`[role="option"][data-name="${name}"]`);

  beforeAll(async () => {
    browser = await launch();
    // The owner shares from a laptop; the viewer uses the size of the story.
    owner = await (await newContext(browser)).newPage();
    viewer = await (await newContext(browser, size)).newPage();
    for (const p of [owner, viewer]) p.setDefaultTimeout(15_000);
    problems = recordProblems(viewer);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [who, p] of [['owner', owner], ['viewer', viewer]] as const) if (p) await shot(p, `FAILED ${who} ${ctx.task.name}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the owner shares Team, holding budget-plan.txt, with a viewer', async () => {
    await signUp(viewer, stack.webUrl!, { name: 'Fin Der', email: viewerEmail, password: 'correct horse battery' });
    await signUp(owner, stack.webUrl!, { name: 'Sha Rer', email: ownerEmail, password: 'correct horse battery' });
    await owner.getByRole('button', { name: 'New', exact: true }).click();
    await owner.getByRole('menuitem', { name: 'New folder' }).click();
    await owner.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Team');
    await owner.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await item(owner, 'Team').dblclick();
    await owner.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await owner.getByTestId('file-input').setInputFiles([{ name: 'budget-plan.txt', mimeType: 'text/plain', buffer: text(300, 'the plan') }]);
    await expect.poll(() => item(owner, 'budget-plan.txt').isVisible(), { timeout: 30_000 }).toBe(true);
    await owner.getByRole('link', { name: 'My Drive' }).first().click();
    await owner.waitForURL(/\/drive$/);
    await item(owner, 'Team').click({ button: 'right' });
    await owner.getByRole('menuitem', { name: 'Share…' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share “Team”' });
    await dialog.getByLabel('Email').fill(viewerEmail);
    await dialog.getByLabel('Role', { exact: true }).selectOption('viewer');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => dialog.getByRole('list', { name: 'People with access' }).innerText().catch(() => '')).toContain(viewerEmail);
    await shot(owner, 'Team shared with the viewer');
    await owner.keyboard.press('Escape');
  });

  it('the viewer, in Team, is suggested the owner\'s file under "Shared with me › Team"', async () => {
    await openNav(viewer, 'Shared with me', size);
    await viewer.waitForURL(/\/shared-with-me$/);
    await viewer.getByRole('row', { name: /Team/ }).getByRole('link', { name: 'Team' }).click();
    await viewer.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await expect.poll(() => item(viewer, 'budget-plan.txt').isVisible()).toBe(true);
    const box = viewer.getByRole('combobox', { name: 'Search in Drive' });
    await box.click();
    await box.pressSequentially('budget', { delay: 40 });
    const suggestions = viewer.getByRole('listbox', { name: 'Search suggestions' });
    const found = suggestions.locator('[role="option"][data-name="budget-plan.txt"]');
    await expect.poll(() => found.count()).toBe(1);
    expect(await found.getByTestId('suggestion-folder').textContent()).toBe('in Shared with me › Team');
    expect(await found.getByTestId('suggestion-folder').isVisible()).toBe(true);
    await shot(viewer, 'suggested from the shared folder');
  });

  it('"Search in Team" lists it on the results page, and it opens in Team', async () => {
    const team = viewer.url().match(/\/drive\/([0-9a-f-]{36})/)![1];
    await viewer.getByRole('listbox', { name: 'Search suggestions' }).getByRole('option', { name: /Search in “Team”/ }).click();
    await viewer.waitForURL(new RegExp(`/search\\?q=budget&folder=${team}$`));
    const results = viewer.getByTestId('search-results').locator('li[data-name="budget-plan.txt"]');
    await expect.poll(() => results.count()).toBe(1);
    await expect.poll(() => results.getByTestId('result-folder').textContent()).toBe('in Shared with me › Team');
    await shot(viewer, 'results inside the shared folder');
    await results.getByRole('link', { name: 'budget-plan.txt', exact: true }).click();
    await viewer.waitForURL(new RegExp(`/drive/${team}\\?file=`));
    await expect.poll(() => item(viewer, 'budget-plan.txt').isVisible()).toBe(true);
    await shot(viewer, 'opened in Team');
  });

  it('the viewer\'s own drive has none of it', async () => {
    await viewer.goto(`${stack.webUrl}/search?q=budget`);
    await expect.poll(() => viewer.getByTestId('search-status').innerText()).toContain('No files match');
    await shot(viewer, 'own drive: nothing');
    expect(problems).toEqual([]);
  });
});
