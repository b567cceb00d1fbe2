// Helpers for the browser tests: Debian's headless Chromium through
// playwright-core, a screenshot per step, test files, and the reset mail.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'browser');

/** Creates an account through the signup form and waits for the drive. */
export async function signUp(page: Page, webUrl: string, account: { name?: string; email: string; password: string }): Promise<void> {
  await page.goto(`${webUrl}/signup`);
  if (account.name) await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/drive');
}

/** Launches headless Chromium with a fresh profile. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** A window size a story runs at. */
export interface Size {
  width: number;
  height: number;
  /** A phone: touch and a phone's pixel density, as a person holding one has. */
  phone: boolean;
}

/**
 * The two sizes the stories run at: a laptop and a phone. Run a story
 * at both with `describe.each(SIZES)('… at $width×$height', (size) => …)`.
 */
export const SIZES: Size[] = [
  { width: 1280, height: 800, phone: false },
  { width: 390, height: 844, phone: true },
];

/**
 * A fresh context (its own cookies and storage) that accepts downloads, at
 * 1280×800 unless told; `options` adds to it (a device's user agent, say).
 */
export function newContext(browser: Browser, size: Size = SIZES[0], options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    acceptDownloads: true,
    viewport: { width: size.width, height: size.height },
    ...(size.phone ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
    ...options,
  });
}

/** A story's browser and its one page, there from the story's first step on. */
export interface StoryPage {
  browser: Browser;
  page: Page;
  /** The page's console errors and uncaught exceptions (recordProblems). */
  problems: string[];
}

/**
 * The hooks every one-page story repeats: before its first step, Chromium and
 * a page at `size` (its default timeout `timeoutMs`, its problems recorded);
 * after a failed step, a `FAILED <step>` screenshot; at the end, the browser
 * closed. Call it inside the story's describe; the fields are set once its
 * first step runs.
 */
export function storyPage(
  shot: (page: Page, name: string) => Promise<string>,
  { size = SIZES[0], timeoutMs = 15_000 }: { size?: Size; timeoutMs?: number } = {},
): StoryPage {
  const story = {} as StoryPage;
  beforeAll(async () => {
    story.browser = await launch();
    story.page = await (await newContext(story.browser, size)).newPage();
    story.page.setDefaultTimeout(timeoutMs);
    story.problems = recordProblems(story.page);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && story.page) await shot(story.page, `FAILED ${ctx.task.name}`);
  });
  afterAll(async () => {
    await story.browser?.close();
  });
  return story;
}

/** Where a story's screenshots at `size` go: the story's folder, then `<w>x<h>` for every size but the laptop's. */
export function storyName(story: string, size: Size): string {
  return size === SIZES[0] ? story : `${story}/${size.width}x${size.height}`;
}


/** How a person at `size` presses a control: a click on a laptop, a tap (touch events) on a phone. */
export function pressAt(size: Size): (target: Locator) => Promise<void> {
  return (target) => (size.phone ? target.tap() : target.click());
}

/**
 * Follows a link of the main navigation (My Drive, Trash …): in the sidebar,
 * or on a narrow window in the drawer, opened first, which also holds Profile
 * and Settings; pressed as a
 * person at `size` does (a tap on a phone).
 */
export async function openNav(page: Page, name: string, size: Size = SIZES[0]): Promise<void> {
  const press = pressAt(size);
  const toggle = page.getByRole('button', { name: 'Open navigation' });
  if (await toggle.isVisible()) await press(toggle);
  await press(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }));
}

/**
 * Holds a finger on `target` for `ms` (a long press, as on a phone): touch
 * events through DevTools, since Playwright has a tap but no press and hold.
 */
export async function longPress(page: Page, target: Locator, ms = 900): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('long press: the target is not on screen');
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    await new Promise((r) => setTimeout(r, ms));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  } finally {
    await cdp.detach();
  }
}

/**
 * Opens the account menu in the top bar (it stays there at every width) and
 * picks `entry` (Profile, Settings, Sign out), pressing as a person at `size` does.
 */
export async function openAccountMenu(page: Page, entry: string, size: Size = SIZES[0]): Promise<void> {
  const press = pressAt(size);
  await press(page.getByRole('button', { name: 'Account menu' }));
  await press(page.getByRole('menuitem', { name: entry }));
}

/** The initials the account button shows (drawn by CSS from `data-initials`, so not its text). */
export async function accountInitials(page: Page): Promise<string | null> {
  return await page.getByRole('button', { name: 'Account menu' }).locator('[data-initials]').getAttribute('data-initials', { timeout: 1000 }).catch(() => null);
}

