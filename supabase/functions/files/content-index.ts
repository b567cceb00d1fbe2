/**
 * Content search at upload completion: the first `search.content_max_bytes`
 * of a text-like file (the SQL decides which types have text) go to
 * `app.index_version_content` as the uploader, which keeps the text for the
 * version's object (copies and restored versions carry it over in SQL) and
 * makes it the file's text. A PDF's text is extracted first (unpdf: pdf.js
 * for every JavaScript runtime), from the whole PDF when it is at most
 * `search.pdf_max_bytes`, page by page until the text reaches
 * `search.content_max_bytes`. Indexing is best effort: a failure is logged
 * (never the text) and the upload still succeeds.
 */
import { getDocumentProxy } from "unpdf";
import { asCaller, type Caller } from "../_shared/db.ts";
import { storage } from "../_shared/storage/index.ts";

const PDF = "application/pdf";

/** The completed file, as app.complete_upload answers it: its current version is the one indexed. */
export interface IndexedFile {
  id: string;
  current_version_id: string;
  mime_type: string;
  size: number;
}

/** Reads at most `maxBytes` of an object: a ranged read, cancelled once the cap is reached. */
export async function readHead(objectKey: string, size: number, maxBytes: number): Promise<Uint8Array> {
  const want = Math.max(0, Math.min(size, maxBytes));
  const out = new Uint8Array(want);
  if (want === 0) return out;
  const reader = (await storage().read(objectKey, { start: 0, end: want - 1 })).getReader();
  let filled = 0;
  try {
    while (filled < want) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, want - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    // Stop the driver (and free its file or socket) even when it sent more than asked.
    await reader.cancel().catch(() => {});
  }
  return out.subarray(0, filled);
}

/** UTF-8 text of possibly cut bytes: invalid sequences replaced, a cut last character dropped, NULs removed. */
export function textOf(bytes: Uint8Array): string {
  // `stream: true` keeps an incomplete trailing sequence back instead of emitting U+FFFD for it.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes, { stream: true });
  return text.replaceAll("\u0000", "");
}

/**
 * The text of a PDF, page after page (a line break between pages), stopping
 * once it holds `maxBytes` of UTF-8; the SQL cuts it to exactly that. Rejects
 * when the bytes are not a PDF pdf.js can read.
 */
export async function pdfText(bytes: Uint8Array, maxBytes: number): Promise<string> {
  // pdf.js takes the buffer over (it may transfer it to a worker): give it a copy of the view.
  const pdf = await getDocumentProxy(bytes.slice());
  const encoder = new TextEncoder();
  const pages: string[] = [];
  let size = 0;
  try {
    for (let n = 1; n <= pdf.numPages && size < maxBytes; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
      page.cleanup();
      pages.push(text);
      size += encoder.encode(text).byteLength + 1;
    }
  } finally {
    await pdf.loadingTask.destroy();
  }
  return pages.join("\n");
}

/** The text to index of a file's bytes: a PDF's extracted text (null when it does not parse), else the bytes as UTF-8. */
async function textToIndex(mime: string, bytes: Uint8Array, maxBytes: number): Promise<string | null> {
  if (mime.split(";")[0].trim().toLowerCase() !== PDF) return textOf(bytes);
  try {
    return await pdfText(bytes, maxBytes);
  } catch (err) {
    // A damaged or encrypted PDF has no text to find; it stays searchable by name, tags and description.
    console.error(`pdf text not extracted: ${(err as Error)?.name}`);
    return null;
  }
}

/** Indexes (or clears) the text of a file's current version for content search; never throws, answers whether it worked. */
export async function indexContent(caller: Caller, req: Request | null, file: IndexedFile, objectKey: string): Promise<boolean> {
  try {
    const wanted = await asCaller(caller, req, async (tx) => {
      const [row] = await tx`select app.type_has_text(${file.mime_type}) as has_text,
                                    app.search_content_max_bytes() as max_bytes, app.search_pdf_max_bytes() as pdf_max_bytes`;
      const pdf = file.mime_type.split(";")[0].trim().toLowerCase() === PDF;
      // A new version of another type must not keep the old version's text; nor may a PDF too large to parse.
      const index = row.has_text && (!pdf || Number(file.size) <= Number(row.pdf_max_bytes));
      if (!index) await tx`select app.index_version_content(${file.current_version_id}, null)`;
      return index ? { maxBytes: Number(row.max_bytes), read: pdf ? Number(file.size) : Number(row.max_bytes) } : null;
    });
    if (wanted === null) return true;
    const bytes = await readHead(objectKey, Number(file.size), wanted.read);
    const text = await textToIndex(file.mime_type, bytes, wanted.maxBytes);
    await asCaller(caller, req, (tx) => tx`select app.index_version_content(${file.current_version_id}, ${text})`);
    return true;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    console.error(`content index failed for file ${file.id}: ${typeof code === "string" ? code : (err as Error)?.name}`);
    return false;
  }
}
