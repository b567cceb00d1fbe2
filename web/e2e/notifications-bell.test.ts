// Notifications, live: with two browsers open, the second user sees a share
// from the first arrive in the bell without reloading, opens it, and turns
// off share emails in Settings. The first user shares over the API (as a
// script would); the second only ever uses the web client. A screenshot per step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newContext, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('notifications-bell');
const password = 'correct horse battery';
const ada = { name: 'Ada Sharer', email: `bell.ada.${Date.now()}@example.com` };
const bob = { name: 'Bob Bell', email: `bell.bob.${Date.now()}@example.com` };

let browser: Browser;
let bobPage: Page;
let adaToken: string;

/** POSTs /rest/v1/rpc/<fn> as a signed-in caller (or anonymously) and answers the JSON body. */
async function rpc(fn: string, body: unknown, token?: string): Promise<any> {
  const headers: Record<string, string> = { 'content-type': 'application/json', apikey: stack.anonKey };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/${fn}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${fn}: ${res.status} ${JSON.stringify(answer)}`);
  return answer;
}

describe.skipIf(!stack.webUrl)('a share arrives in the bell', () => {
  beforeAll(async () => {
    browser = await launch();
    // Bob first, in his own browser, so his stream is open when the share happens.
    bobPage = await (await newContext(browser)).newPage();
    bobPage.setDefaultTimeout(15_000);
    const [signedUp] = await rpc('signup', { email: ada.email, password, name: ada.name });
    adaToken = signedUp.token;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await shot(bobPage, `FAILED ${ctx.task.name}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a share within two seconds, without a reload', async () => {
    await signUp(bobPage, stack.webUrl!, { name: bob.name, email: bob.email, password });
    const bell = bobPage.getByRole('button', { name: /^Notifications/ });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
    // The stream is open once the page has settled: the bell's store connects on mount.
    await bobPage.waitForLoadState('networkidle');
    await shot(bobPage, 'no notifications yet');

    const folder = await rpc('create_folder', { name: 'Holiday plans' }, adaToken);
    const folderId = (Array.isArray(folder) ? folder[0] : folder).id;
    const sharedAt = Date.now();
    await rpc('share_with', { email: bob.email, folder_id: folderId, role: 'viewer' }, adaToken);

    await bell.and(bobPage.locator('[aria-label="Notifications, 1 unread"]')).waitFor({ timeout: 2_000 });
    expect(Date.now() - sharedAt).toBeLessThan(2_000);
    await shot(bobPage, 'the bell counts one');
  });

  it('opens it from the panel, which marks it read', async () => {
    await bobPage.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const item = bobPage.locator('.bell-panel').getByText(`${ada.name} shared Holiday plans with you`);
    await item.waitFor();
    await shot(bobPage, 'the panel');
    await item.click();
    await expect.poll(() => bobPage.getByRole('button', { name: /^Notifications/ }).getAttribute('aria-label')).toBe('Notifications');
    await shot(bobPage, 'opened and read');
  });

  it('turns off share emails in Settings, and it stays off', async () => {
    await bobPage.goto(`${stack.webUrl}/settings`);
    const shareEmails = bobPage.getByRole('checkbox', { name: 'Someone shared a file or folder with you' });
    await expect.poll(() => shareEmails.isChecked()).toBe(true);
    await shareEmails.uncheck();
    await shot(bobPage, 'share emails off');
    await bobPage.reload();
    await expect.poll(() => shareEmails.isChecked()).toBe(false);
    // Security emails stay on and cannot be changed here.
    expect(await bobPage.getByRole('checkbox', { name: /password/i }).first().isDisabled()).toBe(true);
  });
});