/**
 * What sticks out sideways: the page wider than the window, or a scroll box
 * that scrolls sideways (content cut off unless one pans), or a visible
 * control whose right edge is past the window's.
 */
export async function overflow(p: Page): Promise<string[]> {
  // The configured width, not innerWidth: a phone browser widens its layout
  // viewport to fit content that is too wide, which would hide the fault.
  return p.evaluate((vw) => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > vw) out.push(`document is ${doc.scrollWidth}px wide in a ${vw}px window`);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= 0) continue;
      if (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${describe(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
      if (el.matches('button, a, input, select, textarea, [role="option"], [role="menuitem"]') && r.right > vw + 1) {
        out.push(`${describe(el)} ends at ${Math.round(r.right)}px`);
      }
    }
    return out;
  }, p.viewportSize()!.width);
}

/** Is the element entirely inside the window? */
export async function inWindow(p: Page, selector: Locator): Promise<boolean> {
  const box = await selector.boundingBox();
  const vp = p.viewportSize()!;
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 0.5 && box.y + box.height <= vp.height + 0.5;
}

/** Saves `<story>/<nn>-<name>.png` under test-artifacts/browser. */
export function screenshots(story: string) {
  const dir = path.join(ARTIFACTS, story);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, name: string) => {
    n++;
    const file = path.join(dir, `${String(n).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file });
    return file;
  };
}

/** Keeps the page's console errors and failed requests for the failure message. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** A valid PNG of `size`×`size` pixels in one colour. */
export function png(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).fill(Buffer.from(rgb))]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Text of `bytes` bytes whose lines say where they are (so a wrong byte shows). */
export function text(bytes: number, label: string): Buffer {
  const lines: string[] = [];
  let total = 0;
  for (let i = 0; total < bytes; i++) {
    const line = `${label} line ${i} ${'-'.repeat(40)}\n`;
    lines.push(line);
    total += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** Pseudo-random bytes (incompressible, deterministic). */
export function noise(bytes: number, seed = 1): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, Math.min(i, bytes - 4));
  }
  return out;
}

/** Decodes a quoted-printable body (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * Waits for the newest .eml under `<dataDir>/mail` addressed to `email` that
 * holds a link to `route` (e.g. `/reset-password`) with a token, and returns
 * the link. Mails written before `since` (ms since the epoch) do not count.
 */
export async function waitForLink(dataDir: string, email: string, route: string, { timeoutMs = 20_000, since = 0 } = {}): Promise<string> {
  const dir = path.join(dataDir, 'mail');
  const deadline = Date.now() + timeoutMs;
  const escaped = route.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  const pattern = new RegExp(`https?://[^\\s"'<>]+${escaped}\\?token=[A-Za-z0-9_\\-%.~]+`);
  while (Date.now() < deadline) {
    if (fs.existsSync(dir)) {
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => path.join(dir, f))
        .filter((f) => fs.statSync(f).mtimeMs >= since)
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
      for (const f of files) {
        const raw = fs.readFileSync(f, 'utf8');
        const to = /^To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '';
        if (to.toLowerCase() !== email.toLowerCase()) continue;
        const body = /quoted-printable/i.test(raw) ? decodeQuotedPrintable(raw) : raw;
        const m = pattern.exec(body);
        if (m) return m[0];
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no email with a ${route} link for ${email} under ${dir} within ${timeoutMs / 1000}s`);
}

/** Waits for the newest password-reset link mailed to `email`. */
export function waitForResetLink(dataDir: string, email: string, timeoutMs = 20_000): Promise<string> {
  return waitForLink(dataDir, email, '/reset-password', { timeoutMs });
}

/**
 * The page's network through one DevTools session: upload throttling (so
 * progress is visible) and going offline, which must share a session or the
 * last setting of either would silently undo the other.
 */
export async function network(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const state = { offline: false, uploadThroughput: -1 };
  const apply = () =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: state.offline,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: state.uploadThroughput,
    });
  return {
    /** Limits uploads to `bytesPerSecond` (null: no limit). */
    async throttleUploads(bytesPerSecond: number | null) {
      state.uploadThroughput = bytesPerSecond ?? -1;
      await apply();
    },
    async setOffline(offline: boolean) {
      state.offline = offline;
      await apply();
    },
  };
}

/** Slows the page's uploads so progress is visible (null lifts the limit). */
export async function throttleUploads(page: Page, bytesPerSecond: number | null): Promise<void> {
  await (await network(page)).throttleUploads(bytesPerSecond);
}
