/**
 * Small real PDFs for tests: one page per string, its text drawn in
 * Helvetica from a Flate-compressed content stream, with a correct
 * cross-reference table, as a PDF producer writes them. No imports, so that
 * Deno tests and the vitest API tests both build their PDFs here.
 */

/** Deflates bytes (zlib format, as PDF's FlateDecode expects). */
async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A PDF escapes backslashes and parentheses inside a string. */
const pdfString = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF of one page per entry of `pages`, each page's lines (split on "\n") drawn top down. */
export async function makePdf(pages: string[]): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const offsets: number[] = [];
  let length = 0;
  const put = (chunk: string | Uint8Array<ArrayBuffer>) => {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    parts.push(bytes);
    length += bytes.byteLength;
  };
  const object = (n: number, dict: string, stream?: Uint8Array<ArrayBuffer>) => {
    offsets[n] = length;
    put(`${n} 0 obj\n${dict}\n`);
    if (stream) {
      put("stream\n");
      put(stream);
      put("\nendstream\n");
    }
    put("endobj\n");
  };

  // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content per page.
  put("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
  object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(" ");
  object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (const [i, text] of pages.entries()) {
    const lines = text.split("\n").map((line) => `(${pdfString(line)}) Tj T*`).join("\n");
    const content = await deflate(encoder.encode(`BT\n/F1 12 Tf 14 TL 72 720 Td\n${lines}\nET\n`));
    object(4 + i * 2,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`);
    object(5 + i * 2, `<< /Length ${content.byteLength} /Filter /FlateDecode >>`, content);
  }
  const count = 4 + pages.length * 2;
  const xref = length;
  put(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) put(`${String(offsets[n]).padStart(10, "0")} 00000 n \n`);
  put(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
