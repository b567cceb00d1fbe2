// Resumable uploads over tus 1.0 with tus-js-client: a connection dropped
// mid-way resumes from the last byte stored; quota is enforced at creation;
// only the owner can touch an upload.
import { randomBytes } from 'node:crypto';
import * as tus from 'tus-js-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql } from './support';
import { createUser, downloadUrl, functionsUrl, sha256, type TestUser } from './files-support';

let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  ada = await createUser('tus-ada');
  bob = await createUser('tus-bob');
});

const endpoint = () => `${functionsUrl()}/tus/`;

/** Resolves with the final PATCH's Upload-File-Id once tus-js-client finishes. */
function tusUpload(user: TestUser, data: Buffer, options: Partial<tus.UploadOptions> = {}): Promise<{ fileId: string; url: string }> {
  return new Promise((resolve, reject) => {
    let fileId = '';
    const upload = new tus.Upload(data, {
      endpoint: endpoint(),
      headers: user.auth,
      chunkSize: 256 * 1024,
      retryDelays: [],
      metadata: { filename: 'movie.bin', mime: 'application/octet-stream' },
      onAfterResponse: (_req, res) => {
        fileId = res.getHeader('Upload-File-Id') || fileId;
      },
      onError: reject,
      onSuccess: () => resolve({ fileId, url: upload.url! }),
      ...options,
    });
    upload.start();
  });
}

