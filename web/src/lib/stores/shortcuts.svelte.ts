// The shortcuts in the folder of My Drive shown (items others share with me,
// placed there): read when the folder changes, removed at once with the
// API's words in a toast and the row back when it refuses. A reading that
// lands after the page moved to another folder is dropped.
import { listShortcuts, removeShortcut, type ShortcutRow } from '$lib/api/shortcuts';
import { messageOf } from '$lib/api/errors';
import { visibleName } from '$lib/utils/display-name';
import { toasts } from './toasts.svelte';

/** The API calls the shortcuts make (the real ones in the app; fakes in tests). */
export const shortcutsApi = { listShortcuts, removeShortcut };
export type ShortcutsApi = typeof shortcutsApi;

export class ShortcutsStore {
  /** The shortcuts in the folder shown, by name. */
  rows = $state.raw<ShortcutRow[]>([]);
  #folder: string | null = null;
  #reading = 0;
  #api: ShortcutsApi;
  #toasts: Pick<typeof toasts, 'show' | 'error'>;

  constructor(api: ShortcutsApi = shortcutsApi, toastsTo: Pick<typeof toasts, 'show' | 'error'> = toasts) {
    this.#api = api;
    this.#toasts = toastsTo;
  }

  /**
   * Reads the shortcuts of my folder `folderId` (null: the root); `mine`
   * false (a folder shared with me) has none: shortcuts sit in my own drive.
   */
  async show(folderId: string | null, mine: boolean): Promise<void> {
    const reading = ++this.#reading;
    if (folderId !== this.#folder) this.rows = [];
    this.#folder = folderId;
    if (!mine) return;
    try {
      const rows = await this.#api.listShortcuts(folderId);
      if (reading === this.#reading) this.rows = rows;
    } catch {
      // The listing beside them says what went wrong; a shortcut is a convenience.
    }
  }

  /** Takes a shortcut away at once; back, with the API's words, when it refuses. */
  async remove(row: ShortcutRow): Promise<void> {
    this.rows = this.rows.filter((r) => r.id !== row.id);
    try {
      await this.#api.removeShortcut(row.id);
      this.#toasts.show(`Removed the shortcut to “${visibleName(row.name ?? '')}”`);
    } catch (err) {
      if (!this.rows.some((r) => r.id === row.id)) this.rows = [...this.rows, row].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
      this.#toasts.error(`The shortcut to “${visibleName(row.name ?? '')}” was not removed: ${messageOf(err)}`);
    }
  }
}
