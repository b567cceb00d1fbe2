// @vitest-environment happy-dom
// The module builds the app's API client, a browser module (supabase-js wants a WebSocket).
import { describe, expect, it, vi } from 'vitest';
import { UploadQueue, type Uploader, type UploadJob } from './uploads.svelte';
import { ApiError } from '$lib/api/errors';
import type { FileRow } from '$lib/api/types';

/** An uploader the test drives by hand: report progress, finish, fail. */
function fakeUploader() {
  const runs: {
    job: UploadJob;
    progress: (n: number) => void;
    resolve: (f: FileRow) => void;
    reject: (e: unknown) => void;
    aborted: boolean;
  }[] = [];
  const uploader: Uploader = {
    methodFor: (size) => (size > 100 ? 'tus' : 'signed'),
    start(job, onProgress) {
      let resolve!: (f: FileRow) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<FileRow>((res, rej) => ((resolve = res), (reject = rej)));
      const run = { job, progress: onProgress, resolve, reject, aborted: false };
      runs.push(run);
      return {
        promise,
        abort() {
          run.aborted = true;
          reject(new DOMException('Upload cancelled', 'AbortError'));
        },
      };
    },
  };
  return { uploader, runs };
}

const file = (name: string, size: number) => new File([new Uint8Array(size)], name, { type: 'text/plain' });
const row = (name: string) => ({ id: `id-${name}`, name }) as FileRow;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('UploadQueue', () => {
  it('runs at most `concurrency` uploads and starts the next when one finishes', async () => {
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader, { concurrency: 2 });
    q.add([file('a', 10), file('b', 10), file('c', 10)].map((f) => ({ file: f, folderId: null })));
    expect(q.items.map((i) => i.status)).toEqual(['uploading', 'uploading', 'queued']);
    runs[0].resolve(row('a'));
    await tick();
    expect(q.items.map((i) => i.status)).toEqual(['done', 'uploading', 'uploading']);
    expect(runs).toHaveLength(3);
  });

  it('chooses the transport by size', () => {
    const { uploader } = fakeUploader();
    const q = new UploadQueue(uploader);
    q.add([{ file: file('small', 10), folderId: null }, { file: file('big', 1000), folderId: 'f1' }]);
    expect(q.items.map((i) => i.method)).toEqual(['signed', 'tus']);
    expect(q.items[1].folderId).toBe('f1');
  });

  it('reports progress, a smoothed speed and the time left', async () => {
    let now = 0;
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader, { now: () => now });
    q.add([{ file: file('a', 1000), folderId: null }]);
    now = 1000;
    runs[0].progress(100);
    const item = q.items[0];
    expect(item.sent).toBe(100);
    expect(item.speed).toBe(100);
    expect(item.eta).toBe(9);
    now = 2000;
    runs[0].progress(400);
    // 0.7 * 100 + 0.3 * 300
    expect(item.speed).toBeCloseTo(160);
    expect(item.eta).toBeCloseTo(600 / 160);
    expect(q.progress).toBeCloseTo(0.4);
  });

  it('tells listeners about each completed file', async () => {
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader);
    const done = vi.fn();
    q.onComplete(done);
    q.add([{ file: file('a', 10), folderId: null }]);
    runs[0].resolve(row('a'));
    await tick();
    // The source File too: the thumbnail drawer renders a PDF's page or a video's frame from it.
    expect(done).toHaveBeenCalledWith(row('a'), expect.objectContaining({ name: 'a', status: 'done' }), expect.objectContaining({ name: 'a', size: 10 }));
    expect(q.items[0].file?.id).toBe('id-a');
  });

  it("shows the API's own words next to a failed file", async () => {
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader);
    q.add([{ file: file('a', 10), folderId: null }]);
    runs[0].reject(new ApiError(413, { code: 'PT413', message: 'Your storage is full: 10 B free, this file needs 20 B' }));
    await tick();
    expect(q.items[0].status).toBe('error');
    expect(q.items[0].error).toBe('Your storage is full: 10 B free, this file needs 20 B');
  });

  it('cancels a running upload (aborting the transfer) and a queued one', async () => {
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader, { concurrency: 1 });
    const [a, b] = q.add([{ file: file('a', 10), folderId: null }, { file: file('b', 10), folderId: null }]);
    q.cancel(b);
    expect(q.items[1].status).toBe('cancelled');
    q.cancel(a);
    await tick();
    expect(runs[0].aborted).toBe(true);
    expect(q.items[0].status).toBe('cancelled');
    expect(runs).toHaveLength(1);
  });

  it('retries a failed or cancelled upload from the start', async () => {
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader);
    const [a] = q.add([{ file: file('a', 10), folderId: 'f' }]);
    runs[0].reject(new TypeError('Failed to fetch'));
    await tick();
    expect(q.items[0].status).toBe('error');
    q.retry(a);
    expect(q.items[0]).toMatchObject({ status: 'uploading', error: null, sent: 0 });
    expect(runs).toHaveLength(2);
    expect(runs[1].job.folderId).toBe('f');
    runs[1].resolve(row('a'));
    await tick();
    expect(q.items[0].status).toBe('done');
  });

  it('clears finished items but keeps running ones', async () => {
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader);
    q.add([{ file: file('a', 10), folderId: null }, { file: file('b', 10), folderId: null }]);
    runs[0].resolve(row('a'));
    await tick();
    q.clearFinished();
    expect(q.items.map((i) => i.name)).toEqual(['b']);
  });

  it('lists uploads under way first, finished ones last, and the time left for all of them', async () => {
    let now = 0;
    const { uploader, runs } = fakeUploader();
    const q = new UploadQueue(uploader, { concurrency: 1, now: () => now });
    q.add([file('old', 10)].map((f) => ({ file: f, folderId: null })));
    runs[0].resolve(row('old'));
    await tick();
    q.add([file('a', 1000), file('b', 1000)].map((f) => ({ file: f, folderId: null })));
    // The new uploads sit above the finished one, not below it.
    expect(q.ordered.map((i) => i.name)).toEqual(['a', 'b', 'old']);
    expect(q.eta).toBeNull();
    now = 1000;
    runs[1].progress(500);
    // 500 B/s; 500 of a and 1000 of b left.
    expect(q.eta).toBeCloseTo(3);
    expect(q.progress).toBeCloseTo((10 + 500) / 2010);
    runs[1].reject(new ApiError(500, { message: 'boom' }));
    await tick();
    expect(q.ordered.map((i) => [i.name, i.status])).toEqual([['b', 'uploading'], ['a', 'error'], ['old', 'done']]);
  });
});
