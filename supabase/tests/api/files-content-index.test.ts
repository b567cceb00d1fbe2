// Content search follows the bytes of a file's current version through a
// copy and a restored version, as it does through an upload: each is found
// by a word of its content through rpc/search_files, and an old version's
// words stop matching once it is replaced. Text SQL cannot carry (an object
// indexed before texts were kept per object) is cleared, then read again from
// the bytes by the maintenance job.
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSql, rest, stack } from './support';
import { createUser, functionsUrl, type TestUser, uploadFile } from './files-support';

let ada: TestUser;

beforeAll(async () => {
  ada = await createUser('content-ada');
});

/** A word of random lower-case letters: unique to one test. */
function word(length = 12): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
}

const bytes = (text: string) => new TextEncoder().encode(text);

async function rpc(name: string, args: Record<string, unknown>) {
  const res = await rest(`/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const data = await res.json();
  expect(res.status, JSON.stringify(data)).toBe(200);
  return data;
}

/** The names search_files finds for a word, sorted. */
async function found(q: string): Promise<string[]> {
  const page = await rpc('search_files', { q });
  return (page.items as { name: string }[]).map((i) => i.name).sort();
}

describe('content search after a copy or a restored version', () => {
  it('finds a copy by a word of its content, as it finds the original', async () => {
    const w = word();
    const tag = word(6); // names carry another word: only the content can match `w`
    const original = await uploadFile(ada, `report-${tag}.txt`, bytes(`The ${w} quarterly figures.\n`), { mime: 'text/plain' });
    expect(await found(w)).toEqual([original.name]);
    const copy = await rpc('copy_file', { file_id: original.id, name: `copy-${tag}.txt` });
    expect(copy.name).toBe(`copy-${tag}.txt`);
    expect(await found(w)).toEqual([`copy-${tag}.txt`, original.name].sort());
    // A copy made without a name (same folder: "report-… (1).txt") is found too.
    const second = await rpc('copy_file', { file_id: original.id });
    expect(await found(w)).toContain(second.name);
  });

  it('finds a file by the words of the version restored, not of the one it replaced', async () => {
    const name = `story-${word(6)}.txt`;
    const first = word();
    const second = word();
    const file = await uploadFile(ada, name, bytes(`Once upon a ${first}.\n`), { mime: 'text/plain' });
    await uploadFile(ada, name, bytes(`Later, a ${second} appeared.\n`), { mime: 'text/plain' });
    expect(await found(first)).toEqual([]);
    expect(await found(second)).toEqual([name]);
    const versions = await (await rest(`/rest/v1/file_versions?file_id=eq.${file.id}&order=version`, {
      headers: { authorization: `Bearer ${ada.token}` },
    })).json();
    expect(versions).toHaveLength(2);
    await rpc('restore_version', { version_id: versions[0].id });
    expect(await found(first)).toEqual([name]);
    expect(await found(second)).toEqual([]);
    await rpc('restore_version', { version_id: versions[1].id });
    expect(await found(first)).toEqual([]);
    expect(await found(second)).toEqual([name]);
  });

  it('clears text it cannot carry, and the maintenance job reads it again from the bytes', async () => {
    const name = `legacy-${word(6)}.md`;
    const old = word();
    const newer = word();
    const file = await uploadFile(ada, name, bytes(`# Minutes\n\nThe ${old} plan.\n`), { mime: 'text/markdown' });
    await uploadFile(ada, name, bytes(`# Minutes\n\nThe ${newer} plan.\n`), { mime: 'text/markdown' });
    expect(await found(newer)).toEqual([name]);
    const sql = adminSql();
    try {
      // As if the first version had been indexed before texts were kept per object.
      const [v1] = await sql`select id, object_key from app.file_versions where file_id = ${file.id} and version = 1`;
      await sql`delete from app.object_texts where object_key = ${v1.object_key}`;
      await rpc('restore_version', { version_id: v1.id });
      await sql.begin(async (tx) => {
        // Holding the queue row keeps the gateway's own maintenance timer from committing the text meanwhile.
        const queued = await tx`select file_id from app.content_reindex where file_id = ${file.id} for update`;
        expect(queued).toHaveLength(1);
        expect(await found(newer)).toEqual([]); // the replaced version's words do not linger
        expect(await found(old)).toEqual([]); // and nothing is known yet of the restored one's
      });
    } finally {
      await sql.end();
    }
    const res = await fetch(`${functionsUrl()}/maintenance?grace_ms=3600000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
    });
    expect(res.status).toBe(200);
    expect(typeof (await res.json()).reindexedFiles).toBe('number');
    expect(await found(old)).toEqual([name]);
  });
});
