// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import TagEditor from './TagEditor.svelte';
import { ApiError } from '$lib/api/errors';
import type { Tag, TagRow } from '$lib/api/tags';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

const row = (name: string, file_count: number): TagRow => ({ id: `id-${name}`, name, file_count, created_at: '' });
const vocabulary = [row('work', 4), row('workshop', 1), row('taxes', 2), row('travel', 7)];
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(tags: Tag[] = [], onadd = vi.fn(async (_names: string[]) => undefined)) {
  const onremove = vi.fn(async (_tag: Tag) => undefined);
  app = mount(TagEditor, { target: document.body, props: { tags, vocabulary, onadd, onremove, tagHref: (n: string) => `/search?tag=${n}` } });
  const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')!;
  const type = (text: string) => {
    input.focus();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
  };
  const key = (k: string) => {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    flushSync();
  };
  const options = () => [...document.querySelectorAll('[role="listbox"] [role="option"]:not([data-create])')].map((o) => o.firstElementChild!.textContent);
  const create = () => document.querySelector('[role="listbox"] [data-create]')?.textContent?.trim() ?? null;
  return { input, type, key, options, create, onadd, onremove };
}

describe('TagEditor', () => {
  it('suggests my tags as I type, minus the file\'s own, and adds the chosen one with the keyboard', async () => {
    const { input, type, key, options, onadd } = setup([{ id: 'id-work', name: 'work' }]);
    type('WOR');
    expect(options()).toEqual(['workshop']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    // The best match is highlighted as soon as one types.
    expect(input.getAttribute('aria-activedescendant')).toMatch(/-opt-0$/);
    key('Enter');
    await tick();
    expect(onadd).toHaveBeenCalledWith(['workshop']);
    flushSync();
    expect(input.value).toBe('');
  });

  it('takes the highlighted suggestion on Enter, not the typed prefix', async () => {
    const { type, key, options, onadd } = setup();
    type('wor');
    expect(options()).toEqual(['work', 'workshop']);
    key('Enter');
    await tick();
    expect(onadd).toHaveBeenCalledWith(['work']);
    expect(onadd).not.toHaveBeenCalledWith(['wor']);
  });

  it('takes the highlighted suggestion on Tab, the one the arrows chose', async () => {
    const { input, type, key, onadd } = setup();
    type('wor');
    // The first ArrowDown keeps the best match highlighted (type, ↓, Enter takes it); the next moves on.
    key('ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toMatch(/-opt-0$/);
    key('ArrowDown');
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    input.dispatchEvent(tab);
    flushSync();
    await tick();
    expect(tab.defaultPrevented).toBe(true);
    expect(onadd).toHaveBeenCalledWith(['workshop']);
  });

  it('creates a new tag from the last option, or with Escape then Enter', async () => {
    const { type, key, create, onadd } = setup();
    type('wor');
    expect(create()).toBe('Create “wor”');
    key('ArrowUp');
    key('Enter');
    await tick();
    expect(onadd).toHaveBeenLastCalledWith(['wor']);
    type('tra');
    key('Escape');
    key('Enter');
    await tick();
    expect(onadd).toHaveBeenLastCalledWith(['tra']);
  });

  it('lets Tab move on when nothing is typed', () => {
    const { input, key } = setup();
    input.focus();
    key('ArrowDown');
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    input.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(false);
  });

  it('adds what is typed when nothing is chosen, several at once with commas', async () => {
    const { type, key, onadd } = setup();
    type('Receipts, 2024 ');
    key('Enter');
    await tick();
    expect(onadd).toHaveBeenCalledWith(['Receipts', '2024']);
  });

  it('shows the API\'s refusal in its own words and keeps the text to fix', async () => {
    const onadd = vi.fn(async () => {
      throw new ApiError(400, { message: 'A tag is 1 to 50 characters long.', details: 'Refused tag: xxxx' });
    });
    const { input, type, key } = setup([], onadd);
    type('x'.repeat(60));
    key('Enter');
    await tick();
    flushSync();
    const alert = document.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe('A tag is 1 to 50 characters long. Refused tag: xxxx');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.value).toBe('x'.repeat(60));
  });

  it('lists the file\'s tags as links with a remove button each; Escape closes the suggestions', async () => {
    const { input, type, key, onremove } = setup([{ id: 'id-taxes', name: 'taxes' }]);
    const chip = document.querySelector('[data-testid="file-tags"] a')!;
    expect(chip.getAttribute('href')).toBe('/search?tag=taxes');
    document.querySelector<HTMLButtonElement>('[aria-label="Remove tag taxes"]')!.click();
    await tick();
    expect(onremove).toHaveBeenCalledWith({ id: 'id-taxes', name: 'taxes' });
    type('t');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    key('Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });
});
