// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createRawSnippet, flushSync, mount, unmount } from 'svelte';
import DriveItems from './DriveItems.svelte';
import FileName from './FileName.svelte';
import ItemIcon from './ItemIcon.svelte';
import { Selection } from '$lib/stores/selection.svelte';
import type { DriveItem } from '$lib/api/types';

let apps: Record<string, unknown>[] = [];
afterEach(() => {
  for (const app of apps) unmount(app);
  apps = [];
  document.body.innerHTML = '';
});

describe('FileName', () => {
  it('draws a name in its own bidi isolate with a right-to-left override shown, not obeyed', () => {
    apps.push(mount(FileName, { target: document.body, props: { name: 'x\u202Egpj.html' } }));
    const bdi = document.querySelector('bdi.file-name')!;
    expect(bdi).not.toBeNull();
    expect(bdi.textContent).toBe('xU+202Egpj.html');
    expect(bdi.textContent).not.toContain('\u202E');
    const hidden = bdi.querySelector('.hidden-char')!;
    expect(hidden.textContent).toBe('U+202E');
    expect(hidden.getAttribute('title')).toBe('Hidden character U+202E');
  });

  it('marks search hits and still shows hidden characters inside them', () => {
    apps.push(mount(FileName, { target: document.body, props: { name: 'ab\u200Bcd.txt', highlight: [{ start: 1, length: 3 }] } }));
    const mark = document.querySelector('bdi mark')!;
    expect(mark.textContent).toBe('bU+200Bc');
    expect(mark.querySelector('.hidden-char')!.textContent).toBe('U+200B');
    expect(document.querySelector('bdi')!.textContent).toBe('abU+200Bcd.txt');
  });

  it('gives a spoofed picture the icon of what it really is', () => {
    apps.push(mount(ItemIcon, { target: document.body, props: { kind: 'file', mime: 'image/jpeg', name: 'x\u202Egpj.html' } }));
    const icon = document.querySelector('.icon')!;
    expect(icon.classList.contains('image')).toBe(false);
    expect(icon.classList.contains('text')).toBe(true);
  });

  it('is how the drive list draws a file that poses as a picture: isolated, the override visible, typed as HTML', () => {
    const spoof: DriveItem = {
      kind: 'file', id: 'f1', owner_id: 'u1', folder_id: null, name: 'x\u202Egpj.html', mime_type: 'image/jpeg', size: 10,
      sha256: null, visibility: 'private', public_token: null, description: null, current_version_id: null,
      created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', trashed_at: null,
    };
    apps.push(
      mount(DriveItems, {
        target: document.body,
        props: {
          items: [spoof], view: 'list', selection: new Selection(), sortKey: 'name', sortDir: 'asc', label: 'Files',
          onsort: () => {}, onopen: () => {}, menu: createRawSnippet(() => ({ render: () => '<span></span>' })),
        },
      }),
    );
    flushSync();
    const row = document.querySelector('[role="option"][data-name="x\u202Egpj.html"]')!;
    const name = row.querySelector('.name')!;
    expect(name.querySelector('bdi .hidden-char')?.textContent).toBe('U+202E');
    expect(name.textContent).not.toContain('\u202E');
    expect(name.getAttribute('title')).toBe('x⟨U+202E⟩gpj.html');
    expect(row.querySelector('.icon')!.classList.contains('image')).toBe(false);
    expect(row.querySelector('.col-type')!.textContent).toBe('HTML file');
  });
});
