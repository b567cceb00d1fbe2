// A list paged by an opaque cursor ("Load more"): the rows so far, the cursor
// of the next page, and a guard so a page of an older filter never lands in a
// list that has moved on.
import { messageOf } from '$lib/api/errors';
import type { KeysetPage } from '$lib/api/admin';

export class KeysetList<T> {
  items = $state<T[]>([]);
  next = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  #generation = 0;

  constructor(private fetchPage: (before: string | null) => Promise<KeysetPage<T>>) {}

  /** Starts over with `first` (the load's first page) and a new way to fetch the rest. */
  reset(first: KeysetPage<T>, fetchPage?: (before: string | null) => Promise<KeysetPage<T>>): void {
    this.#generation++;
    if (fetchPage) this.fetchPage = fetchPage;
    this.items = first.items;
    this.next = first.next;
    this.loading = false;
    this.error = null;
  }

  /** Appends the next page; does nothing at the end or while a page is on its way. */
  async loadMore(): Promise<void> {
    if (!this.next || this.loading) return;
    const generation = this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.fetchPage(this.next);
      if (generation !== this.#generation) return;
      this.items = [...this.items, ...page.items];
      this.next = page.next;
    } catch (err) {
      if (generation === this.#generation) this.error = messageOf(err);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
