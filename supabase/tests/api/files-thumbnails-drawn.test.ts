// Thumbnails of PDFs and videos over HTTP: the uploading browser draws the
// picture and sends it (`PUT /functions/v1/files/thumbnails/<version_id>`).
// Until then GET answers 404 and records nothing; a JPEG or PNG the owner
// sends is re-encoded into the edge's own WebP (never served as sent), the
// first one kept; another user, a request without a token, a picture that is
// not a PNG or JPEG, one too large, and a picture for an image (the edge's to
// make) are refused with JSON errors, nothing made.
import { Image } from 'imagescript';
import { describe, expect, it } from 'vitest';
import { adminSql } from './support';
import { createUser, functionsUrl, type TestUser, uploadFile } from './files-support';

async function picture(width: number, height: number, rgba: number, type: 'jpeg' | 'png' = 'jpeg'): Promise<Uint8Array> {
  const image = new Image(width, height);
  image.fill(rgba);
  return new Uint8Array(type === 'jpeg' ? await image.encodeJPEG(85) : await image.encode());
}

const url = (versionId: string) => `${functionsUrl()}/thumbnails/${versionId}`;
const send = (user: TestUser | null, versionId: string, body: Uint8Array, type = 'image/jpeg') =>
  fetch(url(versionId), {
    method: 'PUT',
    headers: { ...(user ? user.auth : {}), 'content-type': type },
    body,
  });

async function currentVersion(fileId: string): Promise<string> {
  const sql = adminSql();
  try {
    return (await sql`select current_version_id as v from app.files where id = ${fileId}`)[0].v;
  } finally {
    await sql.end();
  }
}

async function thumbnailRows(fileId: string): Promise<number> {
  const sql = adminSql();
  try {
    return (await sql`select count(*)::int as n from app.thumbnails where file_id = ${fileId}`)[0].n;
  } finally {
    await sql.end();
  }
}

/** Asserts a PostgREST-shaped JSON error with this status and code. */
async function refused(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body.code).toBe(code);
  expect(typeof body.message).toBe('string');
}

describe('drawn thumbnails', () => {
  it('a PDF has none until its owner sends a picture, which is re-encoded and the first one kept', async () => {
    const ada = await createUser('drawn');
    const file = await uploadFile(ada, 'deck.pdf', new TextEncoder().encode('%PDF-1.4 not really'), { mime: 'application/pdf' });
    const version = await currentVersion(file.id);

    await refused(await fetch(url(version), { headers: ada.auth }), 404, 'PT404');
    expect(await thumbnailRows(file.id)).toBe(0);

    const sent = await send(ada, version, await picture(400, 600, 0x2255ccff));
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ width: 213, height: 320 });

    const res = await fetch(url(version), { headers: ada.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('x-thumbnail-size')).toBe('213x320');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(8, 12)).toString()).toBe('WEBP');

    // A second picture (another tab, a retry) does not replace the first.
    const again = await send(ada, version, await picture(300, 300, 0xcc2222ff, 'png'), 'image/png');
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ width: 213, height: 320 });
    expect(await thumbnailRows(file.id)).toBe(1);
  });

  it('refuses another user, no token, a non-picture, a GIF, a picture too large, and an image file', async () => {
    const ada = await createUser('drawn');
    const bob = await createUser('drawn');
    const video = await uploadFile(ada, 'talk.webm', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]), { mime: 'video/webm' });
    const version = await currentVersion(video.id);
    const jpeg = await picture(64, 64, 0x00aa00ff);

    await refused(await send(bob, version, jpeg), 404, 'PT404');
    await refused(await send(null, version, jpeg), 401, 'PGRST301');
    await refused(await send(ada, version, new TextEncoder().encode('not a picture'), 'text/plain'), 415, 'PT415');
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0, 0, 0]);
    await refused(await send(ada, version, gif, 'image/gif'), 415, 'PT415');
    // Past files.thumbnail_drawn_max_bytes (1 MiB): refused while reading, whatever it is.
    await refused(await send(ada, version, new Uint8Array(1024 * 1024 + 1)), 413, 'PT413');
    await refused(await send(ada, 'not-a-uuid', jpeg), 400, 'PGRST102');
    expect(await thumbnailRows(video.id)).toBe(0);

    const photo = await uploadFile(ada, 'photo.jpg', jpeg, { mime: 'image/jpeg' });
    await refused(await send(ada, await currentVersion(photo.id), jpeg), 400, 'PT400');
    expect(await thumbnailRows(photo.id)).toBe(0);
  });
});
