// A folder shared to view offers nothing that writes: the owner shares a
// folder with one person as viewer and another as editor; the viewer opens it
// from "Shared with me" and finds no New, no upload, no rename, move or trash
// (toolbar, menu, details) and files dragged in are refused; the editor, in
// the same folder, has New and uploads. Both add the folder to My Drive from
// "Shared with me" as a shortcut, marked as shared there, which opens the
// folder; the editor's goes when the owner removes their access, the viewer
// removes theirs. An admin finds both shares in the sharing overview. At
// both sizes, a screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, launch, newContext, openNav, recordProblems, screenshots, signUp, storyName, text } from './support';

const stack = inject('stack');

describe.skipIf(!stack.webUrl).each(SIZES)('a folder shared to view at $width×$height', (size) => {
  const shot = screenshots(storyName('shared-viewer', size));
  const stamp = `${size.width}.${Date.now()}`;
  const ownerEmail = `lender.${stamp}@example.com`;
  const viewerEmail = `viewer.${stamp}@example.com`;
  const editorEmail = `editor.${stamp}@example.com`;

  let browser: Browser;
  let owner: Page;
  let viewer: Page;
  let editor: Page;
  let viewerProblems: string[];

  const item = (p: Page, name: string) => p.locator(`[role="option"][data-name="${name}"]`);

  beforeAll(async () => {
    browser = await launch();
    // The owner shares from a laptop; the two recipients use the size of the story.
    owner = await (await newContext(browser)).newPage();
    viewer = await (await newContext(browser, size)).newPage();
    editor = await (await newContext(browser, size)).newPage();
    for (const p of [owner, viewer, editor]) p.setDefaultTimeout(15_000);
    viewerProblems = recordProblems(viewer);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [who, p] of [['owner', owner], ['viewer', viewer], ['editor', editor]] as const) {
        if (p) await shot(p, `FAILED ${who} ${ctx.task.name}`);
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the owner shares a folder with a viewer and an editor', async () => {
    await signUp(viewer, stack.webUrl!, { name: 'Vi Ewer', email: viewerEmail, password: 'correct horse battery' });
    await signUp(editor, stack.webUrl!, { name: 'Ed Itor', email: editorEmail, password: 'correct horse battery' });
    await signUp(owner, stack.webUrl!, { name: 'Len Der', email: ownerEmail, password: 'correct horse battery' });
    await owner.getByRole('button', { name: 'New', exact: true }).click();
    await owner.getByRole('menuitem', { name: 'New folder' }).click();
    await owner.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Plans');
    await owner.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await item(owner, 'Plans').dblclick();
    await owner.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await owner.getByTestId('file-input').setInputFiles([{ name: 'plan.txt', mimeType: 'text/plain', buffer: text(500, 'the plan') }]);
    await expect.poll(() => item(owner, 'plan.txt').isVisible(), { timeout: 30_000 }).toBe(true);
    await owner.getByRole('link', { name: 'My Drive' }).first().click();
    await owner.waitForURL(/\/drive$/);
    await item(owner, 'Plans').click({ button: 'right' });
    await owner.getByRole('menuitem', { name: 'Share…' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share “Plans”' });
    const people = dialog.getByRole('list', { name: 'People with access' });
    for (const [email, role] of [[viewerEmail, 'viewer'], [editorEmail, 'editor']] as const) {
      await dialog.getByLabel('Email').fill(email);
      await dialog.getByLabel('Role', { exact: true }).selectOption(role);
      await dialog.getByRole('button', { name: 'Share', exact: true }).click();
      await expect.poll(() => people.innerText().catch(() => '')).toContain(email);
    }
    await shot(owner, 'shared with a viewer and an editor');
    await owner.keyboard.press('Escape');
  });

  it('an admin finds both people shares in the sharing overview, who with whom and as what', async () => {
    const admin = await (await newContext(browser, size)).newPage();
    admin.setDefaultTimeout(15_000);
    await admin.goto(`${stack.webUrl}/login`);
    await admin.getByLabel('Email').fill(stack.superadmin.email);
    await admin.getByLabel('Password').fill(stack.superadmin.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(/\/drive$/);
    await admin.goto(`${stack.webUrl}/admin/links`);
    const people = admin.getByTestId('admin-people-shares');
    await expect.poll(() => people.isVisible()).toBe(true);
    const rows = people.locator('tbody tr').filter({ hasText: ownerEmail });
    await expect.poll(() => rows.count()).toBe(2);
    expect((await rows.filter({ hasText: viewerEmail }).innerText()).replace(/\s+/g, ' ')).toMatch(/Plans \(folder\) .*Viewer/);
    expect((await rows.filter({ hasText: editorEmail }).innerText()).replace(/\s+/g, ' ')).toMatch(/Plans \(folder\) .*Editor/);
    await shot(admin, 'admin sharing overview');
    await admin.context().close();
  });

  it('the viewer opens it from "Shared with me" and is offered no New, upload or drop', async () => {
    await openNav(viewer, 'Shared with me');
    await viewer.waitForURL(/\/shared-with-me$/);
    const row = viewer.getByRole('row', { name: /Plans/ });
    await expect.poll(() => row.innerText().catch(() => '')).toMatch(/Plans[\s\S]*Len Der[\s\S]*Viewer/);
    await row.getByRole('link', { name: 'Plans' }).click();
    await viewer.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await expect.poll(() => item(viewer, 'plan.txt').isVisible()).toBe(true);
    await expect.poll(() => viewer.getByTestId('view-only').isVisible()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'New', exact: true }).count()).toBe(0);
    expect(await viewer.getByTestId('file-input').count()).toBe(0);
    expect(await viewer.getByLabel('Upload folder').count()).toBe(0);
    // Files dragged in from the desktop: no "Drop to upload" overlay, and the drop is refused.
    const drag = await viewer.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['not wanted'], 'dropped.txt', { type: 'text/plain' }));
      return dt;
    });
    await viewer.locator('.items').dispatchEvent('dragenter', { dataTransfer: drag });
    await viewer.locator('.items').dispatchEvent('dragover', { dataTransfer: drag });
    await shot(viewer, 'files dragged over a view-only folder');
    expect(await viewer.getByTestId('drop-target').count()).toBe(0);
    await item(viewer, 'plan.txt').dispatchEvent('drop', { dataTransfer: drag });
    await viewer.waitForTimeout(500);
    expect(await item(viewer, 'dropped.txt').count()).toBe(0);
    await shot(viewer, 'view-only folder');
  });

  it('the viewer selecting a file sees Download and Details, never rename, move, trash or a new version', async () => {
    await item(viewer, 'plan.txt').click();
    const bar = viewer.getByRole('toolbar', { name: 'Selection actions' });
    await expect.poll(() => bar.isVisible()).toBe(true);
    expect(await bar.getByRole('button', { name: 'Download' }).count()).toBe(1);
    for (const name of ['Rename', 'Move', 'Copy', 'Move to trash']) {
      expect(await bar.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    await shot(viewer, 'selection toolbar');
    await item(viewer, 'plan.txt').click({ button: 'right' });
    const menu = viewer.getByRole('menu');
    await expect.poll(() => menu.getByRole('menuitem', { name: 'Download', exact: true }).isVisible()).toBe(true);
    for (const name of ['Share…', 'Rename', 'Move to…', 'Make a copy in…', 'Move to trash']) {
      expect(await menu.getByRole('menuitem', { name, exact: true }).count(), name).toBe(0);
    }
    await shot(viewer, 'item menu');
    await menu.getByRole('menuitem', { name: 'Details' }).click();
    const details = viewer.getByTestId('details-panel');
    await expect.poll(() => details.getByRole('heading', { name: 'Versions' }).isVisible()).toBe(true);
    expect(await details.getByRole('button', { name: 'Upload new version' }).count()).toBe(0);
    expect(await details.getByRole('button', { name: 'Save description' }).count()).toBe(0);
    expect(await details.getByRole('button', { name: 'Share…' }).count()).toBe(0);
    await shot(viewer, 'details read only');
    // The keys do nothing either: Delete would trash, F2 rename, Alt+N a new folder.
    await viewer.getByRole('button', { name: 'Close details' }).click();
    await item(viewer, 'plan.txt').click();
    await viewer.keyboard.press('Delete');
    await viewer.keyboard.press('Alt+n');
    await viewer.waitForTimeout(300);
    expect(await viewer.getByRole('dialog', { name: 'New folder' }).count()).toBe(0);
    expect(await item(viewer, 'plan.txt').isVisible()).toBe(true);
    expect(viewerProblems).toEqual([]);
  });

  it('the editor, in the same folder, has New and uploads into it', async () => {
    await openNav(editor, 'Shared with me');
    await editor.waitForURL(/\/shared-with-me$/);
    const row = editor.getByRole('row', { name: /Plans/ });
    await expect.poll(() => row.innerText().catch(() => '')).toMatch(/Plans[\s\S]*Editor/);
    await row.getByRole('link', { name: 'Plans' }).click();
    await editor.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await expect.poll(() => item(editor, 'plan.txt').isVisible()).toBe(true);
    expect(await editor.getByTestId('view-only').count()).toBe(0);
    expect(await editor.getByRole('button', { name: 'New', exact: true }).isVisible()).toBe(true);
    await editor.getByTestId('file-input').setInputFiles([{ name: 'edit.txt', mimeType: 'text/plain', buffer: text(300, 'an edit') }]);
    await expect.poll(() => item(editor, 'edit.txt').isVisible(), { timeout: 30_000 }).toBe(true);
    await item(editor, 'plan.txt').click();
    const bar = editor.getByRole('toolbar', { name: 'Selection actions' });
    for (const name of ['Rename', 'Move', 'Move to trash']) {
      expect(await bar.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    await shot(editor, 'editor uploaded');
    // The viewer sees the editor's file after a reload, and still no New.
    await viewer.reload();
    await expect.poll(() => item(viewer, 'edit.txt').isVisible()).toBe(true);
    expect(await viewer.getByRole('button', { name: 'New', exact: true }).count()).toBe(0);
  });

  it('the viewer adds the folder to My Drive from "Shared with me"; it shows there, marked as shared, and opens the folder', async () => {
    await openNav(viewer, 'Shared with me');
    await viewer.waitForURL(/\/shared-with-me$/);
    await viewer.getByRole('button', { name: 'Add Plans to My Drive' }).click();
    const picker = viewer.getByRole('dialog', { name: 'Add “Plans” to My Drive' });
    await picker.getByRole('button', { name: 'Add shortcut here' }).click();
    await expect.poll(() => viewer.getByRole('button', { name: 'Remove shortcut to Plans' }).isVisible()).toBe(true);
    await shot(viewer, 'added to my drive');
    await openNav(viewer, 'My Drive');
    await viewer.waitForURL(/\/drive$/);
    const placed = viewer.getByRole('list', { name: 'Shortcuts in My Drive' }).locator('li[data-name="Plans"]');
    await expect.poll(() => placed.innerText().catch(() => '')).toMatch(/Plans[\s\S]*Shared by Len Der/);
    expect(await viewer.getByTestId('empty-folder').count()).toBe(0);
    await shot(viewer, 'shortcut in my drive');
    await placed.getByRole('button', { name: 'Open Plans' }).click();
    await viewer.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await expect.poll(() => item(viewer, 'plan.txt').isVisible()).toBe(true);
    const crumbs = viewer.getByRole('navigation', { name: 'Breadcrumb' });
    expect((await crumbs.innerText()).replace(/\s+/g, ' ').trim()).toBe('Shared with me Plans');
    // Inside the shared folder: no shortcuts of mine (they sit in my own folders).
    expect(await viewer.getByRole('list', { name: /^Shortcuts in/ }).count()).toBe(0);
  });

  it('the editor\'s shortcut goes when the owner removes their access; the viewer removes theirs', async () => {
    await openNav(editor, 'Shared with me');
    await editor.waitForURL(/\/shared-with-me$/);
    await editor.getByRole('button', { name: 'Add Plans to My Drive' }).click();
    await editor.getByRole('dialog', { name: 'Add “Plans” to My Drive' }).getByRole('button', { name: 'Add shortcut here' }).click();
    await expect.poll(() => editor.getByRole('button', { name: 'Remove shortcut to Plans' }).isVisible()).toBe(true);
    await openNav(editor, 'My Drive');
    await editor.waitForURL(/\/drive$/);
    await expect.poll(() => editor.getByRole('list', { name: 'Shortcuts in My Drive' }).isVisible()).toBe(true);

    await owner.goto(`${stack.webUrl}/shared-by-me`);
    const row = owner.getByRole('row', { name: /Ed Itor/ });
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await shot(owner, 'editor access removed');
    await editor.reload();
    await expect.poll(() => editor.getByTestId('empty-folder').isVisible()).toBe(true);
    expect(await editor.getByRole('list', { name: 'Shortcuts in My Drive' }).count()).toBe(0);
    await shot(editor, 'shortcut gone with the access');

    await openNav(viewer, 'My Drive');
    await viewer.waitForURL(/\/drive$/);
    await viewer.getByRole('button', { name: 'Remove shortcut to Plans' }).click();
    await expect.poll(() => viewer.getByTestId('empty-folder').isVisible()).toBe(true);
    await viewer.reload();
    await expect.poll(() => viewer.getByTestId('empty-folder').isVisible()).toBe(true);
    expect(await viewer.getByRole('list', { name: 'Shortcuts in My Drive' }).count()).toBe(0);
    await shot(viewer, 'shortcut removed');
    // The share itself stays: the folder is still in "Shared with me", to add again.
    await openNav(viewer, 'Shared with me');
    await expect.poll(() => viewer.getByRole('button', { name: 'Add Plans to My Drive' }).isVisible()).toBe(true);
  });
});