describe('tus uploads', () => {
  it('resumes an upload whose connection dropped mid-way, byte for byte', async () => {
    const data = randomBytes(1024 * 1024 + 123);
    const created = await fetch(endpoint(), {
      method: 'POST',
      headers: {
        ...ada.auth,
        'tus-resumable': '1.0.0',
        'upload-length': String(data.byteLength),
        'upload-metadata': `filename ${Buffer.from('resumed.bin').toString('base64')}`,
      },
    });
    expect(created.status).toBe(201);
    const url = created.headers.get('location')!;
    expect(url).toContain('/functions/v1/files/tus/');
    // Browsers may read the finished file's id and the tus headers.
    const exposed = created.headers.get('access-control-expose-headers')!.split(',').map((h) => h.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['upload-file-id', 'upload-offset', 'location']));

    // Send part of the body, then cut the connection.
    const controller = new AbortController();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent >= 400_000) {
          await new Promise((r) => setTimeout(r, 300));
          controller.abort();
          return;
        }
        c.enqueue(data.subarray(sent, sent + 100_000));
        sent += 100_000;
      },
    });
    await fetch(url, {
      method: 'PATCH',
      headers: {
        ...ada.auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream',
        'content-length': String(data.byteLength),
      },
      body,
      signal: controller.signal,
      // @ts-expect-error Node's fetch needs duplex for a streamed body
      duplex: 'half',
    }).catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    const head = await fetch(url, { method: 'HEAD', headers: { ...ada.auth, 'tus-resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(data.byteLength);

    const done = await tusUpload(ada, data, { uploadUrl: url, metadata: { filename: 'resumed.bin' } });
    expect(done.fileId).toMatch(/^[0-9a-f-]{36}$/);
    const link = await downloadUrl(ada, { file_id: done.fileId });
    const got = Buffer.from(await (await fetch(link.json.url)).arrayBuffer());
    expect(got.byteLength).toBe(data.byteLength);
    expect(sha256(got)).toBe(sha256(data));
  });

  it('refuses a chunked PATCH without a length, and the upload stays where it was', async () => {
    const created = await fetch(endpoint(), {
      method: 'POST',
      headers: {
        ...ada.auth, 'tus-resumable': '1.0.0', 'upload-length': '10',
        'upload-metadata': `filename ${Buffer.from('chunked.bin').toString('base64')}`,
      },
    });
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get('location')!, endpoint()).toString();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(10));
        c.close();
      },
    });
    const patch = await fetch(url, {
      method: 'PATCH',
      headers: { ...ada.auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body,
      // @ts-expect-error Node's fetch needs duplex for a streamed body
      duplex: 'half',
    });
    expect(patch.status).toBe(411);
    expect(await patch.json()).toMatchObject({ code: 'PT411' });
    const head = await fetch(url, { method: 'HEAD', headers: { ...ada.auth, 'tus-resumable': '1.0.0' } });
    expect(head.headers.get('upload-offset')).toBe('0');
  });

  it('uploads in chunks with tus-js-client, aborted and resumed', async () => {
    const data = randomBytes(800_000);
    const first = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(data, {
        endpoint: endpoint(),
        headers: ada.auth,
        chunkSize: 200_000,
        retryDelays: [],
        metadata: { filename: 'chunks.bin' },
        onChunkComplete: (_size, accepted) => {
          if (accepted >= 400_000) {
            upload.abort().then(() => resolve(upload.url!));
          }
        },
        onError: reject,
      });
      upload.start();
    });
    const done = await tusUpload(ada, data, { uploadUrl: first, metadata: { filename: 'chunks.bin' } });
    expect(done.fileId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('completes an upload whose bytes all come with the creation request (creation-with-upload)', async () => {
    const data = randomBytes(4096);
    const res = await fetch(endpoint(), {
      method: 'POST',
      headers: {
        ...ada.auth,
        'tus-resumable': '1.0.0',
        'upload-length': String(data.byteLength),
        'upload-metadata': `filename ${Buffer.from('one-shot.bin').toString('base64')}`,
        'content-type': 'application/offset+octet-stream',
      },
      body: data,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe(String(data.byteLength));
    const fileId = res.headers.get('upload-file-id')!;
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    const link = await downloadUrl(ada, { file_id: fileId });
    const got = Buffer.from(await (await fetch(link.json.url)).arrayBuffer());
    expect(got.equals(data)).toBe(true);
  });

  it('refuses an upload over the quota at creation, and requests without a token', async () => {
    const res = await fetch(endpoint(), {
      method: 'POST',
      headers: { ...ada.auth, 'tus-resumable': '1.0.0', 'upload-length': String(10 * 1024 ** 3),
        'upload-metadata': `filename ${Buffer.from('huge.bin').toString('base64')}` },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/too large|Not enough storage/);
    const anon = await fetch(endpoint(), { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '1' } });
    expect(anon.status).toBe(401);
    await anon.body?.cancel();
  });

  it('lets only the owner resume or terminate an upload, and termination releases the reservation', async () => {
    const created = await fetch(endpoint(), {
      method: 'POST',
      headers: { ...ada.auth, 'tus-resumable': '1.0.0', 'upload-length': '1000',
        'upload-metadata': `filename ${Buffer.from('mine.bin').toString('base64')}` },
    });
    const url = created.headers.get('location')!;
    const head = await fetch(url, { method: 'HEAD', headers: { ...bob.auth, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
    const patch = await fetch(url, {
      method: 'PATCH',
      headers: { ...bob.auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: 'x'.repeat(1000),
    });
    expect(patch.status).toBe(404);
    await patch.body?.cancel();
    const del = await fetch(url, { method: 'DELETE', headers: { ...ada.auth, 'tus-resumable': '1.0.0' } });
    expect(del.status).toBe(204);
    const after = await fetch(url, { method: 'HEAD', headers: { ...ada.auth, 'tus-resumable': '1.0.0' } });
    expect([404, 410]).toContain(after.status);
    const sql = adminSql();
    const id = url.split('/').pop();
    const rows = await sql`select 1 from app.uploads where id = ${id!}`;
    await sql.end();
    expect(rows.length).toBe(0);
  });

  it("answers tus's own refusals as JSON errors too: a missing Upload-Length, a wrong offset", async () => {
    const name = `filename ${Buffer.from('shape.bin').toString('base64')}`;
    const missing = await fetch(endpoint(), { method: 'POST', headers: { ...ada.auth, 'tus-resumable': '1.0.0', 'upload-metadata': name } });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(await missing.json()).sort()).toEqual(['code', 'details', 'hint', 'message']);

    const made = await fetch(endpoint(), {
      method: 'POST',
      headers: { ...ada.auth, 'tus-resumable': '1.0.0', 'upload-length': '8', 'upload-metadata': name },
    });
    expect(made.status).toBe(201);
    const url = made.headers.get('location')!;
    const wrong = await fetch(url, {
      method: 'PATCH',
      headers: { ...ada.auth, 'tus-resumable': '1.0.0', 'upload-offset': '4', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(4),
    });
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await wrong.json()).toMatchObject({ code: 'PT409', message: 'Upload-Offset conflict' });
    const head = await fetch(url, { method: 'HEAD', headers: { ...ada.auth, 'tus-resumable': '1.0.0' } });
    expect(head.headers.get('upload-offset'), 'nothing written by the refused PATCH').toBe('0');
    await fetch(url, { method: 'DELETE', headers: { ...ada.auth, 'tus-resumable': '1.0.0' } });
  });
});
