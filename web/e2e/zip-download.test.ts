// Zips from the drive: a folder downloaded as ZIP from its menu holds the
// uploaded bytes exactly (subfolders as paths), a selection goes out as one
// ZIP from the keyboard (Alt+D), the `?` sheet lists the keys, and on a
// phone (390×844) the selection bar's Download does the same. A screenshot
// per step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { launch, newContext, noise, png, recordProblems, screenshots, signUp, text } from './support';

const stack = inject('stack');
const shot = screenshots('zip-download');
const email = `zip.${Date.now()}@example.com`;

let browser: Browser;
let page: Page;
let problems: string[];

const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);

const photo = png(64, [200, 80, 40]);
const notes = text(5_000, 'notes');
const day = noise(200_000, 7);

/** The member names of a downloaded zip, and a reader of one member's bytes (unzip reads it, not our code). */
async function members(download: Download) {
  const file = (await download.path())!;
  return {
    names: execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n'),
    bytes: (name: string) => execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 }),
  };
}

async function newFolder(name: string) {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('menuitem', { name: 'New folder' }).click();
  await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
  await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
  await expect.poll(() => item(name).isVisible()).toBe(true);
}

/** Opens a folder and waits until the page shows it (an upload picked earlier would go to the folder left). */
async function openFolder(name: string) {
  await item(name).dblclick();
  await expect.poll(() => page.getByTestId('empty-folder').isVisible()).toBe(true);
}

async function upload(files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByTestId('file-input').setInputFiles(files);
  for (const f of files) await expect.poll(() => item(f.name).isVisible(), { timeout: 20_000 }).toBe(true);
  const close = page.getByRole('button', { name: 'Close uploads' });
  if (await close.isVisible()) await close.click();
}

describe.skipIf(!stack.webUrl)('zip downloads from the drive', () => {
  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('downloads a folder as ZIP from its menu, entries byte for byte', async () => {
    await signUp(page, stack.webUrl!, { name: 'Zip Taker', email, password: 'correct horse battery' });
    await newFolder('Trip');
    await openFolder('Trip');
    await upload([
      { name: 'photo.png', mimeType: 'image/png', buffer: photo },
      { name: 'notes é.txt', mimeType: 'text/plain', buffer: notes },
    ]);
    await newFolder('Days');
    await openFolder('Days');
    await upload([{ name: 'day1.bin', mimeType: 'application/octet-stream', buffer: day }]);
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My Drive' }).click();
    await expect.poll(() => item('Trip').isVisible()).toBe(true);

    await item('Trip').click({ button: 'right' });
    await expect.poll(() => page.getByRole('menuitem', { name: 'Download as ZIP' }).isVisible()).toBe(true);
    await shot(page, 'folder menu');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Download as ZIP' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Trip.zip');
    const zip = await members(download);
    expect(zip.names).toEqual(['Trip/', 'Trip/Days/', 'Trip/Days/day1.bin', 'Trip/notes é.txt', 'Trip/photo.png']);
    expect(zip.bytes('Trip/photo.png').equals(photo)).toBe(true);
    expect(zip.bytes('Trip/notes é.txt').equals(notes)).toBe(true);
    expect(zip.bytes('Trip/Days/day1.bin').equals(day)).toBe(true);
    await expect.poll(() => page.locator('.toast').filter({ hasText: 'Downloading Trip.zip (5 items)' }).isVisible()).toBe(true);
    await shot(page, 'folder downloaded');
  });

  it('downloads a selection as one ZIP with Alt+D, and the ? sheet lists the keys', async () => {
    await upload([{ name: 'top.txt', mimeType: 'text/plain', buffer: text(300, 'top') }]);
    await item('Trip').click();
    await item('top.txt').click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('[role="option"][aria-selected="true"]').count()).toBe(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Alt+d')]);
    expect(download.suggestedFilename()).toMatch(/^Drive download \d{4}-\d\d-\d\d\.zip$/);
    const zip = await members(download);
    expect(zip.names).toEqual(['Trip/', 'Trip/Days/', 'Trip/Days/day1.bin', 'Trip/notes é.txt', 'Trip/photo.png', 'top.txt']);
    expect(zip.bytes('top.txt').equals(text(300, 'top'))).toBe(true);
    await shot(page, 'selection downloaded');

    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+?');
    const sheet = page.getByTestId('shortcut-sheet');
    await expect.poll(() => sheet.isVisible()).toBe(true);
    expect(await sheet.innerText()).toMatch(/Alt \+ D\s+Download \(a folder or several items as one ZIP\)/);
    expect(await sheet.innerText()).toMatch(/Alt \+ Z\s+Download as ZIP/);
    await shot(page, 'shortcut sheet');
    await page.keyboard.press('Escape');
  });

  it('on a phone, the selection bar downloads a folder as ZIP', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await item('Trip').click();
    await expect.poll(() => page.locator('[role="option"][aria-selected="true"]').count()).toBe(1);
    const button = page.getByRole('toolbar', { name: 'Selection actions' }).getByRole('button', { name: 'Download' });
    await expect.poll(() => button.isVisible()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('Trip.zip');
    expect((await members(download)).bytes('Trip/Days/day1.bin').equals(day)).toBe(true);
    await shot(page, 'phone download');
    expect(problems).toEqual([]);
  });
});
