// Text inside PDFs, over HTTP: a small real PDF (Flate-compressed pages, as a
// producer writes them) uploaded through the files function is found by a
// word from inside it, on its first page or a later one, by its owner only;
// a copy keeps its text; a PDF past search.pdf_max_bytes, or one that does
// not parse, is stored and found by name but not by content.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { signup, userClient } from './accounts-support';
import { type TestUser, uploadFile } from './files-support';
import { adminSql, stack } from './support';
import { makePdf } from '../../functions/files/pdf-fixture';

interface Person {
  user: TestUser;
  db: SupabaseClient;
}

interface SearchPage {
  items: { id: string; name: string; match: string | null }[];
}

/** A word of random lower-case letters: unique to one test, so searches see only its files. */
function word(length = 12): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

async function person(name: string): Promise<Person> {
  const s = await signup(name);
  const user = { id: s.id, email: s.email, token: s.token, auth: { authorization: `Bearer ${s.token}`, apikey: stack.anonKey } };
  return { user, db: userClient(s.token) };
}

async function search(p: Person, q: string): Promise<SearchPage> {
  const { data, error } = await p.db.rpc('search_files', { q });
  if (error) throw new Error(`search_files: ${JSON.stringify(error)}`);
  return data as SearchPage;
}

const ids = (page: SearchPage) => page.items.map((i) => i.id);

describe('PDF content search', () => {
  let ada: Person;
  let bob: Person;
  beforeAll(async () => {
    ada = await person('pdf-ada');
    bob = await person('pdf-bob');
  });

  it('finds an uploaded PDF by a word on any of its pages, for its owner only', async () => {
    const first = word();
    const later = word();
    const pdf = await makePdf([`Board minutes\nThe ${first} proposal was accepted.`, 'Appendix', `Signed at ${later} station.`]);
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    const file = await uploadFile(ada.user, `minutes-${word(6)}.pdf`, pdf, { mime: 'application/pdf' });
    expect(file.mime_type).toBe('application/pdf');

    const hit = await search(ada, first);
    expect(ids(hit)).toEqual([file.id]);
    expect(hit.items[0].match).toBe('text');
    expect(ids(await search(ada, later))).toEqual([file.id]);
    expect((await search(bob, first)).items).toEqual([]);

    // A copy is the same object: it carries the text without reading the PDF again.
    const { data: copy, error } = await ada.db.rpc('copy_file', { file_id: file.id, name: `copy-${word(6)}.pdf` });
    expect(error).toBeNull();
    expect(ids(await search(ada, first)).sort()).toEqual([file.id, (copy as { id: string }).id].sort());
  });

  it('does not parse a PDF larger than search.pdf_max_bytes, nor bytes that are no PDF; both still upload', async () => {
    const sql = adminSql();
    const big = word();
    const pdf = await makePdf([`Too big: ${big}`]);
    await sql`insert into private.settings (key, value) values ('search.pdf_max_bytes', ${String(pdf.byteLength - 1)})
              on conflict (key) do update set value = excluded.value`;
    try {
      const name = `large-${word(8)}.pdf`;
      const file = await uploadFile(ada.user, name, pdf, { mime: 'application/pdf' });
      expect(ids(await search(ada, name.slice(0, -4)))).toEqual([file.id]);
      expect((await search(ada, big)).items).toEqual([]);
    } finally {
      await sql`delete from private.settings where key = 'search.pdf_max_bytes'`;
      await sql.end();
    }

    const broken = word();
    const fake = new TextEncoder().encode(`%PDF-1.4\n${broken} but no objects, no table\n`);
    const name = `broken-${word(8)}.pdf`;
    const file = await uploadFile(ada.user, name, fake, { mime: 'application/pdf' });
    expect(ids(await search(ada, name.slice(0, -4)))).toEqual([file.id]);
    expect((await search(ada, broken)).items).toEqual([]);
  });
});
