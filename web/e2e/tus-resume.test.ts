// A large upload goes through tus; cutting the browser's network mid-upload
// pauses it, and it resumes from the last acknowledged byte and completes
// with the exact bytes once the network is back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, network, newContext, noise, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('tus-resume');
const SIZE = 20 * 1024 * 1024;
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let tmp: string;
let bigFile: string;
const bytes = noise(SIZE, 7);

describe.skipIf(!stack.webUrl)('a resumable upload survives going offline', () => {
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-e2e-'));
    bigFile = path.join(tmp, 'video-raw.bin');
    fs.writeFileSync(bigFile, bytes);
    browser = await launch();
    context = await newContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('pauses while offline and completes after reconnecting', async () => {
    await signUp(page, stack.webUrl, { email: `grace.${Date.now()}@example.com`, password: 'resumable uploads rock' });

    const net = await network(page);
    await net.throttleUploads(3_000_000);
    await page.getByTestId('file-input').setInputFiles(bigFile);
    const row = page.locator('[data-testid="upload-item"][data-name="video-raw.bin"]');
    const bar = row.getByRole('progressbar');
    const pct = async () => Number((await bar.getAttribute('aria-valuenow')) ?? 0);
    await expect.poll(pct, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);

    await net.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // Bytes already handed to the socket may still count; then it stops.
    await page.waitForTimeout(2000);
    const stalled = await pct();
    await page.waitForTimeout(2000);
    // Still an upload in progress (paused), not a failure, and not moving.
    expect(await row.getAttribute('data-status')).toBe('uploading');
    expect(await pct()).toBe(stalled);
    expect(stalled).toBeLessThan(100);
    expect(await row.innerText()).toContain('Offline: resumes when the connection is back');
    await shot(page, 'offline mid-upload');

    await net.setOffline(false);
    await net.throttleUploads(null);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await shot(page, 'resumed and done');
    const listed = page.locator('[role="option"][data-name="video-raw.bin"]');
    await expect.poll(() => listed.isVisible()).toBe(true);
    expect(await listed.innerText()).toContain('20 MB');

    // The stored bytes are exactly the file's.
    await listed.click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('toolbar', { name: 'Selection actions' }).getByRole('button', { name: 'Download' }).click(),
    ]);
    const got = fs.readFileSync(await download.path());
    expect(got.length).toBe(SIZE);
    expect(sha(got)).toBe(sha(bytes));
  });
});
