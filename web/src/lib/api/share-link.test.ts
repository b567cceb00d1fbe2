import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { ShareLink, linkGone, needsPassword, type Put } from './share-link';

const TOKEN = 'a'.repeat(43);
const ACCESS = 'b'.repeat(43);
const META = { type: 'view', item: { id: 'f1', kind: 'folder', name: 'Trip' }, can_list: true };

/** The share function as far as these calls go: a password link whose access token is ACCESS. */
function server() {
  const calls: { url: URL; method: string; auth: string | null; body: unknown }[] = [];
  const fake = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const auth = new Headers(init.headers).get('authorization');
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : null;
    calls.push({ url, method: init.method ?? 'GET', auth, body });
    const answer = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    const path = url.pathname.replace(/^.*\/share\/[^/]+/, '');
    if (path === '/unlock') {
      return body.password === 'right one!'
        ? answer(200, { access_token: ACCESS, expires_at: 'soon' })
        : answer(401, { code: 'PT401', message: 'Wrong password.' });
    }
    if (auth !== `Bearer ${ACCESS}`) return answer(401, { code: 'PT401', message: 'This link needs its password.' });
    if (path === '') return answer(200, { ...META, folder: url.searchParams.get('folder') });
    if (path === '/uploads') return answer(201, { url: 'http://x/bytes', method: 'PUT', headers: { 'content-type': 'text/plain' }, complete_url: 'http://x/complete' });
    if (url.href === 'http://x/complete') return answer(200, { name: 'a.txt', size: 5 });
    return answer(404, { code: 'PT404', message: 'This link does not exist or was revoked.' });
  };
  return { fetch: fake as typeof fetch, calls };
}

describe('ShareLink', () => {
  it('asks for the password, then sends the access token with every call', async () => {
    const s = server();
    const link = new ShareLink(TOKEN, { fetch: s.fetch });
    const first = await link.meta().catch((e) => e);
    expect(needsPassword(first)).toBe(true);
    expect(linkGone(first)).toBe(false);
    await expect(link.unlock('wrong')).rejects.toMatchObject({ status: 401 });
    expect(link.access).toBeNull();
    await link.unlock('right one!');
    expect(link.access).toBe(ACCESS);
    expect(await link.meta('0f0e0d0c-0000-4000-8000-000000000001')).toMatchObject({ item: { name: 'Trip' }, folder: '0f0e0d0c-0000-4000-8000-000000000001' });
    expect(s.calls.at(-1)!.url.pathname).toMatch(new RegExp(`/functions/v1/share/${TOKEN}$`));
  });

  it('puts the access token in the query of what the browser follows itself', async () => {
    const link = new ShareLink(TOKEN, { fetch: server().fetch });
    expect(link.zipUrl()).not.toContain('access=');
    await link.unlock('right one!');
    const zip = new URL(link.zipUrl('d1'));
    expect(zip.pathname).toMatch(/\/share\/a+\/zip$/);
    expect(zip.searchParams.get('folder')).toBe('d1');
    expect(zip.searchParams.get('access')).toBe(ACCESS);
    expect(new URL(link.downloadUrl('f9')).pathname).toMatch(/\/download\/f9$/);
    expect(new URL(link.downloadUrl()).pathname).toMatch(/\/download$/);
    expect(new URL(link.previewUrl('f9')).searchParams.get('access')).toBe(ACCESS);
  });

  it('uploads in three steps and answers the receipt', async () => {
    const s = server();
    const sent: { url: string; headers: Record<string, string>; size: number }[] = [];
    const progress: number[] = [];
    const put: Put = async (url, _method, headers, body, onProgress) => {
      sent.push({ url, headers, size: body.size });
      onProgress?.(body.size);
    };
    const link = new ShareLink(TOKEN, { fetch: s.fetch, put });
    await link.unlock('right one!');
    const receipt = await link.upload(new File(['hello'], 'a.txt', { type: 'text/plain' }), {
      uploaderName: 'Carol',
      onProgress: (n) => progress.push(n),
    });
    expect(receipt).toEqual({ name: 'a.txt', size: 5 });
    const begin = s.calls.find((c) => c.url.pathname.endsWith('/uploads'))!;
    expect(begin.body).toEqual({ name: 'a.txt', size: 5, mime: 'text/plain', folder_id: null, uploader_name: 'Carol' });
    expect(sent).toEqual([{ url: 'http://x/bytes', headers: { 'content-type': 'text/plain' }, size: 5 }]);
    expect(progress).toEqual([5]);
    expect(s.calls.at(-1)!).toMatchObject({ method: 'POST', auth: `Bearer ${ACCESS}` });
  });

  it('tells a link that does not serve from one that wants its password', () => {
    expect(linkGone(new ApiError(410, { code: 'PT410' }))).toBe(true);
    expect(linkGone(new ApiError(404, { code: 'PT404' }))).toBe(true);
    expect(needsPassword(new ApiError(401, { code: 'PT401' }))).toBe(true);
    expect(needsPassword(new ApiError(429, { code: 'PT429' }))).toBe(false);
  });
});
