// An editor uploads into a folder shared with them through the owner's own
// flows (signed PUT and tus), and the bytes are the owner's: refused with the
// owner's quota when it is full, counted in the owner's usage, never the
// editor's. Revoking the share stops uploads in flight: a tus upload's next
// PATCH and a signed PUT whose URL was handed out before are refused, nothing
// is committed and nothing stays reserved. The rules are SQL's (58); these
// prove the files function carries them.
import { randomBytes } from 'node:crypto';
import * as tus from 'tus-js-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql, clientWithToken } from './support';
import { beginUpload, createUser, downloadUrl, functionsUrl, sha256, uploadFile, type TestUser } from './files-support';

const QUOTA = 400_000;

let ada: TestUser;
let cy: TestUser;
let team: string;

/** The caller's storage_usage row: used, reserved, quota. */
async function usage(user: TestUser): Promise<{ used: number; reserved: number; quota: number }> {
  const { data, error } = await clientWithToken(user.token).from('storage_usage').select('used, reserved, quota').single();
  if (error) throw new Error(JSON.stringify(error));
  return { used: Number(data.used), reserved: Number(data.reserved), quota: Number(data.quota) };
}

/** Shares Team with Cy as editor (again); answers the share's id. */
async function shareWithCy(): Promise<string> {
  const { data, error } = await clientWithToken(ada.token).rpc('share_with', { email: cy.email, folder_id: team, role: 'editor' });
  if (error) throw new Error(`share_with: ${JSON.stringify(error)}`);
  return data.share.id;
}

async function revoke(shareId: string): Promise<void> {
  const { error } = await clientWithToken(ada.token).rpc('revoke_share', { share_id: shareId });
  if (error) throw new Error(`revoke_share: ${JSON.stringify(error)}`);
}

async function filesNamed(name: string): Promise<number> {
  const sql = adminSql();
  try {
    const [r] = await sql`select count(*)::int as n from app.files where owner_id = ${ada.id} and name = ${name}`;
    return r.n;
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  [ada, cy] = await Promise.all([createUser('shup-ada'), createUser('shup-cy')]);
  const sql = adminSql();
  try {
    await sql`update app.users set email_confirmed_at = now() where id = ${cy.id}`;
    await sql`insert into app.storage_accounts (owner_id, quota) values (${ada.id}, ${QUOTA})
      on conflict (owner_id) do update set quota = excluded.quota`;
  } finally {
    await sql.end();
  }
  team = (await clientWithToken(ada.token).rpc('create_folder', { name: 'Team' })).data.id;
  await shareWithCy();
});

const tusEndpoint = () => `${functionsUrl()}/tus/`;

