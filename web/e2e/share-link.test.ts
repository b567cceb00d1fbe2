// A shared folder from the owner's dialog to a second person and to a
// stranger's browser: the owner shares a folder with a second user as editor
// and makes a password-protected link to it; the second user opens it from
// "Shared with me" in the drive view (breadcrumbs from the shared folder) and
// uploads into it; an anonymous context opens
// /s/<token>, is asked the password, previews an image and downloads the
// folder as a zip whose entries are the uploaded bytes exactly, the second
// user's upload included. axe-core on
// the public page (password prompt and folder view); "Shared by me" lists the
// link with its one download, and revoking it there gives the visitor the
// page a dead link shows. The public page again on a 390×844 phone, tapping:
// the password, axe-core, the image previewed and closed by its button, one
// file and the zip downloaded byte for byte. A screenshot per step.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SIZES, inWindow, launch, longPress, newContext, overflow, png, recordProblems, screenshots, signUp, text } from './support';

const stack = inject('stack');
const shot = screenshots('share-link');
const email = `sharer.${Date.now()}@example.com`;
const friendEmail = `friend.${Date.now()}@example.com`;
const fromFriend = text(1200, 'added by the friend');
const PASSWORD = 'a long passphrase';
const photo = png(64, [200, 40, 40]);
const notes = text(3000, 'trip notes');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let owner: Page;
let friend: Page;
let visitor: Page;
let visitorProblems: string[];
let phone: Page;
let phoneProblems: string[];
let url = '';

const item = (p: Page, name: string) => p.locator(`[role="option"][data-name="${name}"]`);

