// Access tokens in Settings: Ada makes a read-and-write token limited to her
// Backups folder, copies the secret shown once, and the test uses that very
// secret over WebDAV (a real PUT and PROPFIND against the stack); the list
// shows it with its folder and "last used"; she revokes it after a confirm,
// and the same secret is refused at once. axe-core finds nothing serious in
// the section, and it fits a 390×844 phone. A screenshot per step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('access-tokens');
const email = `tokens.${Date.now()}@example.com`;
const password = 'correct horse battery';
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let page: Page;
let secret = '';
let curl = '';

const section = () => page.getByTestId('access-tokens');
const davUrl = () => `${stack.apiUrl}/functions/v1/webdav/`;
const dav = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
  fetch(new URL(path, davUrl()), {
    method,
    headers: { authorization: 'Basic ' + Buffer.from(`${email}:${secret}`).toString('base64'), ...headers },
    body,
  });

/** Serious and critical axe-core violations inside the Access tokens section. */
async function violations(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const found = await p.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Element, o: object) => Promise<Result> } }).axe;
    const res = await axe.run(document.querySelector('[data-testid="access-tokens"]')!, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return res.violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

describe.skipIf(!stack.webUrl)('access tokens', () => {
  beforeAll(async () => {
    browser = await launch();
    page = await (await newContext(browser)).newPage();
    page.setDefaultTimeout(15_000);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('makes a folder-limited read-and-write token and shows it once with curl and WebDAV', async () => {
    await signUp(page, stack.webUrl!, { name: 'Token Ada', email, password });
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Backups');
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.locator('[role="option"][data-name="Backups"]').isVisible()).toBe(true);

    await page.goto(`${stack.webUrl}/settings`);
    await expect.poll(() => section().getByText('No tokens yet.').isVisible()).toBe(true);
    // The default policy allows no token that never expires.
    expect(await section().getByLabel('Expires after').locator('option').allInnerTexts()).toEqual(['30 days', '90 days', '365 days']);
    expect(await section().getByLabel('Expires after').inputValue()).toBe('90');
    await section().getByLabel('Name').fill('Nightly backup');
    await section().getByLabel('Read and write (files:read, files:write)').check();
    await section().getByRole('button', { name: 'Choose folder…' }).click();
    const picker = page.getByRole('dialog', { name: 'Limit the token to a folder' });
    await picker.getByRole('button', { name: 'Open Backups' }).click();
    await expect.poll(() => picker.getByRole('navigation', { name: 'Destination path' }).innerText()).toContain('Backups');
    await picker.getByRole('button', { name: 'Choose this folder' }).click();
    await expect.poll(() => section().getByTestId('token-folder').innerText()).toContain('Backups');
    await section().getByLabel('Expires after').selectOption('30');
    await shot(page, 'the form filled in');
    await section().getByRole('button', { name: 'Create token' }).click();

    await expect.poll(() => section().getByTestId('new-token').isVisible()).toBe(true);
    secret = (await section().getByTestId('token-secret').innerText()).trim();
    expect(secret).toMatch(/^pgd_[A-Za-z0-9_-]{43}$/);
    curl = await section().getByTestId('curl-example').innerText();
    expect(curl).toContain('/rest/v1/rpc/token_from_access_token');
    expect(curl).toContain(secret);
    expect(await section().getByTestId('webdav-url').innerText()).toBe(davUrl());
    await shot(page, 'the token shown once');
    expect(await violations(page)).toEqual([]);
  });

  it('the shown token works over WebDAV, inside its folder only', async () => {
    const put = await dav('PUT', 'from-the-browser-test.txt', {}, 'nightly');
    expect(put.status).toBe(201);
    await put.arrayBuffer();
    const list = await dav('PROPFIND', '', { depth: '1' });
    expect(list.status).toBe(207);
    expect(await list.text()).toContain('from-the-browser-test.txt');
    // The curl example, run as shown: it exchanges the token and lists the file.
    const listed = execFileSync('bash', ['-c', curl], { encoding: 'utf8', timeout: 15_000 });
    expect(JSON.parse(listed)).toContainEqual(expect.objectContaining({ name: 'from-the-browser-test.txt' }));
    // Its root is Backups: the file landed there, as the web shows.
    await page.goto(`${stack.webUrl}/drive`);
    await page.locator('[role="option"][data-name="Backups"]').dblclick();
    await expect.poll(() => page.locator('[role="option"][data-name="from-the-browser-test.txt"]').isVisible()).toBe(true);
    await shot(page, 'the WebDAV upload in Backups');
  });

  it('lists the token with its scopes, folder, dates and last use', async () => {
    await page.goto(`${stack.webUrl}/settings`);
    const row = section().getByTestId('token-row');
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('Nightly backup');
    expect(text).toContain('Read and write');
    expect(text).toContain('only Backups');
    expect(text).toContain('created ');
    expect(text).toContain('last used ');
    expect(text).toContain('expires ');
    expect(await section().getByTestId('new-token').count()).toBe(0);
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'the list');
    expect(await violations(page)).toEqual([]);
  });

  it('revokes it after a confirm, and the same token is refused at once', async () => {
    await section().getByRole('button', { name: 'Revoke Nightly backup' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
    await shot(page, 'confirm revoking');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => section().getByTestId('token-row').getAttribute('data-state')).toBe('revoked');
    await expect.poll(() => section().getByRole('button', { name: 'Revoke Nightly backup' }).count()).toBe(0);
    await section().getByTestId('token-row').scrollIntoViewIfNeeded();
    await shot(page, 'revoked');
    const refused = await dav('PROPFIND', '', { depth: '0' });
    expect(refused.status).toBe(401);
    await refused.arrayBuffer();
  });

  it('fits a 390×844 phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.webUrl}/settings`);
    await section().scrollIntoViewIfNeeded();
    await section().getByLabel('Name').fill('Phone token');
    await section().getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => section().getByTestId('new-token').isVisible()).toBe(true);
    await section().getByTestId('new-token').scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await section().boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await shot(page, 'phone');
    expect(await violations(page)).toEqual([]);
  });
});
