/**
 * Decides a file's real type from its first bytes, so a renamed executable
 * or an HTML page labelled as a photo is caught by its content, not its label.
 */

const ZIP_BASED = new Set([
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
  "application/epub+zip",
  "application/java-archive",
  "application/vnd.android.package-archive",
]);

const BY_EXTENSION: Record<string, string> = {
  txt: "text/plain", md: "text/markdown", csv: "text/csv", json: "application/json", xml: "application/xml",
  html: "text/html", htm: "text/html", css: "text/css", js: "text/javascript", ts: "text/plain",
  pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif",
  webp: "image/webp", svg: "image/svg+xml", avif: "image/avif", heic: "image/heic", bmp: "image/bmp",
  mp3: "audio/mpeg", wav: "audio/wav", ogg: "audio/ogg", m4a: "audio/mp4", flac: "audio/flac",
  mp4: "video/mp4", mov: "video/quicktime", webm: "video/webm", mkv: "video/x-matroska",
  zip: "application/zip", gz: "application/gzip", tar: "application/x-tar", "7z": "application/x-7z-compressed",
  doc: "application/msword", xls: "application/vnd.ms-excel", ppt: "application/vnd.ms-powerpoint",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text", epub: "application/epub+zip", rtf: "application/rtf",
};

/** A type guessed from the file name's extension, or application/octet-stream. */
export function typeFromName(name: string): string {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  return BY_EXTENSION[ext] ?? "application/octet-stream";
}

const startsWith = (b: Uint8Array, sig: number[], offset = 0) =>
  b.length >= offset + sig.length && sig.every((v, i) => b[offset + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** The type the bytes prove, or null when they prove nothing. */
export function sniffBytes(head: Uint8Array): string | null {
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return "application/x-executable";
  if (startsWith(head, [0x4d, 0x5a])) return "application/x-dosexec";
  for (const sig of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]]) {
    if (startsWith(head, sig)) return "application/x-mach-binary";
  }
  if (startsWith(head, [0x23, 0x21])) return "text/x-shellscript";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return "image/gif";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WAVE") return "audio/wav";
  if (ascii(head, 0, 5) === "%PDF-") return "application/pdf";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return "application/zip";
  if (startsWith(head, [0x1f, 0x8b])) return "application/gzip";
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return "application/x-7z-compressed";
  if (ascii(head, 4, 8) === "ftyp") return "video/mp4";
  if (ascii(head, 0, 4) === "OggS") return "audio/ogg";
  if (ascii(head, 0, 4) === "fLaC") return "audio/flac";
  if (ascii(head, 0, 3) === "ID3") return "audio/mpeg";
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return "video/webm";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head.subarray(0, 1024)).trimStart().toLowerCase();
  if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<script")) return "text/html";
  if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.includes("<svg"))) return "image/svg+xml";
  if (text.startsWith("{\\rtf")) return "application/rtf";
  return null;
}

/**
 * The type to store: what the bytes prove wins over the declared label,
 * except where a container legitimately holds a more precise type (an Office
 * document is a zip; a QuickTime or M4A file is an ISO box file).
 */
export function decideType(head: Uint8Array, declared: string, name: string): string {
  const label = declared && declared !== "application/octet-stream" ? declared.toLowerCase() : typeFromName(name);
  const sniffed = sniffBytes(head);
  if (!sniffed) return label;
  if (sniffed === "application/zip" && (ZIP_BASED.has(label) || label.endsWith("+zip"))) return label;
  if (sniffed === "video/mp4" && /^(video|audio)\/|^image\/(heic|heif|avif)$/.test(label)) return label;
  if (sniffed === "audio/ogg" && label === "video/ogg") return label;
  if (sniffed === "video/webm" && /^(video|audio)\/(webm|x-matroska)$/.test(label)) return label;
  return sniffed;
}
