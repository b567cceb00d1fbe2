// @vitest-environment happy-dom
// The module builds the app's API client, a browser module (supabase-js wants a WebSocket).
import { describe, expect, it, vi } from 'vitest';
import { ShortcutsStore, type ShortcutsApi } from './shortcuts.svelte';
import { ApiError } from '$lib/api/errors';
import type { ShortcutRow } from '$lib/api/shortcuts';

const row = (id: string, name: string, parent: string | null = null): ShortcutRow => ({
  id, name, parent_id: parent, kind: 'folder', folder_id: `f-${id}`, file_id: null, mime_type: null, size: null,
  owner_id: 'u1', owner_name: 'Ada', role: 'viewer', expires_at: null, created_at: '2026-01-01T00:00:00Z', updated_at: null,
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup() {
  const lists: { folder: string | null; answer: ReturnType<typeof deferred<ShortcutRow[]>> }[] = [];
  const removals: ReturnType<typeof deferred<void>>[] = [];
  const api: ShortcutsApi = {
    listShortcuts: vi.fn((folder: string | null) => {
      const answer = deferred<ShortcutRow[]>();
      lists.push({ folder, answer });
      return answer.promise;
    }),
    removeShortcut: vi.fn(() => {
      const d = deferred<void>();
      removals.push(d);
      return d.promise;
    }),
  };
  const shown: string[] = [];
  const errors: string[] = [];
  const store = new ShortcutsStore(api, { show: (m: string) => shown.push(m), error: (m: string) => errors.push(m) });
  return { store, api, lists, removals, shown, errors };
}

describe('ShortcutsStore', () => {
  it('reads the folder shown, drops a reading that lands after the page moved on, and reads none in a shared folder', async () => {
    const { store, api, lists } = setup();
    const first = store.show(null, true);
    const second = store.show('d1', true);
    expect(lists.map((l) => l.folder)).toEqual([null, 'd1']);
    lists[1].answer.resolve([row('s2', 'Team', 'd1')]);
    await second;
    lists[0].answer.resolve([row('s1', 'Old root')]);
    await first;
    expect(store.rows.map((r) => r.name)).toEqual(['Team']);
    await store.show('d9', false);
    expect(store.rows).toEqual([]);
    expect(api.listShortcuts).toHaveBeenCalledTimes(2);
  });

  it('removes a shortcut at once, and puts it back with the API\'s words when it refuses', async () => {
    const { store, lists, removals, shown, errors } = setup();
    const reading = store.show(null, true);
    lists[0].answer.resolve([row('s1', 'Alpha'), row('s2', 'Beta')]);
    await reading;
    const gone = store.remove(store.rows[0]);
    expect(store.rows.map((r) => r.name)).toEqual(['Beta']);
    removals[0].resolve();
    await gone;
    expect(shown).toEqual(['Removed the shortcut to “Alpha”']);
    const refused = store.remove(store.rows[0]);
    expect(store.rows).toEqual([]);
    removals[1].reject(new ApiError(404, { code: 'PT404', message: 'Shortcut not found.' }));
    await refused;
    expect(store.rows.map((r) => r.name)).toEqual(['Beta']);
    expect(errors).toEqual(['The shortcut to “Beta” was not removed: Shortcut not found.']);
  });
});
