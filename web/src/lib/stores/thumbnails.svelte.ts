// The thumbnails shown in the drive's grid: fetched when a tile comes near
// the view, a few at a time, kept as blob: URLs by version (a version's
// thumbnail never changes) for as long as the page lives, the oldest let go
// past a bound. Until one is there, or when a file has none, the tile keeps
// its type icon. A PDF or a video uploaded from this browser is drawn here
// and sent (the edge has no renderer for them), then asked for again.
import { SvelteMap } from 'svelte/reactivity';
import { drawsThumbnail, hasThumbnail } from '$lib/utils/mime';

/** The API's loader, imported when first used (unit tests give their own). */
const fetchThumbnail = async (versionId: string) => (await import('$lib/api/thumbnails')).fetchThumbnail(versionId);

/** Draws a PDF's or video's picture and sends it, both imported when first used. */
async function drawAndSend(versionId: string, mime: string, source: Blob): Promise<void> {
  const [{ drawThumbnail }, { sendDrawnThumbnail }] = await Promise.all([
    import('$lib/utils/draw-thumbnail'),
    import('$lib/api/thumbnails'),
  ]);
  await sendDrawnThumbnail(versionId, await drawThumbnail(mime, source));
}

/** What a thumbnail is asked for: a file and its current version. */
export interface ThumbnailSubject {
  kind: 'file' | 'folder';
  mime_type?: string | null;
  current_version_id?: string | null;
}

export class Thumbnails {
  /** version -> blob: URL, or null when it has none */
  #shown = new SvelteMap<string, string | null>();
  #asked = new Set<string>();
  #waiting: string[] = [];
  #running = 0;

  constructor(
    private readonly load: (versionId: string) => Promise<Blob | null> = fetchThumbnail,
    private readonly options = { concurrency: 4, keep: 600, retryMs: 3000 },
    private readonly send: (versionId: string, mime: string, source: Blob) => Promise<void> = drawAndSend,
  ) {}

  /**
   * For a file this browser just uploaded whose thumbnail the browser draws
   * (a PDF, a video): draws it from `source`, sends it, and asks for the
   * version's thumbnail again so the tile shows what the edge kept. A picture
   * that cannot be drawn leaves the icon (the file is fine without one).
   */
  async uploaded(file: { mime_type: string; current_version_id?: string | null }, source: Blob): Promise<void> {
    const version = drawsThumbnail(file.mime_type) ? file.current_version_id : null;
    if (!version) return;
    try {
      await this.send(version, file.mime_type, source);
    } catch {
      return;
    }
    const old = this.#shown.get(version);
    if (old) URL.revokeObjectURL(old);
    this.#shown.delete(version);
    this.#asked.add(version);
    this.#waiting.push(version);
    this.#next();
  }

  /** The version a subject's thumbnail is of, or null when it gets none. */
  #versionOf(item: ThumbnailSubject): string | null {
    return item.kind === 'file' && item.current_version_id && hasThumbnail(item.mime_type) ? item.current_version_id : null;
  }

  /** The subject's thumbnail URL once loaded, else null (show the icon). */
  url(item: ThumbnailSubject): string | null {
    const version = this.#versionOf(item);
    return version ? (this.#shown.get(version) ?? null) : null;
  }

  /** Asks for a subject's thumbnail (once per version); it appears in `url` when loaded. */
  want(item: ThumbnailSubject): void {
    const version = this.#versionOf(item);
    if (!version || this.#asked.has(version)) return;
    this.#asked.add(version);
    this.#waiting.push(version);
    this.#next();
  }

  #next(): void {
    while (this.#running < this.options.concurrency && this.#waiting.length) {
      const version = this.#waiting.shift()!;
      this.#running++;
      void this.#fetch(version).finally(() => {
        this.#running--;
        this.#next();
      });
    }
  }

  async #fetch(version: string): Promise<void> {
    try {
      const blob = await this.load(version);
      this.#keep(version, blob ? URL.createObjectURL(blob) : null);
    } catch {
      // Busy (503) or unreachable: the icon stays, and the tile may ask again a little later.
      setTimeout(() => this.#asked.delete(version), this.options.retryMs);
    }
  }

  #keep(version: string, url: string | null): void {
    this.#shown.set(version, url);
    while (this.#shown.size > this.options.keep) {
      const [oldest, old] = this.#shown.entries().next().value!;
      if (old) URL.revokeObjectURL(old);
      this.#shown.delete(oldest);
      this.#asked.delete(oldest);
    }
  }

  /** Lets every thumbnail go (sign-out). */
  clear(): void {
    for (const url of this.#shown.values()) if (url) URL.revokeObjectURL(url);
    this.#shown.clear();
    this.#asked.clear();
    this.#waiting = [];
  }
}

/** The app's one set of thumbnails. */
export const thumbnails = new Thumbnails();
