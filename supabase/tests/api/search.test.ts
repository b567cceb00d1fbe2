// Tags and search over HTTP with supabase-js, as two real users who signed
// up: normalisation and limits of tags, isolation between users, every
// filter, ranking, cursor paging while files arrive, near-misses, content
// search of an uploaded text file (the files function indexes it at
// completion), and odd input that must never be a 500.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { rpc, signup, userClient } from './accounts-support';
import { type TestUser, uploadFile } from './files-support';
import { stack } from './support';

interface Person {
  user: TestUser;
  db: SupabaseClient;
}

interface SearchItem {
  id: string;
  name: string;
  tags: { id: string; name: string }[];
  rank: number;
  match: string | null;
  highlight: { start: number; length: number }[];
}

interface SearchPage {
  items: SearchItem[];
  total: number;
  total_is_exact: boolean;
  next_cursor: string | null;
}

/** A word of random lower-case letters: unique to one test, so searches see only its files. */
function word(length = 10): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

const bytes = (text: string) => new TextEncoder().encode(text);

async function person(name: string): Promise<Person> {
  const s = await signup(name);
  const user = { id: s.id, email: s.email, token: s.token, auth: { authorization: `Bearer ${s.token}`, apikey: stack.anonKey } };
  return { user, db: userClient(s.token) };
}

/** Calls search_files through supabase-js and fails the test on an error. */
async function search(p: Person, args: Record<string, unknown>): Promise<SearchPage> {
  const { data, error } = await p.db.rpc('search_files', args);
  if (error) throw new Error(`search_files: ${JSON.stringify(error)}`);
  return data as SearchPage;
}

const names = (page: SearchPage) => page.items.map((i) => i.name);

/** A 4xx answer in PostgREST's error shape. */
function expectClientError(res: { status: number; body: any }) {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  expect(typeof res.body?.code).toBe('string');
  expect(typeof res.body?.message).toBe('string');
}

let ada: Person;
let bob: Person;

beforeAll(async () => {
  ada = await person('search-ada');
  bob = await person('search-bob');
});

