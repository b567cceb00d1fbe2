// Resumable uploads through links with tus-js-client, as a visitor with no
// account: into a file drop with the link token alone, into an edit link
// with the access token its password granted, resumed after the connection
// is cut, completed as the owner's file on the owner's quota, with the
// receipt in the last answer. A revoked link refuses the next PATCH and
// commits nothing; a view link and a locked edit link take no upload.
import { randomBytes } from 'node:crypto';
import * as tus from 'tus-js-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql, clientWithToken, stack } from './support';
import { createUser, sha256, type TestUser } from './files-support';

let ada: TestUser;
let drop: string;

const shareUrl = (token: string, rest = '') => `${stack.apiUrl}/functions/v1/share/${token}${rest}`;

async function rpc(name: string, args: Record<string, unknown>) {
  const { data, error } = await clientWithToken(ada.token).rpc(name, args);
  if (error) throw new Error(`${name}: ${JSON.stringify(error)}`);
  return data;
}

async function used(): Promise<{ used: number; reserved: number }> {
  const { data } = await clientWithToken(ada.token).from('storage_usage').select('used, reserved').single();
  return { used: Number(data!.used), reserved: Number(data!.reserved) };
}

/** The owner's file of this name in the folder: its size and the sha256 of its bytes, as recorded. */
async function stored(name: string) {
  const sql = adminSql();
  try {
    return await sql`select f.owner_id, f.size::int, v.sha256 from app.files f join app.file_versions v on v.id = f.current_version_id
      where f.owner_id = ${ada.id} and f.folder_id = ${drop} and f.name = ${name}`;
  } finally {
    await sql.end();
  }
}

interface Done { receipt: Record<string, unknown>; fileId: string | null; url: string }

/** A whole tus upload through a link; resolves with the receipt of the last answer. */
function upload(token: string, data: Buffer, options: Partial<tus.UploadOptions> = {}): Promise<Done> {
  return new Promise((resolve, reject) => {
    let receipt: Record<string, unknown> = {};
    let fileId: string | null = null;
    const u = new tus.Upload(data, {
      endpoint: shareUrl(token, '/tus/'),
      chunkSize: 64 * 1024,
      retryDelays: [],
      metadata: { filename: 'drop.bin', mime: 'application/octet-stream' },
      onAfterResponse: (_req, res) => {
        const r = res.getHeader('Upload-Receipt');
        if (r) receipt = JSON.parse(decodeURIComponent(r));
        fileId = res.getHeader('Upload-File-Id') || fileId;
      },
      onError: reject,
      onSuccess: () => resolve({ receipt, fileId, url: u.url! }),
      ...options,
    });
    u.start();
  });
}

beforeAll(async () => {
  ada = await createUser('linktus-ada');
  drop = (await rpc('create_folder', { name: 'Inbox' })).id;
});

