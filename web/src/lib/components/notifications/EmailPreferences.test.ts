// @vitest-environment happy-dom
// Email preferences: one checkbox per emailed type, the locked security
// emails cannot be unticked, and a refused change is taken back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';

const api = vi.hoisted(() => ({
  notificationPreferences: vi.fn(),
  setNotificationPreference: vi.fn(),
}));
vi.mock('$lib/api/notifications', () => api);

import EmailPreferences from './EmailPreferences.svelte';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});
const tick = () => new Promise((r) => setTimeout(r, 0));

const prefs = () => [
  { type: 'password_changed', category: 'security', description: 'Your password was changed', email: true, email_locked: true, emailed: true },
  { type: 'email_changed', category: 'security', description: 'Your email address was changed', email: true, email_locked: true, emailed: false },
  { type: 'new_sign_in', category: 'security', description: 'A sign-in from a new device or address', email: true, email_locked: false, emailed: true },
];

async function setup() {
  api.notificationPreferences.mockResolvedValue(prefs());
  app = mount(EmailPreferences, { target: document.body });
  await tick();
  flushSync();
  const box = (text: string) =>
    [...document.querySelectorAll('label')].find((l) => l.textContent!.includes(text))!.querySelector('input')!;
  return { box };
}

describe('EmailPreferences', () => {
  it('lists the emailed types, the locked ones disabled', async () => {
    const { box } = await setup();
    expect(document.querySelectorAll('input[type=checkbox]')).toHaveLength(2);
    expect(box('password was changed').disabled).toBe(true);
    expect(box('new device').disabled).toBe(false);
  });

  it('turns a type off, and back on when the API refuses', async () => {
    const { box } = await setup();
    api.setNotificationPreference.mockResolvedValueOnce(undefined);
    box('new device').click();
    await tick();
    expect(api.setNotificationPreference).toHaveBeenLastCalledWith('new_sign_in', false);
    expect(box('new device').checked).toBe(false);

    api.setNotificationPreference.mockRejectedValueOnce(new Error('offline'));
    box('new device').click();
    await tick();
    flushSync();
    expect(api.setNotificationPreference).toHaveBeenLastCalledWith('new_sign_in', true);
    expect(box('new device').checked).toBe(false);
  });
});
