import { describe, expect, it, vi } from 'vitest';
import { Thumbnails } from './thumbnails.svelte';

const photo = (v: string, mime = 'image/jpeg') => ({ kind: 'file' as const, mime_type: mime, current_version_id: v });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('Thumbnails', () => {
  it('asks once per version, only for images, and shows the URL once loaded', async () => {
    const load = vi.fn(async () => new Blob(['webp']));
    const t = new Thumbnails(load);
    expect(t.url(photo('v1'))).toBeNull();
    t.want(photo('v1'));
    t.want(photo('v1'));
    t.want(photo('v2', 'text/plain'));
    t.want({ kind: 'folder', current_version_id: null });
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith('v1');
    expect(t.url(photo('v1'))).toMatch(/^blob:/);
    expect(t.url(photo('v2', 'text/plain'))).toBeNull();
  });

  it('keeps a version without a thumbnail as none, and does not ask again', async () => {
    const load = vi.fn(async () => null);
    const t = new Thumbnails(load);
    t.want(photo('v1'));
    await settle();
    t.want(photo('v1'));
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(t.url(photo('v1'))).toBeNull();
  });

  it('loads a few at a time', async () => {
    let running = 0;
    let most = 0;
    const load = vi.fn(async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return new Blob(['x']);
    });
    const t = new Thumbnails(load, { concurrency: 2, keep: 100, retryMs: 10 });
    for (let i = 0; i < 7; i++) t.want(photo(`v${i}`));
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(7));
    await vi.waitFor(() => expect(t.url(photo('v6'))).not.toBeNull());
    expect(most).toBe(2);
  });

  it('asks again a little after a failure (a busy server)', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('503')).mockResolvedValue(new Blob(['x']));
    const t = new Thumbnails(load, { concurrency: 1, keep: 10, retryMs: 10 });
    t.want(photo('v1'));
    await settle();
    t.want(photo('v1'));
    expect(load).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 20));
    t.want(photo('v1'));
    await vi.waitFor(() => expect(t.url(photo('v1'))).not.toBeNull());
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('lets the oldest go past its bound', async () => {
    const t = new Thumbnails(async () => new Blob(['x']), { concurrency: 1, keep: 2, retryMs: 10 });
    for (const v of ['a', 'b', 'c']) {
      t.want(photo(v));
      await vi.waitFor(() => expect(t.url(photo(v))).not.toBeNull());
    }
    expect(t.url(photo('a'))).toBeNull();
    expect(t.url(photo('c'))).not.toBeNull();
  });

  it('draws and sends a PDF uploaded here, then shows what the edge kept, even after a 404 for it', async () => {
    let kept = false;
    const load = vi.fn(async () => (kept ? new Blob(['webp']) : null));
    const send = vi.fn(async () => {
      kept = true;
    });
    const t = new Thumbnails(load, { concurrency: 4, keep: 600, retryMs: 3000 }, send);
    const pdf = { kind: 'file' as const, mime_type: 'application/pdf', current_version_id: 'p1' };
    t.want(pdf);
    await settle();
    expect(t.url(pdf)).toBeNull();
    const source = new Blob(['%PDF-1.4']);
    await t.uploaded(pdf, source);
    await settle();
    expect(send).toHaveBeenCalledWith('p1', 'application/pdf', source);
    expect(load).toHaveBeenCalledTimes(2);
    expect(t.url(pdf)).toMatch(/^blob:/);
  });

  it('draws nothing for an image (the edge makes it) and keeps the icon when drawing fails', async () => {
    const load = vi.fn(async () => null);
    const send = vi.fn(async () => {
      throw new Error('no frame');
    });
    const t = new Thumbnails(load, { concurrency: 4, keep: 600, retryMs: 3000 }, send);
    await t.uploaded({ mime_type: 'image/jpeg', current_version_id: 'j1' }, new Blob(['x']));
    expect(send).not.toHaveBeenCalled();
    const video = { kind: 'file' as const, mime_type: 'video/webm', current_version_id: 'w1' };
    await t.uploaded(video, new Blob(['x']));
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
    expect(load).not.toHaveBeenCalled();
    expect(t.url(video)).toBeNull();
  });
});