describe('tags', () => {
  it('are trimmed, lower-cased and de-duplicated, listed with counts, removed', async () => {
    const file = await uploadFile(ada.user, `tagged-${word()}.txt`, bytes('hello'), { mime: 'text/plain' });
    const { data, error } = await ada.db.rpc('add_tags', { file_id: file.id, tags: ['  Work ', 'work', 'WORK', 'Urgent'] });
    expect(error).toBeNull();
    expect(data.map((t: { name: string }) => t.name)).toEqual(['urgent', 'work']);

    // Adding a tag the file has changes nothing.
    const again = await ada.db.rpc('add_tags', { file_id: file.id, tags: ['work'] });
    expect(again.data).toHaveLength(2);

    const listed = await ada.db.rpc('list_tags');
    const work = listed.data.find((t: { name: string }) => t.name === 'work');
    expect(work.file_count).toBe(1);

    const removed = await ada.db.rpc('remove_tag', { file_id: file.id, tag_id: work.id });
    expect(removed.data.map((t: { name: string }) => t.name)).toEqual(['urgent']);
    const gone = await rpc('remove_tag', { file_id: file.id, tag_id: work.id }, ada.user.token);
    expect(gone.status).toBe(404);
  });

  it('can be given at upload', async () => {
    const file = await uploadFile(ada.user, `upload-tags-${word()}.txt`, bytes('x'), { mime: 'text/plain', tags: [' Holiday', 'holiday'] });
    const { data } = await ada.db.from('file_tags').select('name').eq('file_id', file.id);
    expect(data).toEqual([{ name: 'holiday' }]);
  });

  it('refuse the 51st tag on a file and a tag over 50 characters, with a 4xx JSON error', async () => {
    const file = await uploadFile(ada.user, `limits-${word()}.txt`, bytes('x'), { mime: 'text/plain' });
    const fifty = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const ok = await rpc('add_tags', { file_id: file.id, tags: fifty }, ada.user.token);
    expect(ok.status).toBe(200);
    expect(ok.body).toHaveLength(50);

    const extra = await rpc('add_tags', { file_id: file.id, tags: ['one-too-many'] }, ada.user.token);
    expectClientError(extra);
    expect(extra.body.message).toMatch(/at most 50 tags/);

    const other = await uploadFile(ada.user, `limits-${word()}.txt`, bytes('x'), { mime: 'text/plain' });
    const atOnce = await rpc('add_tags', { file_id: other.id, tags: [...fifty, 't50'] }, ada.user.token);
    expectClientError(atOnce);

    const long = await rpc('add_tags', { file_id: other.id, tags: ['x'.repeat(51)] }, ada.user.token);
    expectClientError(long);
    expect(long.body.message).toMatch(/1 to 50 characters/);
    expectClientError(await rpc('add_tags', { file_id: other.id, tags: ['   '] }, ada.user.token));
    expect((await rpc('add_tags', { file_id: other.id, tags: ['y'.repeat(50)] }, ada.user.token)).status).toBe(200);

    // The refused calls attached nothing.
    const { data } = await ada.db.from('file_tags').select('name').eq('file_id', file.id);
    expect(data).toHaveLength(50);
  });

  it('are private: another user can neither see nor attach them', async () => {
    const secret = `secret-${word()}`;
    const file = await uploadFile(ada.user, `private-${word()}.txt`, bytes('x'), { mime: 'text/plain' });
    const added = await ada.db.rpc('add_tags', { file_id: file.id, tags: [secret] });
    const tagId = added.data[0].id as string;

    const bobList = await bob.db.rpc('list_tags');
    expect(bobList.error).toBeNull();
    expect(bobList.data.map((t: { name: string }) => t.name)).not.toContain(secret);
    const bobView = await bob.db.from('tags').select('id,name');
    expect(bobView.error).toBeNull();
    expect(bobView.data!.map((t) => t.id)).not.toContain(tagId);
    const bobLinks = await bob.db.from('file_tags').select('file_id').eq('file_id', file.id);
    expect(bobLinks.data).toEqual([]);

    expectClientError(await rpc('add_tags', { file_id: file.id, tags: ['mine-now'] }, bob.user.token));
    expectClientError(await rpc('remove_tag', { file_id: file.id, tag_id: tagId }, bob.user.token));
    expectClientError(await rpc('rename_tag', { tag_id: tagId, name: 'stolen' }, bob.user.token));
    expectClientError(await rpc('delete_tag', { tag_id: tagId }, bob.user.token));

    // Bob's own tag of the same name is a different tag, and filtering by it never reaches Ada's file.
    const bobFile = await uploadFile(bob.user, `bob-${word()}.txt`, bytes('x'), { mime: 'text/plain' });
    const bobTag = await bob.db.rpc('add_tags', { file_id: bobFile.id, tags: [secret] });
    expect(bobTag.data[0].id).not.toBe(tagId);
    expect(names(await search(bob, { tags: [secret] }))).toEqual([bobFile.name]);
    expect(names(await search(ada, { tags: [secret] }))).toEqual([file.name]);

    // Ada's tag is unchanged.
    const adaList = await ada.db.rpc('list_tags');
    expect(adaList.data.find((t: { id: string }) => t.id === tagId).name).toBe(secret);
  });

  it('anon cannot list or attach tags', async () => {
    expectClientError(await rpc('list_tags', {}));
    expectClientError(await rpc('search_files', { q: 'x' }));
  });
});

