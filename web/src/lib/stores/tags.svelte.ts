// The user's tag vocabulary with counts: the sidebar list, the tag editor's
// autocomplete and the search page's tag filter, refreshed after any change.
import { listTags, type TagRow } from '$lib/api/tags';

class TagVocabulary {
  value = $state<TagRow[]>([]);
  loaded = $state(false);
  /** Bumped when a tag is renamed, merged or deleted: tags shown on files are stale then. */
  edits = $state(0);
  #inflight: Promise<void> | null = null;
  #again = false;

  /** A tag was renamed, merged or deleted: reload, and tell whoever shows tags on files. */
  edited(): Promise<void> {
    this.edits++;
    return this.refresh();
  }

  /**
   * Reloads the vocabulary. A call while a load is on its way loads once
   * more after it (that load may have started before the change).
   */
  refresh(): Promise<void> {
    if (this.#inflight) {
      this.#again = true;
      return this.#inflight;
    }
    this.#inflight = (async () => {
      do {
        this.#again = false;
        try {
          this.value = await listTags();
          this.loaded = true;
        } catch {
          // a nicety: keep the last list
        }
      } while (this.#again);
      this.#inflight = null;
    })();
    return this.#inflight;
  }
}

export const tagVocabulary = new TagVocabulary();
