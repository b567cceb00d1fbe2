// Personal access tokens over HTTP with supabase-js: create, exchange, use
// within the scopes and folder, revoke. The rules are SQL's (41_access_tokens);
// these prove they hold on every path a script reaches: REST, rpc and the
// files function.
import { describe, expect, it, beforeAll } from 'vitest';
import { anonClient, clientWithToken, stack } from './support';
import { createUser, functionsUrl, uploadFile, type TestUser } from './files-support';

interface Made {
  id: string;
  token: string;
}

/** Creates a token as the user (a password session), returns its id and secret. */
async function makeToken(user: TestUser, body: Record<string, unknown>): Promise<Made> {
  const { data, error } = await clientWithToken(user.token).rpc('create_access_token', body);
  if (error) throw new Error(`create_access_token: ${JSON.stringify(error)}`);
  return { id: data.id, token: data.token };
}

/** Exchanges a token for a JWT, as a script does (anon key only). */
async function exchange(secret: string): Promise<string> {
  const { data, error } = await anonClient().rpc('token_from_access_token', { access_token: secret });
  if (error) throw new Error(`token_from_access_token: ${JSON.stringify(error)}`);
  return data[0].token as string;
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('personal access tokens', () => {
  let tess: TestUser;
  let backup: string;
  let inside: { id: string };
  let outside: { id: string };

  beforeAll(async () => {
    tess = await createUser('pat');
    const me = clientWithToken(tess.token);
    backup = (await me.rpc('create_folder', { name: 'Backup' })).data.id;
    inside = await uploadFile(tess, 'inside.txt', bytes('inside'), { folder_id: backup });
    outside = await uploadFile(tess, 'outside.txt', bytes('outside'));
  });

  it('are shown once, listed without the secret, and exchange for a short-lived JWT', async () => {
    const made = await makeToken(tess, { name: 'script', scopes: ['files:read'] });
    expect(made.token).toMatch(/^pgd_/);
    const { data: list } = await clientWithToken(tess.token).from('my_access_tokens').select('*').eq('id', made.id);
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(made.token);
    const { data, error } = await anonClient().rpc('token_from_access_token', { access_token: made.token });
    expect(error).toBeNull();
    expect(data[0].expires_in).toBeLessThanOrEqual(900);
    expect(data[0].scopes).toEqual(['files:read']);
  });

  it('a wrong token is a 401 in PostgREST shape', async () => {
    const { error, status } = await anonClient().rpc('token_from_access_token', { access_token: 'pgd_nope' });
    expect(status).toBe(401);
    expect(error?.code).toBe('PT401');
  });

  it('a read-only token reads but cannot write through REST, rpc or the files function', async () => {
    const jwt = await exchange((await makeToken(tess, { name: 'ro', scopes: ['files:read'] })).token);
    const ro = clientWithToken(jwt);
    const { data: files } = await ro.from('files').select('name');
    expect(files?.map((f) => f.name).sort()).toEqual(['inside.txt', 'outside.txt']);

    const folder = await ro.rpc('create_folder', { name: 'Nope' });
    expect(folder.status).toBe(403);
    const rename = await ro.rpc('rename_file', { file_id: outside.id, name: 'x.txt' });
    expect(rename.status).toBe(403);
    const password = await ro.rpc('change_password', { current_password: 'x', new_password: 'y' });
    expect(password.status).toBe(403);
    const share = await ro.rpc('create_share_link', { file_id: outside.id });
    expect(share.status).toBe(403);

    const headers = { authorization: `Bearer ${jwt}`, apikey: stack.anonKey, 'content-type': 'application/json' };
    const upload = await fetch(`${functionsUrl()}/uploads`, {
      method: 'POST', headers, body: JSON.stringify({ name: 'ro.txt', size: 2 }),
    });
    expect(upload.status).toBe(403);
    const stored = await fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream', 'file-path': '/ro.txt' },
      body: bytes('hi'),
    });
    expect(stored.status).toBe(403);
    const url = await fetch(`${functionsUrl()}/download-url`, {
      method: 'POST', headers, body: JSON.stringify({ file_id: outside.id }),
    });
    expect(url.status).toBe(200);
  });

  it('a token reaches only the drive: account, billing and admin views are refused over REST', async () => {
    const jwt = await exchange((await makeToken(tess, { name: 'drive only', scopes: ['files:write'] })).token);
    const token = clientWithToken(jwt);
    for (const view of ['my_sessions', 'my_subscription', 'my_transactions', 'my_access_tokens']) {
      const { data, error, status } = await token.from(view).select('*');
      expect({ view, status, code: error?.code, data }).toEqual({ view, status: 403, code: '42501', data: null });
    }
    // The password session of the same user still reads them: the refusal is the token's.
    const { status } = await clientWithToken(tess.token).from('my_sessions').select('id');
    expect(status).toBe(200);
  });

  it('a folder-limited token cannot list, search, download or move anything outside its folder', async () => {
    const jwt = await exchange((await makeToken(tess, { name: 'backup', scopes: ['files:write'], folder_id: backup })).token);
    const scoped = clientWithToken(jwt);
    const { data: files } = await scoped.from('files').select('name');
    expect(files?.map((f) => f.name)).toEqual(['inside.txt']);
    const { data: found } = await scoped.rpc('search_files', { q: 'txt' });
    expect(found.items.map((f: { name: string }) => f.name)).toEqual(['inside.txt']);

    const headers = { authorization: `Bearer ${jwt}`, apikey: stack.anonKey, 'content-type': 'application/json' };
    const out = await fetch(`${functionsUrl()}/download-url`, {
      method: 'POST', headers, body: JSON.stringify({ file_id: outside.id }),
    });
    expect(out.status).toBe(404);
    await out.body?.cancel();
    const inn = await fetch(`${functionsUrl()}/download-url`, {
      method: 'POST', headers, body: JSON.stringify({ file_id: inside.id }),
    });
    expect(inn.status).toBe(200);
    await inn.body?.cancel();

    const moveOut = await scoped.rpc('move_file', { file_id: inside.id, folder_id: null });
    expect(moveOut.status).toBe(403);
    const moveIn = await scoped.rpc('move_file', { file_id: outside.id, folder_id: backup });
    expect(moveIn.status).toBe(404);
    const trashOut = await scoped.rpc('trash_file', { file_id: outside.id });
    expect(trashOut.status).toBe(404);

    const store = (path: string) => fetch(`${stack.apiUrl}/rpc/store_file`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream', 'file-path': path },
      body: bytes('backup'),
    });
    const storedIn = await store('/Backup/nightly.txt');
    expect(storedIn.status).toBe(200);
    await storedIn.body?.cancel();
    const storedOut = await store('/nightly.txt');
    expect(storedOut.status).toBe(403);
    await storedOut.body?.cancel();
  });

  it('a revoked token is refused at once on every path', async () => {
    const made = await makeToken(tess, { name: 'soon revoked', scopes: ['files:write'] });
    const jwt = await exchange(made.token);
    const live = clientWithToken(jwt);
    expect((await live.from('files').select('id')).status).toBe(200);

    const revoke = await clientWithToken(tess.token).rpc('revoke_access_token', { token_id: made.id });
    expect(revoke.error).toBeNull();

    expect((await live.from('files').select('id')).status).toBe(401);
    expect((await live.rpc('create_folder', { name: 'After' })).status).toBe(401);
    const fn = await fetch(`${functionsUrl()}/download-url`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, apikey: stack.anonKey, 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: outside.id }),
    });
    expect(fn.status).toBe(401);
    await fn.body?.cancel();
    const again = await anonClient().rpc('token_from_access_token', { access_token: made.token });
    expect(again.status).toBe(401);
  });
});
