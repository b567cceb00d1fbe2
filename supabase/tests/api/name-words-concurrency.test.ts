// Two transactions of one owner renaming files with crossing words, on two
// connections at once. The name-word counts lock one row per word. When a
// rename locked its old words and then its new ones, this interleaving
// deadlocked (40P01). Now each statement locks its words in one
// (owner, word)-ordered pass (app.apply_name_word_changes), so the second
// rename waits for the first.
import { describe, expect, it } from 'vitest';
import { adminSql } from './support';
import { createUser } from './files-support';

describe('name-word counts under concurrent renames', () => {
  it('let crossing renames of one owner wait for each other instead of deadlocking', async () => {
    const owner = await createUser('words-race');
    const sql = adminSql();
    const [f1, f2, f3] = await Promise.all(['alpha.txt', 'zulu.txt', 'yankee.txt'].map(async (name) => {
      const [row] = await sql`insert into app.files (owner_id, name, mime_type) values (${owner.id}, ${name}, 'text/plain') returning id`;
      return row.id as string;
    }));
    // The client holds two connections: one per transaction, and the counts are read after both end.
    const one = await sql.reserve();
    const two = await sql.reserve();
    try {
      await one`begin`;
      await two`begin`;
      // 1 holds "alpha" and "kappa".
      await one`update app.files set name = 'kappa.txt' where id = ${f1}`;
      // 2 needs "kappa" (and "notes", "zulu"): it waits for 1. Unordered, it held "zulu" while waiting.
      const second = two`update app.files set name = 'kappa notes.txt' where id = ${f2}`.then(() => null, (err) => err);
      await new Promise((r) => setTimeout(r, 300));
      // 1 now needs "zulu" (and "two", "yankee"): unordered, held by 2: a deadlock.
      const first = await one`update app.files set name = 'zulu two.txt' where id = ${f3}`.then(() => null, (err) => err);
      expect(first?.code).toBeUndefined();
      await one`commit`;
      expect((await second)?.code).toBeUndefined();
      await two`commit`;
      const counts = await one`select word, files from app.owner_name_words where owner_id = ${owner.id} order by word`;
      expect(Object.fromEntries(counts.map((r) => [r.word, r.files]))).toEqual({ kappa: 2, notes: 1, two: 1, txt: 3, zulu: 1 });
    } finally {
      await one`rollback`.catch(() => {});
      await two`rollback`.catch(() => {});
      one.release();
      two.release();
      // Rows made without bytes or versions: gone again, so the drive's invariants (fsck) hold for the tests after.
      await sql`delete from app.files where owner_id = ${owner.id}`;
      await sql.end();
    }
  });
});
