// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import UploadPanel from './UploadPanel.svelte';
import { UploadQueue, type Uploader } from '$lib/stores/uploads.svelte';
import { ApiError } from '$lib/api/errors';
import type { FileRow } from '$lib/api/types';

let app: Record<string, unknown> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function controllable() {
  const ctl: { progress?: (n: number) => void; reject?: (e: unknown) => void; resolve?: (f: FileRow) => void } = {};
  const uploader: Uploader = {
    methodFor: () => 'signed',
    start(_job, onProgress) {
      ctl.progress = onProgress;
      return { promise: new Promise<FileRow>((res, rej) => ((ctl.resolve = res), (ctl.reject = rej))), abort: () => ctl.reject?.(new DOMException('x', 'AbortError')) };
    },
  };
  return { uploader, ctl };
}

describe('UploadPanel', () => {
  it('shows each file with a progress bar, then the API error and a retry button', async () => {
    const { uploader, ctl } = controllable();
    const queue = new UploadQueue(uploader);
    app = mount(UploadPanel, { target: document.body, props: { queue } });
    expect(document.querySelector('[data-testid="upload-panel"]')).toBeNull();

    queue.add([{ file: new File(['x'.repeat(200)], 'notes.txt'), folderId: null }]);
    ctl.progress!(50);
    flushSync();
    const panel = document.querySelector('[aria-label="Uploads"]')!;
    expect(panel.querySelector('h2')!.textContent).toBe('Uploading 1 item');
    const bar = panel.querySelector('[role="progressbar"][aria-label="Upload of notes.txt"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    // The header carries the total of every upload.
    expect(panel.querySelector('[role="progressbar"][aria-label="All uploads"]')!.getAttribute('aria-valuenow')).toBe('25');
    expect(panel.querySelector('[data-testid="upload-total"]')!.textContent).toMatch(/^25%/);
    expect(panel.querySelector('[aria-label="Cancel upload of notes.txt"]')).not.toBeNull();

    ctl.reject!(new ApiError(409, { message: 'A file named notes.txt already exists here' }));
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    expect(panel.querySelector('[role="alert"]')!.textContent).toContain('A file named notes.txt already exists here');
    expect(panel.querySelector('h2')!.textContent).toBe('1 upload failed');

    (panel.querySelector('[aria-label="Retry upload of notes.txt"]') as HTMLButtonElement).click();
    flushSync();
    expect(queue.items[0].status).toBe('uploading');
    ctl.resolve!({ id: 'f1', name: 'notes.txt' } as FileRow);
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
    expect(document.querySelector('[data-testid="upload-item"]')!.getAttribute('data-status')).toBe('done');
    expect(panel.querySelector('h2')!.textContent).toBe('1 upload complete');
  });
});
