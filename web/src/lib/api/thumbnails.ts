// Thumbnails: the files function's WebP of an image version
// (`GET files/thumbnails/<version_id>`, made on its first request). An <img>
// cannot send the token, so the bytes are fetched with it and shown from a
// blob: URL; the browser's HTTP cache keeps each version's thumbnail (it is
// immutable under its URL), and SQL still says yes before every answer.
import { authHeaders, functionUrl } from './client';
import { errorFromResponse } from './errors';

/** A version's thumbnail, or null when it has none (404); throws on anything else (503: ask again later). */
export async function fetchThumbnail(versionId: string): Promise<Blob | null> {
  const res = await fetch(functionUrl(`files/thumbnails/${encodeURIComponent(versionId)}`), { headers: await authHeaders() });
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) throw await errorFromResponse(res);
  return await res.blob();
}

/**
 * Sends the picture this browser drew of a PDF's or video's version
 * (`PUT files/thumbnails/<version_id>`); the edge checks it, re-encodes it
 * and keeps the first one sent. Throws the API's error (403 for a viewer).
 */
export async function sendDrawnThumbnail(versionId: string, picture: Blob): Promise<void> {
  const res = await fetch(functionUrl(`files/thumbnails/${encodeURIComponent(versionId)}`), {
    method: 'PUT',
    headers: { ...(await authHeaders()), 'content-type': picture.type || 'image/jpeg' },
    body: picture,
  });
  if (!res.ok) throw await errorFromResponse(res);
  await res.body?.cancel();
}
