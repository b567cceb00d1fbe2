// The upload queue behind the uploads panel: each file's state, progress,
// speed and time left, with cancel and retry. The byte transport is injected
// (signed PUT or tus in the app; a fake in tests).
import { messageOf } from '$lib/api/errors';
import type { FileRow } from '$lib/api/types';
import { uploader, type Uploader, type UploadHandle, type UploadJob } from '$lib/api/uploads';

export type { Uploader, UploadHandle, UploadJob };

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'error' | 'cancelled';

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  folderId: string | null;
  method: 'signed' | 'tus';
  status: UploadStatus;
  sent: number;
  /** Bytes per second, smoothed. */
  speed: number;
  /** Seconds left at the current speed, or null when unknown. */
  eta: number | null;
  error: string | null;
  file: FileRow | null;
}

interface Internal {
  job: UploadJob;
  handle: UploadHandle | null;
  lastAt: number;
  lastSent: number;
}

let counter = 0;

/** The queue: at most `concurrency` uploads run at once, the rest wait in order. */
export class UploadQueue {
  items = $state<UploadItem[]>([]);
  #internal = new Map<string, Internal>();
  #listeners = new Set<(file: FileRow, item: UploadItem, source: File) => void>();

  constructor(
    private uploader: Uploader,
    private opts: { concurrency?: number; now?: () => number } = {},
  ) {}

  get active(): number {
    return this.items.filter((i) => i.status === 'uploading' || i.status === 'queued').length;
  }

  /** Overall progress of the unfinished and finished uploads, 0..1. */
  get progress(): number {
    const counted = this.items.filter((i) => i.status !== 'cancelled');
    const total = counted.reduce((n, i) => n + i.size, 0);
    return total ? counted.reduce((n, i) => n + Math.min(i.sent, i.size), 0) / total : 0;
  }

  /** The items as the panel lists them: under way first, then waiting, failed, cancelled, done (each in the order added). */
  get ordered(): UploadItem[] {
    const rank: Record<UploadStatus, number> = { uploading: 0, queued: 1, error: 2, cancelled: 3, done: 4 };
    return this.items.map((item, i) => ({ item, i })).sort((a, b) => rank[a.item.status] - rank[b.item.status] || a.i - b.i).map(({ item }) => item);
  }

  /**
   * Seconds until every unfinished upload is done, at the speed they go now
   * (those running share the line, so their speeds add up); null while unknown.
   */
  get eta(): number | null {
    const unfinished = this.items.filter((i) => i.status === 'uploading' || i.status === 'queued');
    if (!unfinished.length) return null;
    const speed = unfinished.reduce((n, i) => n + (i.status === 'uploading' ? i.speed : 0), 0);
    if (speed <= 0) return null;
    const left = unfinished.reduce((n, i) => n + Math.max(0, i.size - i.sent), 0);
    return left / speed;
  }

  /** Adds files to the queue; returns their ids. */
  add(jobs: UploadJob[]): string[] {
    const ids: string[] = [];
    for (const job of jobs) {
      const id = `u${++counter}`;
      ids.push(id);
      this.#internal.set(id, { job, handle: null, lastAt: 0, lastSent: 0 });
      this.items.push({
        id,
        name: job.file.name,
        size: job.file.size,
        folderId: job.folderId,
        method: this.uploader.methodFor(job.file.size),
        status: 'queued',
        sent: 0,
        speed: 0,
        eta: null,
        error: null,
        file: null,
      });
    }
    this.#pump();
    return ids;
  }

  cancel(id: string): void {
    const item = this.#item(id);
    if (!item || (item.status !== 'queued' && item.status !== 'uploading')) return;
    item.status = 'cancelled';
    item.speed = 0;
    item.eta = null;
    this.#internal.get(id)?.handle?.abort();
    this.#pump();
  }

  retry(id: string): void {
    const item = this.#item(id);
    if (!item || (item.status !== 'error' && item.status !== 'cancelled')) return;
    Object.assign(item, { status: 'queued', error: null, sent: 0, speed: 0, eta: null });
    this.#pump();
  }

  /** Removes finished, failed and cancelled items from the list. */
  clearFinished(): void {
    this.items = this.items.filter((i) => i.status === 'queued' || i.status === 'uploading');
    for (const id of [...this.#internal.keys()]) if (!this.items.some((i) => i.id === id)) this.#internal.delete(id);
  }

  cancelAll(): void {
    for (const i of this.items) this.cancel(i.id);
  }

  /** Runs `fn` with each completed upload's file row, its item and the file the person picked. */
  onComplete(fn: (file: FileRow, item: UploadItem, source: File) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  #item(id: string): UploadItem | undefined {
    return this.items.find((i) => i.id === id);
  }

  #pump(): void {
    const limit = this.opts.concurrency ?? 2;
    let running = this.items.filter((i) => i.status === 'uploading').length;
    for (const item of this.items) {
      if (running >= limit) break;
      if (item.status !== 'queued') continue;
      running++;
      this.#run(item.id);
    }
  }

  #run(id: string): void {
    const item = this.#item(id)!;
    const internal = this.#internal.get(id)!;
    item.status = 'uploading';
    internal.lastAt = this.#now();
    internal.lastSent = 0;
    const handle = this.uploader.start(internal.job, (sent) => this.#progress(id, sent));
    internal.handle = handle;
    handle.promise.then(
      (file) => {
        const it = this.#item(id);
        if (!it || it.status !== 'uploading') return;
        Object.assign(it, { status: 'done', sent: it.size, speed: 0, eta: 0, file });
        for (const fn of this.#listeners) fn(file, it, internal.job.file);
        this.#pump();
      },
      (err) => {
        const it = this.#item(id);
        if (!it || it.status !== 'uploading') return;
        const cancelled = err instanceof DOMException && err.name === 'AbortError';
        Object.assign(it, { status: cancelled ? 'cancelled' : 'error', error: cancelled ? null : messageOf(err), speed: 0, eta: null });
        this.#pump();
      },
    );
  }

  #progress(id: string, sent: number): void {
    const item = this.#item(id);
    const internal = this.#internal.get(id);
    if (!item || !internal || item.status !== 'uploading') return;
    const now = this.#now();
    const dt = (now - internal.lastAt) / 1000;
    if (dt >= 0.25) {
      const instant = Math.max(0, sent - internal.lastSent) / dt;
      // Exponential smoothing keeps the figure steady across bursty progress events.
      item.speed = item.speed ? item.speed * 0.7 + instant * 0.3 : instant;
      internal.lastAt = now;
      internal.lastSent = sent;
    }
    item.sent = sent;
    item.eta = item.speed > 0 ? Math.max(0, (item.size - sent) / item.speed) : null;
  }
}

/** The app's upload queue (the uploads panel shows it; the drive listens for completions). */
export const uploadQueue = new UploadQueue(uploader, { concurrency: 2 });