describe('an editor uploads into a shared folder, on the owner\'s quota', () => {
  it('a signed upload is the owner\'s file and raises the owner\'s usage, not the editor\'s', async () => {
    const before = await usage(ada);
    const data = randomBytes(1000);
    const file = await uploadFile(cy, 'from-cy.bin', data, { folder_id: team });
    expect(file).toMatchObject({ owner_id: ada.id, folder_id: team, size: 1000 });
    expect((await usage(ada)).used).toBe(before.used + 1000);
    expect(await usage(cy)).toMatchObject({ used: 0, reserved: 0 });
    // The owner reads it as her own.
    const link = await downloadUrl(ada, { file_id: file.id });
    expect(sha256(Buffer.from(await (await fetch(link.json.url)).arrayBuffer()))).toBe(sha256(data));
  });

  it('an upload the owner\'s quota cannot hold is refused with the owner\'s quota message, signed or tus', async () => {
    const signed = await beginUpload(cy, { name: 'too-big.bin', size: QUOTA, mime: 'application/octet-stream', folder_id: team });
    expect(signed.res.status).toBe(413);
    expect(signed.json).toMatchObject({ code: 'PT413' });
    expect(signed.json.message).toMatch(/^Not enough storage in this shared folder: this needs .* of its owner's 391 kB is free\.$/);
    expect(signed.json.hint).toMatch(/owner/);
    const viaTus = await fetch(tusEndpoint(), {
      method: 'POST',
      headers: {
        ...cy.auth, 'tus-resumable': '1.0.0', 'upload-length': String(QUOTA),
        'upload-metadata': `filename ${Buffer.from('too-big.bin').toString('base64')},folder_id ${Buffer.from(team).toString('base64')}`,
      },
    });
    expect(viaTus.status).toBe(413);
    expect((await viaTus.json()).message).toMatch(/^Not enough storage in this shared folder/);
    // The editor's own drive is nearly empty: it is the owner's that is full.
    expect((await usage(cy)).quota).toBeGreaterThan(QUOTA);
  });

  it('a tus upload by the editor completes as the owner\'s file', async () => {
    const before = await usage(ada);
    const data = randomBytes(150_000);
    const fileId = await new Promise<string>((resolve, reject) => {
      let id = '';
      const upload = new tus.Upload(data, {
        endpoint: tusEndpoint(),
        headers: cy.auth,
        chunkSize: 64 * 1024,
        retryDelays: [],
        metadata: { filename: 'tus-from-cy.bin', folder_id: team },
        onAfterResponse: (_req, res) => { id = res.getHeader('Upload-File-Id') || id; },
        onError: reject,
        onSuccess: () => resolve(id),
      });
      upload.start();
    });
    const link = await downloadUrl(ada, { file_id: fileId });
    expect(link.res.status).toBe(200);
    expect(sha256(Buffer.from(await (await fetch(link.json.url)).arrayBuffer()))).toBe(sha256(data));
    expect((await usage(ada)).used).toBe(before.used + 150_000);
    expect((await usage(cy)).used).toBe(0);
  });
});

describe('revoking the share stops the editor\'s uploads in flight', () => {
  it('a tus upload started before is refused on its next PATCH, and nothing is committed or reserved', async () => {
    const shareId = await shareWithCy();
    const before = await usage(ada);
    const data = randomBytes(200_000);
    let patches = 0;
    let reservedMidway = 0;
    let url = '';
    const error = await new Promise<tus.DetailedError>((resolve, reject) => {
      const upload = new tus.Upload(data, {
        endpoint: tusEndpoint(),
        headers: cy.auth,
        chunkSize: 64 * 1024,
        retryDelays: [],
        metadata: { filename: 'cut-off.bin', folder_id: team },
        // After the first chunk is stored, the owner revokes the share.
        onBeforeRequest: async (req) => {
          if (req.getMethod() !== 'PATCH') return;
          patches += 1;
          if (patches === 2) {
            url = upload.url!;
            reservedMidway = (await usage(ada)).reserved;
            await revoke(shareId);
          }
        },
        onError: (err) => resolve(err as tus.DetailedError),
        onSuccess: () => reject(new Error('the upload finished after the share was revoked')),
      });
      upload.start();
    });
    expect(patches).toBe(2);
    expect(reservedMidway).toBe(before.reserved + 200_000);
    expect(error.originalResponse?.getStatus()).toBe(404);
    expect(JSON.parse(error.originalResponse!.getBody())).toMatchObject({ code: 'PT404', message: 'Upload not found.' });
    // Nothing committed, nothing reserved or used, and the upload is gone for good.
    expect(await filesNamed('cut-off.bin')).toBe(0);
    expect(await usage(ada)).toMatchObject({ used: before.used, reserved: before.reserved });
    const head = await fetch(url, { method: 'HEAD', headers: { ...cy.auth, 'tus-resumable': '1.0.0' } });
    expect(head.status).toBe(404);
    const rest = await fetch(url, {
      method: 'PATCH',
      headers: { ...cy.auth, 'tus-resumable': '1.0.0', 'upload-offset': String(64 * 1024), 'content-type': 'application/offset+octet-stream' },
      body: data.subarray(64 * 1024),
    });
    expect(rest.status).toBe(404);
    await rest.body?.cancel();
  });

  it('a signed PUT whose URL was handed out before the revocation is refused and never committed', async () => {
    const shareId = await shareWithCy();
    const before = await usage(ada);
    const data = randomBytes(5000);
    const begin = await beginUpload(cy, { name: 'late-put.bin', size: data.byteLength, mime: 'application/octet-stream', folder_id: team });
    expect(begin.res.status).toBe(201);
    expect((await usage(ada)).reserved).toBe(before.reserved + 5000);
    await revoke(shareId);
    expect((await usage(ada)).reserved).toBe(before.reserved);
    const put = await fetch(begin.json.url, { method: 'PUT', headers: begin.json.headers, body: data });
    expect(put.status).toBe(404);
    expect(await put.json()).toMatchObject({ code: 'PT404' });
    const done = await fetch(`${functionsUrl()}/uploads/${begin.json.upload_id}/complete`, { method: 'POST', headers: cy.auth });
    expect(done.status).toBe(404);
    await done.body?.cancel();
    expect(await filesNamed('late-put.bin')).toBe(0);
    expect(await usage(ada)).toMatchObject({ used: before.used, reserved: before.reserved });
    // And the former editor starts nothing new there.
    const again = await beginUpload(cy, { name: 'again.bin', size: 1, mime: 'application/octet-stream', folder_id: team });
    expect(again.res.status).toBe(404);
  });
});
