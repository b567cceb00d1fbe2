// Thumbnails of a PDF and a WebM, drawn by the browser that uploads them (the
// PDF's first page through PDF.js, a frame of the video through <video>),
// sent to the edge, which re-encodes and keeps them: the grid shows each
// file's own picture (a red page, a green video), a JPEG's comes from the
// edge as before, and a reload shows them from what the edge kept. At
// 1280×800 and 390×844; a screenshot per step.
import { Image } from 'imagescript';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { SIZES, screenshots, signUp, storyName, storyPage } from './support';

const stack = inject('stack');

/** A one-page PDF, 300×400 points: white, with a red rectangle filling its middle. */
function redPagePdf(): Buffer {
  const content = '1 0 0 rg 30 40 240 320 re f\n';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R /Resources << >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A JPEG in one colour, for the edge's own thumbnail beside the drawn ones. */
async function blueJpeg(): Promise<Buffer> {
  const image = new Image(800, 600);
  image.fill(0x1d4ed8ff);
  return Buffer.from(await image.encodeJPEG(85));
}

/** A WebM of 1.5 s of green frames, recorded by Chromium itself (MediaRecorder over a canvas). */
async function greenWebm(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const ctx = canvas.getContext('2d')!;
    const paint = () => {
      ctx.fillStyle = '#16a34a';
      ctx.fillRect(0, 0, 320, 240);
    };
    paint();
    const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((r) => (recorder.onstop = r));
    recorder.start();
    const timer = setInterval(paint, 50);
    await new Promise((r) => setTimeout(r, 1500));
    clearInterval(timer);
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(base64, 'base64');
}

describe.skipIf(!stack.webUrl).each(SIZES)('drawn thumbnails at $width×$height', (size) => {
  const shot = screenshots(storyName('thumbnails-drawn', size));
  const story = storyPage(shot, { size });
  const email = `drawn.${size.width}.${Date.now()}@example.com`;

  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);
  const thumb = (name: string) => item(name).locator('[data-testid="thumbnail"]');

  /** The thumbnail's natural size and the colour at its centre. */
  const centre = (name: string) =>
    thumb(name).evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const rgb = Array.from(ctx.getImageData(img.naturalWidth >> 1, img.naturalHeight >> 1, 1, 1).data.slice(0, 3));
      return { width: img.naturalWidth, height: img.naturalHeight, rgb };
    });

  it('uploads a PDF, a WebM and a JPEG', async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Draw Er', email, password: 'correct horse battery' });
    const webm = await greenWebm(story.page);
    expect(webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    await story.page.getByRole('button', { name: 'Grid view' }).click();
    await story.page.getByTestId('file-input').setInputFiles([
      { name: 'deck.pdf', mimeType: 'application/pdf', buffer: redPagePdf() },
      { name: 'clip.webm', mimeType: 'video/webm', buffer: webm },
      { name: 'sky.jpg', mimeType: 'image/jpeg', buffer: await blueJpeg() },
    ]);
    await expect.poll(() => story.page.locator('[role="option"]').count(), { timeout: 30_000 }).toBe(3);
    await story.page.getByRole('button', { name: 'Close uploads' }).click();
    await shot(story.page, 'uploaded');
  });

  it("shows the PDF's first page and the video's frame as their thumbnails", async () => {
    await expect.poll(() => story.page.locator('[data-testid="thumbnail"]').count(), { timeout: 30_000 }).toBe(3);
    const pdf = await centre('deck.pdf');
    // The page is 300×400 points: fitted into 320×320 by the edge.
    expect([pdf.width, pdf.height]).toEqual([240, 320]);
    expect(pdf.rgb[0], 'red page').toBeGreaterThan(180);
    expect(pdf.rgb[1]).toBeLessThan(80);
    const video = await centre('clip.webm');
    expect([video.width, video.height]).toEqual([320, 240]);
    expect(video.rgb[1], 'green frame').toBeGreaterThan(120);
    expect(video.rgb[0]).toBeLessThan(90);
    const photo = await centre('sky.jpg');
    expect(photo.rgb[2], 'blue photo').toBeGreaterThan(150);
    await shot(story.page, 'drawn thumbnails');
  });

  it('a reload shows them again from what the edge kept', async () => {
    await story.page.reload();
    await expect.poll(() => story.page.locator('[data-testid="thumbnail"]').count(), { timeout: 20_000 }).toBe(3);
    expect((await centre('deck.pdf')).rgb[0]).toBeGreaterThan(180);
    expect((await centre('clip.webm')).rgb[1]).toBeGreaterThan(120);
    await shot(story.page, 'after reload');
    expect(story.problems.filter((p) => !/401|Failed to load resource/.test(p))).toEqual([]);
  });
});
