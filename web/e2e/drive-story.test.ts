// The story in a real browser: a new person signs up, organises and
// uploads files, previews, downloads, renames, moves, trashes and restores,
// keeps versions, signs out, resets the password by email and signs in again.
// Every step asserts what the person would see and saves a screenshot.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accountInitials, launch, newContext, png, recordProblems, screenshots, signUp, text, throttleUploads, waitForResetLink } from './support';

const stack = inject('stack');
const shot = screenshots('drive-story');
const email = `ada.${Date.now()}@example.com`;
const password = 'correct horse battery';
const newPassword = 'a whole new passphrase';
const image = png(96, [220, 40, 60]);
const notes = text(1_500_000, 'notes v1');
const notesV2 = text(2_000, 'notes v2');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);

async function downloadBytes(trigger: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), trigger()]);
  const file = await download.path();
  return fs.readFileSync(file);
}

describe.skipIf(!stack.webUrl)('a new person uses the drive', () => {
  beforeAll(async () => {
    browser = await launch();
    context = await newContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs up and lands in an empty drive', async () => {
    await signUp(page, stack.webUrl, { name: 'Ada Lovelace', email, password });
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    await expect.poll(() => accountInitials(page)).toBe('AL');
    // The refresh token is an HttpOnly cookie, invisible to scripts.
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'pgdrive_refresh');
    expect(refresh?.httpOnly).toBe(true);
    expect(refresh?.sameSite).toBe('Strict');
    expect(await page.evaluate(() => document.cookie)).not.toContain('pgdrive_refresh');
    await shot(page, 'signed up');
  });

  it('stays signed in across a reload', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
    expect(page.url()).toMatch(/\/drive$/);
  });

  it('creates a folder and opens it', async () => {
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Name').fill('Projects');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => item('Projects').isVisible()).toBe(true);
    await shot(page, 'folder created');
    await item('Projects').dblclick();
    await page.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect.poll(() => crumbs.innerText()).toMatch(/My Drive\s*Projects/);
    await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
  });

  it('uploads two files with the progress visible and lists them', async () => {
    await throttleUploads(page, 1_000_000);
    await page.getByTestId('file-input').setInputFiles([
      { name: 'photo.png', mimeType: 'image/png', buffer: image },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
    ]);
    const panel = page.getByRole('region', { name: 'Uploads' });
    const bar = panel.getByRole('progressbar', { name: 'Upload of notes.txt' });
    await expect.poll(() => bar.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('[data-name="notes.txt"] .meta').innerText()).toMatch(/\d+% · .* of 1\.4 MB/);
    await shot(page, 'upload in progress');
    await throttleUploads(page, null);
    await expect
      .poll(() => panel.locator('[data-status="done"]').count(), { timeout: 30_000 })
      .toBe(2);
    await expect.poll(() => item('photo.png').isVisible()).toBe(true);
    await expect.poll(() => item('notes.txt').isVisible()).toBe(true);
    expect(await item('notes.txt').innerText()).toContain('1.4 MB');
    await shot(page, 'uploaded');
  });

  it('previews the image', async () => {
    await item('photo.png').dblclick();
    const preview = page.getByRole('dialog', { name: 'Preview of photo.png' });
    const img = preview.getByTestId('preview-image');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(96);
    await shot(page, 'image preview');
    await page.keyboard.press('Escape');
    await expect.poll(() => preview.count()).toBe(0);
  });

  it('downloads a file with the same bytes', async () => {
    await item('notes.txt').click();
    const bytes = await downloadBytes(() => page.getByRole('toolbar', { name: 'Selection actions' }).getByRole('button', { name: 'Download' }).click());
    expect(bytes.length).toBe(notes.length);
    expect(bytes.equals(notes)).toBe(true);
    await shot(page, 'downloaded');
  });

  it('renames a file', async () => {
    await item('notes.txt').click();
    await page.keyboard.press('F2');
    const dialog = page.getByRole('dialog', { name: 'Rename' });
    await dialog.getByLabel('Name').fill('meeting-notes.txt');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => item('meeting-notes.txt').isVisible()).toBe(true);
    expect(await item('notes.txt').count()).toBe(0);
    await shot(page, 'renamed');
  });

  it('moves a file to another folder', async () => {
    // A second folder at the root to move into.
    await page.getByRole('link', { name: 'My Drive' }).first().click();
    await page.waitForURL(/\/drive$/);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Archive');
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => item('Archive').isVisible()).toBe(true);
    await item('Projects').dblclick();
    await expect.poll(() => item('meeting-notes.txt').isVisible()).toBe(true);

    await item('meeting-notes.txt').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Move to…' }).click();
    const picker = page.getByRole('dialog', { name: /Move/ });
    await picker.getByRole('button', { name: 'Open Archive' }).click();
    await expect.poll(() => picker.getByRole('navigation', { name: 'Destination path' }).innerText()).toContain('Archive');
    await picker.getByRole('button', { name: 'Move here' }).click();
    await expect.poll(() => item('meeting-notes.txt').count()).toBe(0);
    await shot(page, 'moved away');
    await page.getByRole('link', { name: 'My Drive' }).first().click();
    await item('Archive').dblclick();
    await expect.poll(() => item('meeting-notes.txt').isVisible()).toBe(true);
    await shot(page, 'moved into archive');
  });

  it('deletes a file to the trash and restores it', async () => {
    await item('meeting-notes.txt').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => item('meeting-notes.txt').count()).toBe(0);
    await expect.poll(() => page.getByText('“meeting-notes.txt” moved to trash').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.waitForURL(/\/trash$/);
    const row = page.getByTestId('trash-items').locator('[data-name="meeting-notes.txt"]');
    await expect.poll(() => row.isVisible()).toBe(true);
    await shot(page, 'in trash');
    await page.getByRole('button', { name: 'Restore meeting-notes.txt' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await expect.poll(() => page.getByTestId('trash-empty').isVisible()).toBe(true);
    // The row leaves at once (optimistic); the file is back only when the API says so.
    await expect.poll(() => page.getByText('“meeting-notes.txt” restored').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'My Drive' }).first().click();
    await item('Archive').dblclick();
    await expect.poll(() => item('meeting-notes.txt').isVisible()).toBe(true);
    await shot(page, 'restored');
  });

  it('uploads a new version and restores the old one', async () => {
    await item('meeting-notes.txt').click();
    await page.getByRole('button', { name: 'Details', exact: true }).click();
    const details = page.getByTestId('details-panel');
    const versions = details.getByTestId('versions').locator('li');
    await expect.poll(() => versions.count()).toBe(1);
    await details.getByTestId('new-version-input').setInputFiles({ name: 'whatever.txt', mimeType: 'text/plain', buffer: notesV2 });
    await expect.poll(() => versions.count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(() => details.getByTestId('details-size').innerText()).toContain(notesV2.length.toLocaleString('en-US'));
    await shot(page, 'new version');
    // Done with uploads: close their panel so it does not cover the versions.
    await page.getByRole('button', { name: 'Close uploads' }).click();
    const v2 = await downloadBytes(() => page.getByRole('toolbar', { name: 'Selection actions' }).getByRole('button', { name: 'Download' }).click());
    expect(v2.equals(notesV2)).toBe(true);

    await details.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => versions.count()).toBe(3);
    const restored = await downloadBytes(() => page.getByRole('toolbar', { name: 'Selection actions' }).getByRole('button', { name: 'Download' }).click());
    expect(restored.equals(notes)).toBe(true);
    await shot(page, 'old version restored');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByText('You are signed out.').isVisible()).toBe(true);
    expect((await context.cookies()).find((c) => c.name === 'pgdrive_refresh')).toBeUndefined();
    // The drive is closed now.
    await page.goto(`${stack.webUrl}/drive`);
    await page.waitForURL(/\/login/);
    await shot(page, 'signed out');
  });

  it('resets the password from the emailed link', async () => {
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // Wait for the new page: the sign-in page has an Email field too.
    await page.waitForURL(/\/forgot-password$/);
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByText('a reset link is on its way').isVisible()).toBe(true);
    await shot(page, 'reset requested');
    const link = await waitForResetLink(stack.dataDir, email);
    const url = new URL(link);
    await page.goto(`${stack.webUrl}${url.pathname}${url.search}`);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await shot(page, 'choosing new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/login\?reason=reset/);
    await expect.poll(() => page.getByText('Your password was changed').isVisible()).toBe(true);
    await shot(page, 'password reset');
  });

  it('signs in again with the new password', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Invalid email or password');
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/drive$/);
    await expect.poll(() => item('Projects').isVisible()).toBe(true);
    await expect.poll(() => item('Archive').isVisible()).toBe(true);
    await shot(page, 'signed in again');
    expect(problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });
});
