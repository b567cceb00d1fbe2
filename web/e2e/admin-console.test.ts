// The admin console's story (issue 20): the superadmin from SUPERADMIN_EMAIL
// signs in, creates a role with two permissions and grants it to a user,
// disables another user who is signed in elsewhere and sees that session end,
// filters the activity log to those events and exports them as CSV. Then
// axe-core over every admin page, and the pages on a 390×844 phone. A
// screenshot per step.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DelimitedParser } from '../src/lib/utils/csv';
import { launch, newContext, recordProblems, screenshots, signUp } from './support';

const stack = inject('stack');
const shot = screenshots('admin-console');
const run = Date.now();
const grantee = { name: 'Gina Grantee', email: `grantee.${run}@example.com`, password: 'correct horse battery' };
const leaver = { name: 'Lee Leaver', email: `leaver.${run}@example.com`, password: 'correct horse battery' };
const role = `auditor_${run % 100000}`;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let root: Page;
let granteePage: Page;
let leaverPage: Page;
let problems: string[];
let csvText = '';
/** How many events the filtered activity view shows. */
let filtered = 0;

/** Signs in through the form and waits for the drive. */
async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${stack.webUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/drive$/);
}

/** Opens a user's page from the Users tab's search. */
async function openUser(page: Page, email: string): Promise<void> {
  await page.goto(`${stack.webUrl}/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.locator(`[data-testid="admin-users"] tr[data-email="${email}"]`);
  await row.getByRole('link').click();
  await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
  await page.getByTestId('admin-user').getByText(email).first().waitFor();
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
async function violations(p: Page): Promise<string[]> {
  await p.evaluate(axeSource);
  const found = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe;
    const res = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return res.violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

/** What sticks out sideways at the window's configured width: the page, a sideways scroll box, or a control. */
async function overflow(p: Page): Promise<string[]> {
  return p.evaluate((vw) => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > vw) out.push(`document is ${doc.scrollWidth}px wide in a ${vw}px window`);
    const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= 0) continue;
      if (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) out.push(`${describe(el)} scrolls sideways`);
      if (el.matches('button, a, input, select, textarea') && r.right > vw + 1) out.push(`${describe(el)} ends at ${Math.round(r.right)}px`);
    }
    return out;
  }, p.viewportSize()!.width);
}

const ADMIN_PAGES = ['users', 'roles', 'activity', 'links', 'storage', 'payments', 'system'];

describe.skipIf(!stack.webUrl)('the admin console', () => {
  let leaverContext: BrowserContext;

  beforeAll(async () => {
    browser = await launch();
    const rootContext = await newContext(browser);
    // Headless Chromium cannot show a save dialog: take the console's Blob path (see save-download.ts).
    await rootContext.addInitScript(() => Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true }));
    root = await rootContext.newPage();
    granteePage = await (await newContext(browser)).newPage();
    leaverContext = await newContext(browser);
    leaverPage = await leaverContext.newPage();
    for (const p of [root, granteePage, leaverPage]) p.setDefaultTimeout(15_000);
    problems = recordProblems(root);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shot(root, `FAILED ${ctx.task.name}`);
      if (problems.length) console.error(problems.join('\n'));
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('hides the console from an editor, and a direct address says there is no access', async () => {
    await signUp(granteePage, stack.webUrl!, grantee);
    await signUp(leaverPage, stack.webUrl!, leaver);
    expect(await granteePage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await granteePage.goto(`${stack.webUrl}/admin/activity`);
    await granteePage.getByTestId('no-access').waitFor();
    expect(await granteePage.getByRole('heading', { name: "You don't have access" }).isVisible()).toBe(true);
    // Inside the shell: the sidebar is still there.
    expect(await granteePage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My Drive' }).isVisible()).toBe(true);
    await shot(granteePage, 'editor has no access');
  });

  it('signs the superadmin in and opens the console with every tab', async () => {
    await signIn(root, stack.superadmin.email, stack.superadmin.password);
    const entry = root.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' });
    await entry.waitFor();
    await entry.click();
    await root.waitForURL(/\/admin\/users$/);
    const tabs = root.getByRole('navigation', { name: 'Admin' }).getByRole('link');
    expect(await tabs.allInnerTexts()).toEqual(['Users', 'Roles', 'Activity', 'Links', 'Storage', 'Payments', 'System']);
    await root.locator(`[data-testid="admin-users"] tr[data-email="${leaver.email}"]`).waitFor();
    await shot(root, 'superadmin users');
  });

  it('creates a role with two permissions', async () => {
    await root.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Roles' }).click();
    await root.waitForURL(/\/admin\/roles$/);
    await root.getByLabel('New role').fill(role);
    await root.getByLabel('Description').fill('Reads the activity log and the links');
    await root.getByRole('button', { name: 'Create role' }).click();
    await root.locator(`[data-testid="roles-table"] tr[data-role="${role}"]`).waitFor();
    for (const permission of ['logs.read', 'shares.read_all']) {
      const box = root.getByRole('checkbox', { name: `${role} has ${permission}` });
      await box.check();
      await expect.poll(() => box.isChecked()).toBe(true);
    }
    // A system role's controls are there but disabled, with the reason.
    expect(await root.locator('[data-testid="roles-table"] tr[data-role="admin"]').innerText()).toContain('System roles cannot be renamed or deleted');
    // Stored, not just ticked: a reload reads the matrix again.
    await root.reload();
    for (const permission of ['logs.read', 'shares.read_all']) {
      await expect.poll(() => root.getByRole('checkbox', { name: `${role} has ${permission}` }).isChecked()).toBe(true);
    }
    expect(await root.getByRole('checkbox', { name: `${role} has users.manage` }).isChecked()).toBe(false);
    await shot(root, 'role with two permissions');
  });

  it('grants the role to a user, who then sees just its tabs', async () => {
    await openUser(root, grantee.email);
    await root.getByLabel('Grant a role').selectOption(role);
    await root.getByRole('button', { name: 'Grant', exact: true }).click();
    await expect.poll(() => root.getByTestId('user-roles').innerText()).toContain(role);
    await shot(root, 'role granted');

    await granteePage.goto(`${stack.webUrl}/drive`);
    await granteePage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await granteePage.waitForURL(/\/admin\/activity$/);
    const tabs = granteePage.getByRole('navigation', { name: 'Admin' }).getByRole('link');
    expect(await tabs.allInnerTexts()).toEqual(['Activity', 'Links']);
    await shot(granteePage, 'grantee sees activity and links');
  });

  it('disables a user who is signed in elsewhere, and their next action lands on the sign-in page', async () => {
    await leaverPage.goto(`${stack.webUrl}/drive`);
    await leaverPage.getByRole('navigation', { name: 'Main' }).waitFor();
    await openUser(root, leaver.email);
    expect(await root.getByTestId('user-sessions').locator('tbody tr').count()).toBeGreaterThan(0);
    await root.getByRole('button', { name: 'Disable account' }).click();
    const dialog = root.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Disable account' }).click();
    await expect.poll(() => root.getByTestId('user-status').innerText()).toBe('disabled');
    expect(await root.getByText('Not signed in anywhere.').isVisible()).toBe(true);
    await shot(root, 'user disabled');

    // The leaver clicks on in the drive they still have open.
    await leaverPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trash' }).click();
    await leaverPage.waitForURL(/\/login/);
    await leaverPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot(leaverPage, 'disabled user is signed out');
  });

  it("shows SQL's refusal in its own words: nobody disables themselves", async () => {
    await openUser(root, stack.superadmin.email);
    await root.getByRole('button', { name: 'Disable account' }).click();
    const dialog = root.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Disable account' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toBe('You cannot disable your own account');
    await shot(root, 'cannot disable oneself');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await root.getByTestId('user-status').innerText()).toBe('active');
  });

  it('filters the activity log to those events, in the address, and shows one in the drawer', async () => {
    await root.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Activity' }).click();
    await root.waitForURL(/\/admin\/activity$/);
    await root.getByLabel('Action').fill('admin.*');
    await root.getByLabel('Text in details').fill(role);
    await root.getByRole('button', { name: 'Apply' }).click();
    await root.waitForURL(/action=admin\.\*/);
    const timeline = root.getByTestId('log-timeline');
    await expect.poll(() => timeline.locator('li[data-action]').count()).toBeGreaterThanOrEqual(3);
    // Free text in meta: the two permission grants and the role grant name the role.
    const actions = await timeline.locator('li[data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.filter((a) => a === 'admin.permission_granted')).toHaveLength(2);
    expect(actions).toContain('admin.role_granted');
    expect(actions.every((a) => a?.startsWith('admin.'))).toBe(true);
    filtered = actions.length;

    // The address holds the filters: a reload restores them.
    await root.reload();
    await expect.poll(() => root.getByLabel('Action').inputValue()).toBe('admin.*');
    expect(await root.getByLabel('Text in details').inputValue()).toBe(role);
    await expect.poll(() => root.getByTestId('log-timeline').locator('li[data-action]').count()).toBe(actions.length);

    await root.locator('li[data-action="admin.role_granted"] button').first().click();
    const drawer = root.getByTestId('log-drawer');
    await drawer.waitFor();
    expect(await drawer.getByTestId('log-meta').innerText()).toContain(`"role": "${role}"`);
    await shot(root, 'activity filtered, drawer open');
    await drawer.getByRole('link', { name: /[0-9a-f-]{36}/ }).first().click();
    await root.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    await root.getByTestId('admin-user').getByText(grantee.email).first().waitFor();
    await root.goBack();
    await root.waitForURL(/\/admin\/activity\?/);
  });

  it('exports the filtered events as CSV with the same rows', async () => {
    // Back on the filtered view: wait until it shows all of its events again.
    await expect.poll(() => root.getByTestId('log-timeline').locator('li[data-action]').count()).toBe(filtered);
    const shown = filtered;
    const [download] = await Promise.all([root.waitForEvent('download'), root.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
    csvText = fs.readFileSync((await download.path())!, 'utf8');
    const rows: string[][] = [];
    const parser = new DelimitedParser(',', (row) => rows.push(row));
    parser.push(csvText);
    parser.end();
    expect(rows[0]).toEqual(['id', 'created_at', 'actor_id', 'actor_email', 'action', 'target_type', 'target_id', 'client_ip', 'user_agent', 'meta']);
    const body = rows.slice(1).filter((r) => r.length > 1);
    expect(body).toHaveLength(shown);
    const col = (name: string) => rows[0].indexOf(name);
    expect(body.filter((r) => r[col('action')] === 'admin.permission_granted')).toHaveLength(2);
    const grant = body.find((r) => r[col('action')] === 'admin.role_granted')!;
    expect(grant[col('actor_email')]).toBe(stack.superadmin.email);
    expect(grant[col('target_type')]).toBe('user');
    expect(JSON.parse(grant[col('meta')])).toMatchObject({ role });
    expect(body.every((r) => r[col('action')].startsWith('admin.') && r[col('meta')].includes(role))).toBe(true);
    await shot(root, 'exported');
  });

  it('settles a payment M-Pesa left for review, and the plan is credited', async () => {
    // The simulator answers a phone ending 9004 with a success for a different amount: needs_review.
    const phone = `07${String(run % 10000).padStart(4, '0')}9004`;
    await granteePage.goto(`${stack.webUrl}/plans`);
    await granteePage.getByRole('button', { name: 'Upgrade' }).first().click();
    await granteePage.getByLabel('M-Pesa phone number').fill(phone);
    await granteePage.getByRole('button', { name: /^Pay KES/ }).click();

    const review = root.getByTestId('needs-review').locator('li');
    await expect
      .poll(
        async () => {
          await root.goto(`${stack.webUrl}/admin/payments`);
          await root.getByRole('heading', { name: /Needs review/ }).waitFor();
          return review.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await review.innerText()).toContain(`254${phone.slice(1)}`);
    // What the callback said is there to decide on.
    expect(await review.locator('pre').innerText()).toMatch(/"(review_reason|paid_amount)"/);
    await shot(root, 'payment needs review');
    await review.getByRole('button', { name: 'Settle…' }).click();
    const dialog = root.getByRole('dialog');
    await dialog.getByLabel('Paid: credit the plan').check();
    await dialog.getByLabel(/^Reason/).fill('Customer showed the M-Pesa SMS; the amount is right');
    await dialog.getByRole('button', { name: 'Settle' }).click();
    await expect.poll(() => root.getByText('Nothing waits for a decision.').isVisible()).toBe(true);
    await expect.poll(() => root.getByTestId('payments').locator('tbody tr').first().innerText()).toContain('paid');
    await shot(root, 'payment settled');

    await granteePage.goto(`${stack.webUrl}/plans`);
    await expect.poll(() => granteePage.getByRole('heading', { name: 'Your plan: Plus' }).isVisible()).toBe(true);
  });

  it('finds nothing serious with axe-core on any admin page', async () => {
    const found: string[] = [];
    for (const name of ADMIN_PAGES) {
      await root.goto(`${stack.webUrl}/admin/${name}`);
      await root.getByRole('navigation', { name: 'Admin' }).waitFor();
      await root.waitForLoadState('networkidle');
      // The page itself, not an error in its place.
      if (await root.getByTestId('error-state').count()) found.push(`${name}: did not load: ${await root.getByTestId('error-state').innerText()}`);
      for (const v of await violations(root)) found.push(`${name}: ${v}`);
    }
    await openUser(root, grantee.email);
    for (const v of await violations(root)) found.push(`user page: ${v}`);
    await root.goto(`${stack.webUrl}/admin/activity?action=admin.*`);
    await root.locator('li[data-action] button').first().click();
    await root.getByTestId('log-drawer').waitFor();
    for (const v of await violations(root)) found.push(`log drawer: ${v}`);
    await shot(root, 'axe checked');
    expect(found).toEqual([]);
  });

  it('fits every admin page on a 390×844 phone', async () => {
    const phone = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 })
    ).newPage();
    phone.setDefaultTimeout(15_000);
    await signIn(phone, stack.superadmin.email, stack.superadmin.password);
    const found: string[] = [];
    for (const name of ADMIN_PAGES) {
      await phone.goto(`${stack.webUrl}/admin/${name}`);
      await phone.getByRole('navigation', { name: 'Admin' }).waitFor();
      await phone.waitForLoadState('networkidle');
      if (await phone.getByTestId('error-state').count()) found.push(`${name}: did not load`);
      for (const o of await overflow(phone)) found.push(`${name}: ${o}`);
      await shot(phone, `phone ${name}`);
    }
    await openUser(phone, grantee.email);
    for (const o of await overflow(phone)) found.push(`user page: ${o}`);
    await shot(phone, 'phone user page');
    expect(found).toEqual([]);
  });
});