/** The members of a zip, read from its central directory (stored or deflated, as zips are). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(-1);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + compressed);
    out.set(name, method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + skip;
  }
  return out;
}

async function seriousViolations(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const found = await p.evaluate(async () => {
    type V = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: V[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

describe.skipIf(!stack.webUrl)('share link', () => {
  beforeAll(async () => {
    browser = await launch();
    owner = await (await newContext(browser)).newPage();
    owner.setDefaultTimeout(15_000);
    friend = await (await newContext(browser)).newPage();
    friend.setDefaultTimeout(15_000);
    const anonymous = await newContext(browser);
    visitor = await anonymous.newPage();
    visitor.setDefaultTimeout(15_000);
    visitorProblems = recordProblems(visitor);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      if (owner) await shot(owner, `FAILED owner ${ctx.task.name}`);
      if (friend) await shot(friend, `FAILED friend ${ctx.task.name}`);
      if (visitor) await shot(visitor, `FAILED visitor ${ctx.task.name}`);
      if (phone && !phone.isClosed()) await shot(phone, `FAILED phone ${ctx.task.name}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the owner fills a folder with a photo and notes', async () => {
    await signUp(owner, stack.webUrl!, { name: 'Sha Rer', email, password: 'correct horse battery' });
    await owner.getByRole('button', { name: 'New', exact: true }).click();
    await owner.getByRole('menuitem', { name: 'New folder' }).click();
    const dialog = owner.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Name').fill('Trip');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await item(owner, 'Trip').dblclick();
    await owner.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await owner.getByTestId('file-input').setInputFiles([
      { name: 'photo.png', mimeType: 'image/png', buffer: photo },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
    ]);
    await expect.poll(() => item(owner, 'notes.txt').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => item(owner, 'photo.png').isVisible(), { timeout: 30_000 }).toBe(true);
    await shot(owner, 'folder filled');
  });

  it('shares the folder with a second person as editor in the share dialog', async () => {
    await signUp(friend, stack.webUrl!, { name: 'Bea Friend', email: friendEmail, password: 'another horse battery' });
    await owner.getByRole('link', { name: 'My Drive' }).first().click();
    await owner.waitForURL(/\/drive$/);
    await item(owner, 'Trip').click({ button: 'right' });
    await owner.getByRole('menuitem', { name: 'Share…' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share “Trip”' });
    await dialog.getByLabel('Email').fill(friendEmail);
    await dialog.getByLabel('Role', { exact: true }).selectOption('editor');
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    const people = dialog.getByRole('list', { name: 'People with access' });
    await expect.poll(() => people.innerText().catch(() => '')).toContain(friendEmail);
    await shot(owner, 'shared with a person');
  });

  it('creates a password-protected link to the folder in the share dialog', async () => {
    const dialog = owner.getByRole('dialog', { name: 'Share “Trip”' });
    const form = dialog.getByTestId('new-link-form');
    await expect.poll(() => form.isVisible()).toBe(true);
    // The policy speaks before the API is asked: a short password is refused in the form.
    await form.getByLabel(/^Password/).fill('short');
    await expect.poll(() => form.getByText('The password needs at least 10 characters.').isVisible()).toBe(true);
    expect(await form.getByRole('button', { name: 'Create link' }).isDisabled()).toBe(true);
    await shot(owner, 'password too short');
    await form.getByLabel(/^Password/).fill(PASSWORD);
    await form.getByLabel('Label (optional)').fill('For the family');
    await form.getByRole('button', { name: 'Create link' }).click();
    const shown = dialog.getByTestId('new-link-url');
    await expect.poll(() => shown.isVisible()).toBe(true);
    url = await shown.inputValue();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
    const row = dialog.getByRole('list', { name: 'Links to this item' }).getByRole('listitem').first();
    await expect.poll(() => row.innerText()).toMatch(/For the family[\s\S]*Active[\s\S]*password · 0 downloads · not used yet/);
    await shot(owner, 'link created');
  });

  it('the second person opens the folder from "Shared with me" and uploads into it', async () => {
    await friend.getByRole('link', { name: 'Shared with me' }).first().click();
    await friend.waitForURL(/\/shared-with-me$/);
    const row = friend.getByRole('row', { name: /Trip/ });
    await expect.poll(() => row.innerText().catch(() => '')).toMatch(/Trip[\s\S]*Sha Rer[\s\S]*Editor/);
    await shot(friend, 'shared with me');
    await row.getByRole('link', { name: 'Trip' }).click();
    await friend.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await expect.poll(() => item(friend, 'photo.png').isVisible()).toBe(true);
    expect(await item(friend, 'notes.txt').isVisible()).toBe(true);
    // The trail starts at "Shared with me", then the shared folder: nothing of the owner's drive above it.
    const crumbs = friend.getByRole('navigation', { name: 'Breadcrumb' });
    expect((await crumbs.innerText()).replace(/\s+/g, ' ').trim()).toBe('Shared with me Trip');
    expect(await crumbs.getByRole('link', { name: 'Shared with me' }).getAttribute('href')).toBe('/shared-with-me');
    await shot(friend, 'shared folder open');
    await friend.getByTestId('file-input').setInputFiles([{ name: 'from-bea.txt', mimeType: 'text/plain', buffer: fromFriend }]);
    await expect.poll(() => item(friend, 'from-bea.txt').isVisible(), { timeout: 30_000 }).toBe(true);
    await shot(friend, 'uploaded into the shared folder');
  });

  it('an anonymous visitor is asked the password, and the page passes axe-core', async () => {
    // The url names the site the database knows; the test's web server may be elsewhere.
    const token = url.split('/s/')[1];
    await visitor.goto(`${stack.webUrl}/s/${token}`);
    await expect.poll(() => visitor.getByRole('heading', { name: 'This link is protected' }).isVisible()).toBe(true);
    expect(await visitor.getByText('Trip').count()).toBe(0);
    expect(await seriousViolations(visitor)).toEqual([]);
    await shot(visitor, 'password asked');
    await visitor.getByLabel('Password').fill('not the password');
    await visitor.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => visitor.getByRole('alert').innerText()).toBe('That password is not right.');
    await shot(visitor, 'wrong password');
    await visitor.getByLabel('Password').fill(PASSWORD);
    await visitor.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => visitor.getByRole('heading', { name: 'Trip', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => visitor.getByRole('list', { name: 'Contents of Trip' }).getByRole('listitem').count()).toBe(3);
    expect(await seriousViolations(visitor)).toEqual([]);
    await shot(visitor, 'folder open');
  });

  it('previews the image', async () => {
    await visitor.getByRole('button', { name: 'Preview photo.png' }).click();
    const img = visitor.getByRole('dialog', { name: 'photo.png' }).getByTestId('share-preview-image');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
    await shot(visitor, 'image preview');
    await visitor.keyboard.press('Escape');
  });

  it('downloads the folder as a zip holding the uploaded bytes exactly', async () => {
    const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.getByTestId('share-zip').click()]);
    expect(download.suggestedFilename()).toBe('Trip.zip');
    const zip = fs.readFileSync((await download.path())!);
    const entries = unzip(zip);
    expect([...entries.keys()].sort()).toEqual(['from-bea.txt', 'notes.txt', 'photo.png']);
    expect(entries.get('from-bea.txt')!.equals(fromFriend)).toBe(true);
    expect(entries.get('photo.png')!.equals(photo)).toBe(true);
    expect(entries.get('notes.txt')!.equals(notes)).toBe(true);
    await shot(visitor, 'zip downloaded');
    expect(visitorProblems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('on a 390×844 phone, the public page asks the password, opens the folder and passes axe-core', async () => {
    phone = await (await newContext(browser, SIZES[1])).newPage();
    phone.setDefaultTimeout(15_000);
    phoneProblems = recordProblems(phone);
    const token = url.split('/s/')[1];
    await phone.goto(`${stack.webUrl}/s/${token}`);
    await expect.poll(() => phone.getByRole('heading', { name: 'This link is protected' }).isVisible()).toBe(true);
    expect(await seriousViolations(phone)).toEqual([]);
    await shot(phone, 'phone password asked');
    await phone.getByLabel('Password').fill(PASSWORD);
    await phone.getByRole('button', { name: 'Open' }).tap();
    await expect.poll(() => phone.getByRole('heading', { name: 'Trip', level: 1 }).isVisible()).toBe(true);
    // The photo, the notes and the second person's upload.
    await expect.poll(() => phone.getByRole('list', { name: 'Contents of Trip' }).getByRole('listitem').count()).toBe(3);
    expect(await seriousViolations(phone)).toEqual([]);
    // Nothing wider than the phone, and each row's buttons within reach.
    expect(await overflow(phone)).toEqual([]);
    for (const name of ['Preview photo.png', 'Download photo.png', 'Download notes.txt', 'Download from-bea.txt']) {
      expect(await inWindow(phone, phone.getByRole('button', { name }).or(phone.getByRole('link', { name }))), name).toBe(true);
    }
    await shot(phone, 'phone folder open');
  });

  it('on the phone, previews the image and closes it with its button (no Escape key on a phone)', async () => {
    await phone.getByRole('button', { name: 'Preview photo.png' }).tap();
    const dialog = phone.getByRole('dialog', { name: 'photo.png' });
    const img = dialog.getByTestId('share-preview-image');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
    expect(await inWindow(phone, dialog.getByRole('button', { name: 'Close' }))).toBe(true);
    expect(await overflow(phone)).toEqual([]);
    await shot(phone, 'phone image preview');
    await dialog.getByRole('button', { name: 'Close' }).tap();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('on the phone, downloads one file and the folder as a zip, byte for byte', async () => {
    const [one] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('link', { name: 'Download notes.txt' }).tap()]);
    expect(one.suggestedFilename()).toBe('notes.txt');
    expect(fs.readFileSync((await one.path())!).equals(notes)).toBe(true);
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByTestId('share-zip').tap()]);
    expect(download.suggestedFilename()).toBe('Trip.zip');
    const entries = unzip(fs.readFileSync((await download.path())!));
    expect([...entries.keys()].sort()).toEqual(['from-bea.txt', 'notes.txt', 'photo.png']);
    expect(entries.get('from-bea.txt')!.equals(fromFriend)).toBe(true);
    expect(entries.get('photo.png')!.equals(photo)).toBe(true);
    expect(entries.get('notes.txt')!.equals(notes)).toBe(true);
    await shot(phone, 'phone zip downloaded');
    expect(phoneProblems.filter((p) => !p.includes('401'))).toEqual([]);
    await phone.context().close();
  });

  it('on a 390×844 phone, the owner opens the share dialog with a long press: who has access and the link, all within reach', async () => {
    const ownerPhone = await (await newContext(browser, SIZES[1])).newPage();
    ownerPhone.setDefaultTimeout(15_000);
    try {
      await ownerPhone.goto(`${stack.webUrl}/login`);
      await ownerPhone.getByLabel('Email').fill(email);
      await ownerPhone.getByLabel('Password').fill('correct horse battery');
      await ownerPhone.getByRole('button', { name: 'Sign in' }).tap();
      await ownerPhone.waitForURL(/\/drive$/);
      await longPress(ownerPhone, item(ownerPhone, 'Trip'));
      await ownerPhone.getByRole('menuitem', { name: 'Share…' }).tap();
      const dialog = ownerPhone.getByRole('dialog', { name: 'Share “Trip”' });
      const people = dialog.getByRole('list', { name: 'People with access' });
      await expect.poll(() => people.innerText().catch(() => '')).toContain(friendEmail);
      const links = dialog.getByRole('list', { name: 'Links to this item' });
      await expect.poll(() => links.innerText().catch(() => '')).toMatch(/For the family[\s\S]*Active/);
      expect(await overflow(ownerPhone)).toEqual([]);
      for (const control of [dialog.getByLabel('Email'), dialog.getByRole('button', { name: 'Share', exact: true })]) {
        await control.scrollIntoViewIfNeeded();
        expect(await inWindow(ownerPhone, control)).toBe(true);
      }
      expect(await seriousViolations(ownerPhone)).toEqual([]);
      await shot(ownerPhone, 'phone owner share dialog');
    } catch (err) {
      await shot(ownerPhone, 'FAILED phone owner share dialog');
      throw err;
    } finally {
      await ownerPhone.context().close();
    }
  });

  it('"Shared by me" lists the link with its download, and revoking it there ends it for the visitor', async () => {
    await owner.keyboard.press('Escape');
    await owner.getByRole('link', { name: 'Shared with me' }).first().click();
    await owner.waitForURL(/\/shared-with-me$/);
    await expect.poll(() => owner.getByTestId('empty-shared').isVisible()).toBe(true);
    await owner.getByRole('link', { name: 'Shared by me' }).first().click();
    await owner.waitForURL(/\/shared-by-me$/);
    const row = owner.getByRole('region', { name: 'By link' }).getByRole('row', { name: /Trip/ });
    // The visitor's zip and the phone's file and zip counted a download each; the folder pages and the previews did not.
    await expect.poll(() => row.innerText()).toMatch(/Trip\s+For the family · View · password\s+Active\s+3\s+/);
    await shot(owner, 'shared by me');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => owner.getByText('You have no live links.').isVisible()).toBe(true);
    await shot(owner, 'link revoked');
    await visitor.reload();
    await expect.poll(() => visitor.getByTestId('share-gone').isVisible()).toBe(true);
    expect(await visitor.getByText('Trip').count()).toBe(0);
    await shot(visitor, 'link gone');
  });
});
