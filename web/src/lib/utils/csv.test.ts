import { describe, expect, it } from 'vitest';
import { DelimitedParser, readRows } from './csv';

function parse(chunks: string[], sep: ',' | '\t' = ','): string[][] {
  const rows: string[][] = [];
  const p = new DelimitedParser(sep, (r) => rows.push(r));
  for (const c of chunks) p.push(c);
  p.end();
  return rows;
}

describe('DelimitedParser', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, across chunks', () => {
    const text = 'name,note\r\n"Smith, Ann","said ""hi""\nthen left"\nBob,\n';
    const whole = parse([text]);
    expect(whole).toEqual([['name', 'note'], ['Smith, Ann', 'said "hi"\nthen left'], ['Bob', '']]);
    // Any split into chunks gives the same rows.
    for (let i = 1; i < text.length; i++) expect(parse([text.slice(0, i), text.slice(i)])).toEqual(whole);
  });

  it('reads TSV and a last line without a line break', () => {
    expect(parse(['a\tb\n1\t2'], '\t')).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('readRows', () => {
  it('stops reading once it has the rows it shows', async () => {
    let pulled = 0;
    let cancelled = false;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(encoder.encode(`${pulled},row\n`.repeat(100)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { rows, more } = await readRows(body, ',', 1000);
    expect(rows).toHaveLength(1000);
    expect(more).toBe(true);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(15);
  });
});