describe('tus uploads through links', () => {
  it('a file drop takes a resumable upload with the link token alone, and answers a receipt', async () => {
    const l = await rpc('create_share_link', { folder_id: drop, type: 'file_drop' });
    const before = await used();
    const data = randomBytes(200_000);
    const done = await upload(l.token, data, { metadata: { filename: 'photos.bin', uploader_name: 'Carol' } });
    expect(done.url).toContain(`/functions/v1/share/${l.token}/tus/`);
    expect(done.receipt).toEqual({ name: 'photos.bin', size: 200_000 });
    expect(done.fileId).toBeNull(); // a drop says nothing of what is in the folder
    const [file] = await stored('photos.bin');
    expect(file).toMatchObject({ owner_id: ada.id, size: 200_000, sha256: sha256(data) });
    expect((await used()).used).toBe(before.used + 200_000);
    // Once finished, there is nothing more to send to it.
    const again = await fetch(done.url, {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: 'more',
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'PT409' });
  });

  it('an edit link resumes an upload cut off mid-way, with its access token, byte for byte', async () => {
    const l = await rpc('create_share_link', { folder_id: drop, type: 'edit', password: 'a long passphrase' });
    // Without the password's access token, nothing starts.
    const locked = await fetch(shareUrl(l.token, '/tus/'), {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': `filename ${Buffer.from('x.bin').toString('base64')}` },
    });
    expect(locked.status).toBe(401);
    expect(await locked.json()).toMatchObject({ code: 'PT401' });
    const unlocked = await fetch(shareUrl(l.token, '/unlock'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a long passphrase' }),
    });
    const { access_token: access } = await unlocked.json();
    const headers = { authorization: `Bearer ${access}` };

    const data = randomBytes(300_000);
    // The first attempt stops after its first chunk, as a closed laptop would.
    const url = await new Promise<string>((resolve, reject) => {
      const u: tus.Upload = new tus.Upload(data, {
        endpoint: shareUrl(l.token, '/tus/'),
        headers,
        chunkSize: 64 * 1024,
        retryDelays: [],
        metadata: { filename: 'draft.bin' },
        onChunkComplete: () => {
          u.abort().then(() => resolve(u.url!), reject);
        },
        onError: reject,
      });
      u.start();
    });
    const head = await fetch(url, { method: 'HEAD', headers: { ...headers, 'tus-resumable': '1.0.0' } });
    expect(Number(head.headers.get('upload-offset'))).toBe(64 * 1024);
    // The owner's quota holds the whole upload while it is in flight.
    expect((await used()).reserved).toBe(300_000);

    // Resumed from where it stopped, with the access token as ?access= this time.
    const done = await upload(l.token, data, { uploadUrl: `${url}?access=${access}`, metadata: { filename: 'draft.bin' } });
    expect(done.receipt).toMatchObject({ name: 'draft.bin', size: 300_000, folder_id: drop });
    expect(done.fileId).toBe(done.receipt.id);
    const [file] = await stored('draft.bin');
    expect(file).toMatchObject({ size: 300_000, sha256: sha256(data) });
    expect((await used()).reserved).toBe(0);
  });

  it('revoking the link refuses the next PATCH and commits nothing; a view link takes no upload', async () => {
    const l = await rpc('create_share_link', { folder_id: drop, type: 'file_drop' });
    const before = await used();
    const data = randomBytes(200_000);
    let patches = 0;
    const error = await new Promise<tus.DetailedError>((resolve, reject) => {
      new tus.Upload(data, {
        endpoint: shareUrl(l.token, '/tus/'),
        chunkSize: 64 * 1024,
        retryDelays: [],
        metadata: { filename: 'cut.bin' },
        onBeforeRequest: async (req) => {
          if (req.getMethod() === 'PATCH' && ++patches === 2) await rpc('revoke_share_link', { link_id: l.id });
        },
        onError: (err) => resolve(err as tus.DetailedError),
        onSuccess: () => reject(new Error('finished through a revoked link')),
      }).start();
    });
    expect(error.originalResponse?.getStatus()).toBe(404);
    expect(JSON.parse(error.originalResponse!.getBody())).toMatchObject({ code: 'PT404' });
    expect(await stored('cut.bin')).toHaveLength(0);
    expect(await used()).toEqual(before);

    const view = await rpc('create_share_link', { folder_id: drop, type: 'view' });
    const refused = await fetch(shareUrl(view.token, '/tus/'), {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': `filename ${Buffer.from('x.bin').toString('base64')}` },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'PT403', message: 'This link does not take uploads.' });
  });

  it('bad input gets a clear JSON error and reserves nothing', async () => {
    const l = await rpc('create_share_link', { folder_id: drop, type: 'file_drop' });
    const before = await used();
    const name = (n: string) => `filename ${Buffer.from(n).toString('base64')}`;
    const cases: [string, string, Record<string, string>, number][] = [
      ['no Upload-Length', l.token, { 'upload-metadata': name('a.bin') }, 400],
      ['a deferred length', l.token, { 'upload-defer-length': '1', 'upload-metadata': name('a.bin') }, 400],
      ['no filename', l.token, { 'upload-length': '10' }, 400],
      ['a name that cannot be one', l.token, { 'upload-length': '10', 'upload-metadata': name('../..') }, 400],
      ['larger than any file may be', l.token, { 'upload-length': String(2 ** 50), 'upload-metadata': name('big.bin') }, 413],
      ['a token that is no link', 'not-a-token', { 'upload-length': '10', 'upload-metadata': name('a.bin') }, 404],
    ];
    for (const [what, token, headers, status] of cases) {
      const res = await fetch(shareUrl(token, '/tus/'), { method: 'POST', headers: { 'tus-resumable': '1.0.0', ...headers } });
      expect(res.status, what).toBe(status);
      expect(Object.keys(await res.json()).sort(), what).toEqual(['code', 'details', 'hint', 'message']);
    }
    const unknown = await fetch(shareUrl(l.token, '/tus/00000000-0000-4000-8000-000000000000'), {
      method: 'PATCH',
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(4),
    });
    expect(unknown.status, 'bytes for an upload that is not there').toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'PT404' });
    expect(await used()).toEqual(before);
  });
});
