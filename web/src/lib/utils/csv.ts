// CSV and TSV for the preview: a parser fed chunk by chunk (a row may span
// chunks, a quoted field may hold the separator, quotes and line breaks, as
// RFC 4180 says), so the preview reads only as far as the rows it shows.

/** Parses delimited text incrementally; `push` chunks, then `end`. Rows come out through `onrow`. */
export class DelimitedParser {
  #field = '';
  #row: string[] = [];
  #quoted = false;
  /** Inside quotes, a quote seen: the next character says whether it closed them or was doubled. */
  #quoteSeen = false;
  /** A \r ended the last chunk: a \n starting the next one belongs to the same line break. */
  #afterCr = false;

  constructor(
    private readonly separator: ',' | '\t',
    private readonly onrow: (row: string[]) => void,
  ) {}

  push(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.#afterCr) {
        this.#afterCr = false;
        if (c === '\n') continue;
      }
      if (this.#quoted) {
        if (this.#quoteSeen) {
          this.#quoteSeen = false;
          if (c === '"') {
            this.#field += '"';
            continue;
          }
          this.#quoted = false;
          // fall through: c is read outside quotes
        } else if (c === '"') {
          this.#quoteSeen = true;
          continue;
        } else {
          this.#field += c;
          continue;
        }
      }
      if (c === '"' && this.#field === '') this.#quoted = true;
      else if (c === this.separator) this.#endField();
      else if (c === '\n' || c === '\r') {
        this.#endRow();
        if (c === '\r') this.#afterCr = true;
      } else this.#field += c;
    }
  }

  /** The last row, when the text does not end with a line break. */
  end(): void {
    if (this.#field !== '' || this.#row.length || this.#quoted) this.#endRow();
  }

  #endField(): void {
    this.#row.push(this.#field);
    this.#field = '';
  }

  #endRow(): void {
    this.#endField();
    const row = this.#row;
    this.#row = [];
    this.#quoted = this.#quoteSeen = false;
    this.onrow(row);
  }
}

/** The first `limit` rows of a stream of text, reading no further than needed; `more` when rows were left. */
export async function readRows(
  body: ReadableStream<Uint8Array>,
  separator: ',' | '\t',
  limit: number,
): Promise<{ rows: string[][]; more: boolean }> {
  const rows: string[][] = [];
  let more = false;
  const parser = new DelimitedParser(separator, (row) => {
    if (rows.length < limit) rows.push(row);
    else more = true;
  });
  const reader = body.getReader();
  // stream: true keeps a character split across chunks whole.
  const decoder = new TextDecoder();
  try {
    while (!more) {
      const { value, done } = await reader.read();
      if (done) {
        parser.push(decoder.decode());
        parser.end();
        break;
      }
      parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // Stop the download once the rows shown are in.
    await reader.cancel().catch(() => undefined);
  }
  return { rows, more };
}
