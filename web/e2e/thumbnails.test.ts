// Thumbnails in the drive: a JPEG and a PNG show their real picture in grid
// view (a placeholder icon until it arrives; a text file keeps its icon), and
// a small one beside the name in list view. At 1280×800 and at 390×844, where
// the views are tapped and every tile stays inside the window. A screenshot
// per step.
import { Image } from 'imagescript';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { SIZES, inWindow, overflow, png, pressAt, screenshots, signUp, storyName, storyPage } from './support';

const stack = inject('stack');

/** A JPEG of stripes: a thumbnail of it is not one flat colour, so a real picture shows. */
async function stripes(width: number, height: number): Promise<Buffer> {
  const image = new Image(width, height);
  for (let x = 1; x <= width; x++) {
    const colour = Math.floor((x - 1) / (width / 4)) % 2 ? 0xf59e0bff : 0x1d4ed8ff;
    for (let y = 1; y <= height; y++) image.setPixelAt(x, y, colour);
  }
  return Buffer.from(await image.encodeJPEG(85));
}

describe.skipIf(!stack.webUrl).each(SIZES)('thumbnails at $width×$height', (size) => {
  const shot = screenshots(storyName('thumbnails', size));
  const story = storyPage(shot, { size });
  const email = `thumbs.${size.width}.${Date.now()}@example.com`;
  const press = pressAt(size);


  const item = (name: string) => story.page.locator(`[role="option"][data-name="${name}"]`);

  /** The thumbnail an item shows: its size as decoded, and whether it came from a blob: URL. */
  async function shown(name: string) {
    return await item(name).locator('[data-testid="thumbnail"]').evaluate((img: HTMLImageElement) => ({
      blob: img.src.startsWith('blob:'),
      width: img.naturalWidth,
      height: img.naturalHeight,
      complete: img.complete,
    }));
  }

  it('uploads a JPEG photo, a PNG and a text file', async () => {
    await signUp(story.page, stack.webUrl!, { name: 'Thumb Nail', email, password: 'correct horse battery' });
    await story.page.getByTestId('file-input').setInputFiles([
      { name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: await stripes(1600, 1200) },
      { name: 'green.png', mimeType: 'image/png', buffer: png(500, [22, 163, 74]) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('no picture here\n') },
    ]);
    await expect.poll(() => story.page.locator('[role="option"]').count(), { timeout: 30_000 }).toBe(3);
    await press(story.page.getByRole('button', { name: 'Close uploads' }));
    await shot(story.page, 'uploaded, list view');
  });

  it('grid view shows each image as its thumbnail and the text file as its icon', async () => {
    await press(story.page.getByRole('button', { name: 'Grid view' }));
    await expect.poll(() => story.page.locator('[data-testid="thumbnail"]').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(async () => (await shown('harbour.jpg')).complete).toBe(true);
    expect(await shown('harbour.jpg')).toEqual({ blob: true, width: 320, height: 240, complete: true });
    await expect.poll(async () => (await shown('green.png')).width).toBe(320);
    expect(await item('notes.txt').locator('[data-testid="thumbnail"]').count()).toBe(0);
    expect(await item('notes.txt').locator('.thumb .icon').count()).toBe(1);
    // The picture is the photo's: its left quarter blue, the next one amber.
    const colours = await item('harbour.jpg').locator('[data-testid="thumbnail"]').evaluate((img: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const at = (x: number) => Array.from(ctx.getImageData(x, 120, 1, 1).data.slice(0, 3));
      return [at(40), at(120)];
    });
    expect(colours[0][2], 'blue on the left').toBeGreaterThan(150);
    expect(colours[1][0], 'amber next').toBeGreaterThan(150);
    // The picture stays inside its tile, above the caption.
    const tile = (await item('harbour.jpg').locator('.thumb').boundingBox())!;
    const picture = (await item('harbour.jpg').locator('[data-testid="thumbnail"]').boundingBox())!;
    const caption = (await item('harbour.jpg').locator('.caption').boundingBox())!;
    expect(picture.y + picture.height).toBeLessThanOrEqual(tile.y + tile.height + 0.5);
    expect(picture.y + picture.height).toBeLessThanOrEqual(caption.y + 0.5);
    // Every tile inside the window (on a phone too), nothing wider than it.
    for (const name of ['harbour.jpg', 'green.png', 'notes.txt']) {
      expect(await inWindow(story.page, item(name)), `${name} inside the window`).toBe(true);
    }
    expect(await overflow(story.page)).toEqual([]);
    await shot(story.page, 'grid view with thumbnails');
  });

  it('a reload shows them again from the thumbnails already made', async () => {
    await story.page.reload();
    await expect.poll(() => story.page.locator('[data-testid="thumbnail"]').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(async () => (await shown('harbour.jpg')).width).toBe(320);
    await shot(story.page, 'grid view after a reload');
  });

  it("list view shows a small thumbnail beside each image's name", async () => {
    await press(story.page.getByRole('button', { name: 'List view' }));
    await expect.poll(() => story.page.locator('[data-testid="thumbnail"]').count()).toBe(2);
    const box = await item('harbour.jpg').locator('[data-testid="thumbnail"]').boundingBox();
    expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([20, 20]);
    expect(await overflow(story.page)).toEqual([]);
    await shot(story.page, 'list view with small thumbnails');
    expect(story.problems).toEqual([]);
  });
});
