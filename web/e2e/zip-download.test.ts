// Zips from the drive: a folder downloaded as ZIP from its menu holds the
// uploaded bytes exactly (subfolders as paths), and a selection goes out as
// one ZIP. On a laptop the menu is a right-click, the selection Ctrl-clicks
// and Alt+D, and the `?` sheet lists the keys; on a phone (390×844) a long
// press opens the menu and selects, a tap adds to the selection, and the
// selection bar's Download sends it. A screenshot per step.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Download } from 'playwright-core';
import { SIZES, inWindow, longPress, noise, overflow, png, pressAt, screenshots, signUp, storyName, storyPage, text } from './support';

const stack = inject('stack');

const photo = png(64, [200, 80, 40]);
const notes = text(5_000, 'notes');
const day = noise(200_000, 7);
const top = text(300, 'top');
const TRIP = ['Trip/', 'Trip/Days/', 'Trip/Days/day1.bin', 'Trip/notes é.txt', 'Trip/photo.png'];

/** The member names of a downloaded zip, and a reader of one member's bytes (unzip reads it, not our code). */
async function members(download: Download) {
  const file = (await download.path())!;
  return {
    names: execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n'),
    bytes: (name: string) => execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 }),
  };
}

describe.skipIf(!stack.webUrl).each(SIZES)('zip downloads from the drive at $width×$height', (size) => {
  const shot = screenshots(storyName('zip-download', size));
  const story = storyPage(shot, { size });
  const email = `zip.${size.width}.${Date.now()}@example.com`;
  const press = pressAt(size);


  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);
  const selected = () => story.page.locator('[role="option"][aria-selected="true"]');

  async function newFolder(name: string) {
    await press(story.page.getByRole('button', { name: 'New', exact: true }));
    await press(story.page.getByRole('menuitem', { name: 'New folder' }));
    await story.page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
    await press(story.page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }));
    await expect.poll(() => item(name).isVisible()).toBe(true);
  }

  /** Opens a folder (a double click, on a phone a tap) and waits until the page shows it (an upload picked earlier would go to the folder left). */
  async function openFolder(name: string) {
    await (size.phone ? item(name).tap() : item(name).dblclick());
    await expect.poll(() => story.page.getByTestId('empty-folder').isVisible()).toBe(true);
  }

  async function upload(files: { name: string; mimeType: string; buffer: Buffer }[]) {
    await story.page.getByTestId('file-input').setInputFiles(files);
    for (const f of files) await expect.poll(() => item(f.name).isVisible(), { timeout: 20_000 }).toBe(true);
    const close = story.page.getByRole('button', { name: 'Close uploads' });
    if (await close.isVisible()) await press(close);
  }

  /** Opens an item's menu as a person does: a right-click, or on a phone a long press. */
  async function openMenu(name: string) {
    if (size.phone) await longPress(story.page, item(name));
    else await item(name).click({ button: 'right' });
    await expect.poll(() => story.page.getByRole('menuitem', { name: 'Download as ZIP' }).isVisible()).toBe(true);
  }

  it('downloads a folder as ZIP from its menu, entries byte for byte', async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Zip Taker', email, password: 'correct horse battery' });
    await newFolder('Trip');
    await openFolder('Trip');
    await upload([
      { name: 'photo.png', mimeType: 'image/png', buffer: photo },
      { name: 'notes é.txt', mimeType: 'text/plain', buffer: notes },
    ]);
    await newFolder('Days');
    await openFolder('Days');
    await upload([{ name: 'day1.bin', mimeType: 'application/octet-stream', buffer: day }]);
    await press(story.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My Drive' }));
    await expect.poll(() => item('Trip').isVisible()).toBe(true);

    await openMenu('Trip');
    // The menu acts on the folder pressed, and every entry is inside the window.
    expect(await selected().getAttribute('data-name')).toBe('Trip');
    for (const entry of await story.page.getByRole('menuitem').all()) expect(await inWindow(story.page, entry), await entry.innerText()).toBe(true);
    await shot(story.page, 'folder menu');
    const [download] = await Promise.all([
      story.page.waitForEvent('download'),
      press(story.page.getByRole('menuitem', { name: 'Download as ZIP' })),
    ]);
    expect(download.suggestedFilename()).toBe('Trip.zip');
    const zip = await members(download);
    expect(zip.names).toEqual(TRIP);
    expect(zip.bytes('Trip/photo.png').equals(photo)).toBe(true);
    expect(zip.bytes('Trip/notes é.txt').equals(notes)).toBe(true);
    expect(zip.bytes('Trip/Days/day1.bin').equals(day)).toBe(true);
    await expect.poll(() => story.page.locator('.toast').filter({ hasText: 'Downloading Trip.zip (5 items)' }).isVisible()).toBe(true);
    await shot(story.page, 'folder downloaded');
  });

  it.skipIf(size.phone)('downloads a selection as one ZIP with Alt+D, and the ? sheet lists the keys', async () => {
    await upload([{ name: 'top.txt', mimeType: 'text/plain', buffer: top }]);
    await item('Trip').click();
    await item('top.txt').click({ modifiers: ['Control'] });
    await expect.poll(() => story.page.locator('[role="option"][aria-selected="true"]').count()).toBe(2);
    const [download] = await Promise.all([story.page.waitForEvent('download'), story.page.keyboard.press('Alt+d')]);
    expect(download.suggestedFilename()).toMatch(/^Drive download \d{4}-\d\d-\d\d\.zip$/);
    const zip = await members(download);
    expect(zip.names).toEqual([...TRIP, 'top.txt']);
    expect(zip.bytes('top.txt').equals(top)).toBe(true);
    await shot(story.page, 'selection downloaded');

    await story.page.keyboard.press('Escape');
    await story.page.keyboard.press('Shift+?');
    const sheet = story.page.getByTestId('shortcut-sheet');
    await expect.poll(() => sheet.isVisible()).toBe(true);
    expect(await sheet.innerText()).toMatch(/Alt \+ D\s+Download \(a folder or several items as one ZIP\)/);
    expect(await sheet.innerText()).toMatch(/Alt \+ Z\s+Download as ZIP/);
    await shot(story.page, 'shortcut sheet');
    await story.page.keyboard.press('Escape');
  });

  it.runIf(size.phone)('selects with a long press and a tap, and the selection bar downloads them as one ZIP', async () => {
    await upload([{ name: 'top.txt', mimeType: 'text/plain', buffer: top }]);
    // The folder is still selected from its menu: the selection bar's X clears it.
    await story.page.getByRole('button', { name: 'Clear selection' }).tap();
    await expect.poll(() => selected().count()).toBe(0);
    // Nothing selected, a tap opens; so the first item is selected by a long press (its menu
    // opens too, and a tap on the empty space below the list closes it), then a tap adds the next.
    await longPress(story.page, item('Trip'));
    await expect.poll(() => story.page.getByRole('menuitem', { name: 'Download as ZIP' }).isVisible()).toBe(true);
    await story.page.touchscreen.tap(size.width / 2, size.height - 40);
    await expect.poll(() => story.page.getByRole('menuitem').count()).toBe(0);
    expect(await selected().count()).toBe(1);
    await item('top.txt').tap();
    await expect.poll(() => selected().count()).toBe(2);
    // Still in My Drive: neither press opened anything.
    expect(story.page.url()).toMatch(/\/drive$/);
    const button = story.page.getByRole('toolbar', { name: 'Selection actions' }).getByRole('button', { name: 'Download' });
    expect(await inWindow(story.page, button)).toBe(true);
    expect(await overflow(story.page)).toEqual([]);
    await shot(story.page, 'two selected');
    const [download] = await Promise.all([story.page.waitForEvent('download'), button.tap()]);
    expect(download.suggestedFilename()).toMatch(/^Drive download \d{4}-\d\d-\d\d\.zip$/);
    const zip = await members(download);
    expect(zip.names).toEqual([...TRIP, 'top.txt']);
    expect(zip.bytes('Trip/Days/day1.bin').equals(day)).toBe(true);
    expect(zip.bytes('top.txt').equals(top)).toBe(true);
    await shot(story.page, 'selection downloaded');
  });

  it('reported no errors on the page', () => {
    expect(story.problems).toEqual([]);
  });
});