describe('search_files', () => {
  it('never returns another user\'s files', async () => {
    const w = word();
    await uploadFile(ada.user, `${w}.txt`, bytes(`body ${w}`), { mime: 'text/plain' });
    expect(names(await search(ada, { q: w }))).toEqual([`${w}.txt`]);
    const asBob = await search(bob, { q: w });
    expect(asBob.items).toEqual([]);
    expect(asBob.total).toBe(0);
    // Nor with an empty query and no filter: bob lists only his own drive.
    const all = await search(bob, { q: '', page_size: 200 });
    expect(all.items.map((i) => i.name).some((n) => n.includes(w))).toBe(false);
  });

  it('filters by type group, MIME type, size, tags, dates and the trash', async () => {
    const w = word();
    const doc = await uploadFile(ada.user, `${w}-notes.txt`, bytes('x'.repeat(10)), { mime: 'text/plain' });
    const sheet = await uploadFile(ada.user, `${w}-budget.csv`, bytes('a,b\n'.repeat(500)), { mime: 'text/csv' });
    const code = await uploadFile(ada.user, `${w}-config.json`, bytes(`{"k": "${'v'.repeat(490)}"}`), { mime: 'application/json' });
    await ada.db.rpc('add_tags', { file_id: sheet.id, tags: ['finance'] });

    const all = [doc.name, sheet.name, code.name].sort();
    expect(names(await search(ada, { q: w })).sort()).toEqual(all);
    expect(names(await search(ada, { q: w, type_group: 'document' }))).toEqual([doc.name]);
    expect(names(await search(ada, { q: w, type_group: 'Spreadsheet' }))).toEqual([sheet.name]);
    expect(names(await search(ada, { q: w, type_group: 'code' }))).toEqual([code.name]);
    expect(names(await search(ada, { q: w, type_group: 'image' }))).toEqual([]);
    expect(names(await search(ada, { q: w, mime_type: 'application/json' }))).toEqual([code.name]);
    expect(names(await search(ada, { q: w, size_min: 400, size_max: 1000 }))).toEqual([code.name]);
    expect(names(await search(ada, { q: w, size_min: 2000 }))).toEqual([sheet.name]);
    expect(names(await search(ada, { q: w, size_max: 10 }))).toEqual([doc.name]);
    expect(names(await search(ada, { q: w, tags: ['  FINANCE'] }))).toEqual([sheet.name]);
    expect(names(await search(ada, { q: '', tags: ['finance'], type_group: 'spreadsheet' }))).toContain(sheet.name);
    expect(names(await search(ada, { q: w, tags: ['finance', 'no-such-tag'] }))).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect(names(await search(ada, { q: w, modified_from: tomorrow }))).toEqual([]);
    expect(names(await search(ada, { q: w, modified_from: hourAgo, modified_to: tomorrow })).sort()).toEqual(all);
    expect(names(await search(ada, { q: w, modified_to: hourAgo }))).toEqual([]);

    const trashed = await ada.db.rpc('trash_file', { file_id: doc.id });
    expect(trashed.error).toBeNull();
    expect(names(await search(ada, { q: w })).sort()).toEqual([sheet.name, code.name].sort());
    expect(names(await search(ada, { q: w, trashed: true }))).toEqual([doc.name]);
    expect(names(await search(ada, { q: w, trashed: null })).sort()).toEqual(all);
  });

  it('ranks the exact name before a prefix before a substring, and marks the match', async () => {
    const w = word();
    // Oldest first, so recency alone would give the opposite order.
    await uploadFile(ada.user, `${w}.txt`, bytes('1'), { mime: 'text/plain' });
    await uploadFile(ada.user, `${w}ology.txt`, bytes('2'), { mime: 'text/plain' });
    await uploadFile(ada.user, `zz${w}zz.txt`, bytes('3'), { mime: 'text/plain' });
    const page = await search(ada, { q: w.toUpperCase() });
    expect(names(page)).toEqual([`${w}.txt`, `${w}ology.txt`, `zz${w}zz.txt`]);
    expect(page.items.map((i) => i.match)).toEqual(['exact', 'prefix', 'substring']);
    expect(page.items.map((i) => i.rank)).toEqual([...page.items.map((i) => i.rank)].sort((a, b) => a - b));
    expect(page.items[2].highlight).toEqual([{ start: 2, length: w.length }]);
    expect(page.total).toBe(3);
    expect(page.total_is_exact).toBe(true);
  });

  it('pages with a cursor without duplicates or gaps while new files arrive', async () => {
    const w = word();
    const original = new Set<string>();
    for (let i = 0; i < 25; i++) {
      const f = await uploadFile(ada.user, `${w}-page-${String(i).padStart(2, '0')}.txt`, bytes(String(i)), { mime: 'text/plain' });
      original.add(f.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let added = 0;
    do {
      const page: SearchPage = await search(ada, { q: w, page_size: 10, ...(after ? { after } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items.map((i) => i.id));
      after = page.next_cursor;
      pages++;
      // Files arriving between pages (they sort before the cursor, so later pages skip them).
      for (let k = 0; k < 3 && after; k++) {
        await uploadFile(ada.user, `${w}-late-${added++}.txt`, bytes('late'), { mime: 'text/plain' });
      }
    } while (after && pages < 10);
    expect(after).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);
    expect(seen.filter((id) => !original.has(id))).toEqual([]);
    expect(pages).toBe(3);
    // A fresh search sees everything, the late files first among equals.
    const fresh = await search(ada, { q: w, page_size: 200 });
    expect(fresh.total).toBe(25 + added);
  });

  it('still finds a file when the query is misspelled', async () => {
    const w = word();
    const file = await uploadFile(ada.user, `Kilimanjaro-expedition-${w}.txt`, bytes('x'), { mime: 'text/plain' });
    const page = await search(ada, { q: 'kilimanjro expedition' });
    const hit = page.items.find((i) => i.id === file.id);
    expect(hit, JSON.stringify(names(page))).toBeDefined();
    expect(hit!.match).toBe('fuzzy');
    expect((await search(ada, { q: 'expedtion' })).items.map((i) => i.id)).toContain(file.id);
    expect((await search(bob, { q: 'kilimanjro expedition' })).items).toEqual([]);
  });

  it('finds an uploaded text file by a word in its content, up to the indexed size', async () => {
    const w = word();
    const early = word(12);
    const late = word(12);
    // The second word lies past search.content_max_bytes (256 KiB by default): not indexed.
    const body = `Minutes of the ${early} meeting.\n${'lorem ipsum '.repeat(23_000)}\nThe ${late} clause.\n`;
    const file = await uploadFile(ada.user, `minutes-${w}.txt`, bytes(body), { mime: 'text/plain' });
    const page = await search(ada, { q: early });
    expect(names(page)).toEqual([file.name]);
    expect(page.items[0].match).toBe('text');
    expect((await search(ada, { q: late })).items).toEqual([]);
    expect((await search(bob, { q: early })).items).toEqual([]);

    // Markdown through the original store_file route is indexed too.
    const md = word(12);
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/store_file`, {
      method: 'POST',
      headers: { ...ada.user.auth, 'file-path': `/notes-${w}.md`, 'content-type': 'application/octet-stream' },
      body: bytes(`# Notes\n\nRemember the ${md}.\n`),
    });
    expect(res.status).toBe(200);
    expect(names(await search(ada, { q: md }))).toEqual([`notes-${w}.md`]);

    // And a resumable (tus) upload: create, then one PATCH with every byte.
    const csv = word(12);
    const data = bytes(`name,note\nada,${csv}\n`);
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    const created = await fetch(`${stack.apiUrl}/functions/v1/files/tus/`, {
      method: 'POST',
      headers: {
        ...ada.user.auth,
        'tus-resumable': '1.0.0',
        'upload-length': String(data.byteLength),
        'upload-metadata': `filename ${b64(`sheet-${w}.csv`)},mime ${b64('text/csv')}`,
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const patched = await fetch(created.headers.get('location')!, {
      method: 'PATCH',
      headers: {
        ...ada.user.auth,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: data,
    });
    expect(patched.status, await patched.clone().text()).toBe(204);
    expect(patched.headers.get('upload-file-id')).toBeTruthy();
    expect(names(await search(ada, { q: csv }))).toEqual([`sheet-${w}.csv`]);
  });

  it('answers odd and wrong input with 2xx or a 4xx JSON error, never a 500', async () => {
    const token = ada.user.token;
    const calls: Record<string, unknown>[] = [
      { q: 'report '.repeat(1430) },
      { q: 'x'.repeat(10_000) },
      { q: `%_\\'"();` },
      { q: `'); drop table app.files; --` },
      { q: '%' },
      { q: '\u0000' },
      { q: '🙂 ünïcödé' },
      { q: 42 },
      { q: null },
      { q: ['a', 'b'] },
      { tags: 'notalist' },
      { tags: [42] },
      { tags: ['x'.repeat(51)] },
      { tags: Array.from({ length: 60 }, (_, i) => `t${i}`) },
      { type_group: 'movies' },
      { type_group: 7 },
      { mime_type: `%_\\'"();` },
      { modified_from: 'yesterday' },
      { modified_to: 12 },
      { size_min: 'big' },
      { size_max: -1 },
      { size_min: '99999999999999999999999' },
      { folder_id: 'not-a-uuid' },
      { folder_id: '00000000-0000-4000-8000-000000000000' },
      { include_subfolders: 'perhaps' },
      { trashed: 'maybe' },
      { after: 'garbage' },
      { after: '%%%' },
      { after: Buffer.from('[0, 0, "x", "y", true]').toString('base64url') },
      { page_size: 0 },
      { page_size: 100_000 },
      { page_size: 'ten' },
      { nonsense: true },
    ];
    for (const args of calls) {
      const res = await rpc('search_files', args, token);
      const label = `${JSON.stringify(args).slice(0, 80)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      expect(res.status, label).toBeLessThan(500);
      expect(res.body, label).not.toBeNull();
      expect(typeof res.body, label).toBe('object');
      if (res.status >= 400) expectClientError(res);
      else expect(Array.isArray(res.body.items), label).toBe(true);
    }
    // Not JSON at all.
    expectClientError(await rpc('search_files', '{"q": ', token));
    // Special characters are text, not patterns: '%' does not match every name.
    const percent = await search(ada, { q: '%' });
    expect(percent.items.every((i) => i.name.includes('%'))).toBe(true);
    const wrongTags = await rpc('add_tags', { file_id: 'nope', tags: 'work' }, token);
    expectClientError(wrongTags);
  });
});
