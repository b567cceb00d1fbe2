// The web pages' security headers, and the app working under its CSP: a
// person signs up, signs out and in, makes a folder, uploads, lists and
// previews, and the page reports no CSP violation on the way.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, png, recordProblems, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('security-headers');
const email = `csp.${Date.now()}@example.com`;
const password = 'correct horse battery';

let browser: Browser;
let page: Page;
let problems: string[];
/** Every console line that mentions a CSP or permissions-policy problem. */
const policyMessages: string[] = [];

const item = (name: string) => page.locator(`[role="option"][data-name="${name}"]`);
/** The securitypolicyviolation events the page saw (recorded by an init script). */
const violations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []);

describe.skipIf(!stack.webUrl)('security headers of the web pages', () => {
  beforeAll(async () => {
    browser = await launch();
    const context = await newContext(browser);
    await context.addInitScript(() => {
      const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    problems = recordProblems(page);
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy|Permissions-Policy|Permissions Policy/i.test(m.text())) policyMessages.push(m.text());
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('send a nonce CSP that allows the gateway, forbids framing, and the other headers; no HSTS over http', async () => {
    const res = await fetch(`${stack.webUrl}/login`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    const nonce = /'nonce-([^']+)'/.exec(directive('script-src'))?.[1];
    expect(nonce).toBeTruthy();
    expect(directive('script-src')).not.toContain('unsafe-inline');
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    const api = new URL(stack.apiUrl).origin;
    for (const d of ['connect-src', 'img-src', 'media-src', 'frame-src']) expect(directive(d).split(' ')).toContain(api);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();

    // A fresh nonce per page.
    const again = (await fetch(`${stack.webUrl}/login`)).headers.get('content-security-policy') ?? '';
    expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);
    // The session routes' JSON carries the headers too.
    const json = await fetch(`${stack.webUrl}/session/refresh`, { method: 'POST', headers: { origin: new URL(stack.webUrl!).origin } });
    // No cookie: no session, answered without an error (a first visit makes no failing request).
    expect(json.status).toBe(204);
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('work under the CSP: sign up, sign out and in, make a folder, upload, list and preview', async () => {
    await signUp(page, stack.webUrl!, { name: 'Cee Ess', email, password });
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/drive$/);

    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Name').fill('Reports');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await item('Reports').dblclick();
    await page.waitForURL(/\/drive\/[0-9a-f-]{36}$/);
    await page.getByTestId('file-input').setInputFiles([
      { name: 'chart.png', mimeType: 'image/png', buffer: png(48, [20, 120, 200]) },
      { name: 'summary.txt', mimeType: 'text/plain', buffer: Buffer.from('all well\n') },
    ]);
    await expect.poll(() => item('chart.png').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => item('summary.txt').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.reload();
    await expect.poll(() => item('summary.txt').isVisible()).toBe(true);

    await item('chart.png').dblclick();
    const img = page.getByRole('dialog', { name: 'Preview of chart.png' }).getByTestId('preview-image');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(48);
    await page.keyboard.press('Escape');
    await item('summary.txt').dblclick();
    await expect.poll(() => page.getByRole('dialog', { name: 'Preview of summary.txt' }).innerText()).toContain('all well');
    await page.keyboard.press('Escape');
    await shot(page, 'listed under the CSP');

    expect(await violations()).toEqual([]);
    expect(policyMessages).toEqual([]);
    expect(problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });

  it('cannot be framed by another page', async () => {
    const other = await browser.newPage();
    try {
      await other.setContent(`<iframe name="app" src="${stack.webUrl}/login" width="600" height="400"></iframe>`);
      await other.waitForTimeout(1_000);
      const frame = other.frame({ name: 'app' });
      const framed = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
      expect(framed).not.toContain('Sign in');
    } finally {
      await other.close();
    }
  });
});
