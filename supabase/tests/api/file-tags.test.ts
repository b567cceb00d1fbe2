// The tags of a whole folder's files in one request, as the web's drive
// listing asks for them: file_tags by folder_id (eq for a folder, is.null for
// the root), only ever the caller's own.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { signup, userClient } from './accounts-support';
import { type TestUser, uploadFile } from './files-support';
import { stack } from './support';

interface Person {
  user: TestUser;
  db: SupabaseClient;
}

async function person(name: string): Promise<Person> {
  const s = await signup(name);
  const user = { id: s.id, email: s.email, token: s.token, auth: { authorization: `Bearer ${s.token}`, apikey: stack.anonKey } };
  return { user, db: userClient(s.token) };
}

const bytes = (text: string) => new TextEncoder().encode(text);

async function ok<T>(call: PromiseLike<{ data: T | null; error: unknown }>): Promise<T> {
  const { data, error } = await call;
  if (error) throw new Error(JSON.stringify(error));
  return data as T;
}

describe('file tags by folder', () => {
  let ada: Person;
  let bob: Person;
  let folderId: string;
  let inFolder: { id: string };
  let atRoot: { id: string };

  beforeAll(async () => {
    ada = await person('Ada');
    bob = await person('Bob');
    const created = await ok<{ id: string } | { id: string }[]>(ada.db.rpc('create_folder', { name: 'Taxes' }));
    folderId = Array.isArray(created) ? created[0].id : created.id;
    inFolder = await uploadFile(ada.user, 'return.txt', bytes('figures'), { folder_id: folderId });
    atRoot = await uploadFile(ada.user, 'inbox.txt', bytes('hello'));
    await ok(ada.db.rpc('add_tags', { file_id: inFolder.id, tags: ['Taxes', '2024'] }));
    await ok(ada.db.rpc('add_tags', { file_id: atRoot.id, tags: ['inbox'] }));
    const bobs = await uploadFile(bob.user, 'bob.txt', bytes('bob'));
    await ok(bob.db.rpc('add_tags', { file_id: bobs.id, tags: ['inbox'] }));
  });

  it('answers a folder\'s file tags with folder_id=eq, and the root\'s with is.null', async () => {
    const folder = await ok<{ file_id: string; name: string }[]>(
      ada.db.from('file_tags').select('file_id,tag_id,name').eq('folder_id', folderId).order('name'),
    );
    expect(folder.map((r) => [r.file_id, r.name])).toEqual([[inFolder.id, '2024'], [inFolder.id, 'taxes']]);
    const root = await ok<{ file_id: string; name: string }[]>(ada.db.from('file_tags').select('file_id,name').is('folder_id', null));
    expect(root).toEqual([{ file_id: atRoot.id, name: 'inbox' }]);
  });

  it('shows another user none of them', async () => {
    expect(await ok(bob.db.from('file_tags').select('file_id').eq('folder_id', folderId))).toEqual([]);
    const root = await ok<{ name: string }[]>(bob.db.from('file_tags').select('file_id,name').is('folder_id', null));
    expect(root.map((r) => r.name)).toEqual(['inbox']);
    expect(root.every((r) => (r as { file_id: string }).file_id !== atRoot.id)).toBe(true);
  });
});
