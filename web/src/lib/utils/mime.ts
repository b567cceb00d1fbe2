// What kind of thing a MIME type is: for icons, previews and type filters.

export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'text' | 'archive' | 'document' | 'other';

const TEXT_TYPES = new Set([
  'application/json', 'application/xml', 'application/javascript', 'application/x-javascript',
  'application/typescript', 'application/x-sh', 'application/sql', 'application/x-yaml',
  'application/yaml', 'application/toml', 'application/x-httpd-php', 'application/ld+json',
]);
const TEXT_EXTENSIONS = /\.(txt|md|markdown|csv|tsv|log|json|ya?ml|toml|ini|conf|xml|html?|css|scss|js|mjs|cjs|ts|tsx|jsx|svelte|vue|py|rb|go|rs|java|kt|c|h|cpp|hpp|cs|php|sh|bash|zsh|sql|env|gitignore|dockerfile)$/i;
const ARCHIVE = /(zip|x-tar|gzip|x-7z|x-rar|x-bzip2|x-xz|compressed)/;
const DOCUMENT = /(msword|officedocument|opendocument|rtf|vnd\.ms-|keynote|pages|numbers)/;

/** The kind of a file, from its MIME type and, failing that, its name. */
export function fileKind(mime: string | null | undefined, name = ''): FileKind {
  const m = (mime || '').toLowerCase().split(';')[0].trim();
  if (m.startsWith('image/')) return 'image';
  if (m.startsWith('video/')) return 'video';
  if (m.startsWith('audio/')) return 'audio';
  if (m === 'application/pdf') return 'pdf';
  if (m.startsWith('text/') || TEXT_TYPES.has(m) || m.endsWith('+json') || m.endsWith('+xml')) return 'text';
  if (ARCHIVE.test(m)) return 'archive';
  if (DOCUMENT.test(m)) return 'document';
  if ((!m || m === 'application/octet-stream') && TEXT_EXTENSIONS.test(name)) return 'text';
  return 'other';
}

const KIND_BY_EXTENSION: Record<string, FileKind> = {};
for (const [kind, list] of [
  ['image', 'png jpg jpeg jpe jfif gif webp svg avif heic heif bmp ico tif tiff'],
  ['video', 'mp4 m4v mov webm mkv avi wmv mpg mpeg ogv 3gp'],
  ['audio', 'mp3 wav ogg oga opus m4a aac flac wma mid midi'],
  ['pdf', 'pdf'],
  ['archive', 'zip gz tgz tar 7z rar bz2 xz zst'],
  ['document', 'doc docx xls xlsx ppt pptx odt ods odp rtf epub pages numbers key'],
] as const) {
  for (const ext of list.split(' ')) KIND_BY_EXTENSION[ext] = kind;
}

/**
 * The extension a computer will act on once the file is saved: what follows
 * the last dot, after the trailing dots and spaces Windows drops ("evil.bat."
 * is saved as evil.bat). Empty when the name has none (".bashrc" included).
 */
export function realExtension(name: string): string {
  const trimmed = name.replace(/[. ]+$/, '');
  const dot = trimmed.lastIndexOf('.');
  return dot > 0 ? trimmed.slice(dot + 1) : '';
}

/**
 * The kind a file's icon and type label show. A name's real extension says
 * what the file becomes on the person's computer, so when it has one, it
 * decides ("x\u202Egpj.html" stored as image/jpeg shows as HTML, not as a
 * picture; an unknown or dangerous extension shows as a plain file); a name
 * without one shows its stored type.
 */
export function iconKind(mime: string | null | undefined, name = ''): FileKind {
  const ext = realExtension(name).toLowerCase();
  if (!ext) return fileKind(mime, name);
  return KIND_BY_EXTENSION[ext] ?? (TEXT_EXTENSIONS.test(`.${ext}`) ? 'text' : 'other');
}

/** Can the browser show this kind in the preview overlay? */
export function canPreview(mime: string | null | undefined, name = ''): boolean {
  const kind = fileKind(mime, name);
  return kind === 'image' || kind === 'video' || kind === 'audio' || kind === 'pdf' || kind === 'text';
}

/** A short label for the type column ("PNG image", "PDF", "Folder"). */
export function typeLabel(mime: string | null | undefined, name = ''): string {
  const kind = iconKind(mime, name);
  const real = realExtension(name);
  const ext = /^[a-z0-9]{1,8}$/i.test(real) ? real.toUpperCase() : undefined;
  switch (kind) {
    case 'image': return `${ext ?? 'Image'} image`;
    case 'video': return `${ext ?? ''} video`.trim();
    case 'audio': return `${ext ?? ''} audio`.trim();
    case 'pdf': return 'PDF';
    case 'text': return ext ? `${ext} file` : 'Text';
    case 'archive': return `${ext ?? ''} archive`.trim();
    case 'document': return ext ? `${ext} document` : 'Document';
    default: return ext ? `${ext} file` : 'File';
  }
}

/** How the preview shows a file: its content in one of these forms, or 'none' ("No preview available", with Download). */
export type PreviewKind = 'image' | 'video' | 'audio' | 'pdf' | 'markdown' | 'csv' | 'tsv' | 'text' | 'none';

/** The preview's form for a file, from its type and name. */
export function previewKind(mime: string | null | undefined, name = ''): PreviewKind {
  const m = (mime || '').toLowerCase().split(';')[0].trim();
  // SVG can carry script; the API serves it as a download (octet-stream), never inline.
  if (m === 'image/svg+xml' || /\.svgz?$/i.test(name)) return 'none';
  const kind = fileKind(mime, name);
  if (kind === 'image' || kind === 'video' || kind === 'audio' || kind === 'pdf') return kind;
  if (kind !== 'text') return 'none';
  if (m === 'text/markdown' || m === 'text/x-markdown' || /\.(md|markdown)$/i.test(name)) return 'markdown';
  if (m === 'text/csv' || /\.csv$/i.test(name)) return 'csv';
  if (m === 'text/tab-separated-values' || /\.tsv$/i.test(name)) return 'tsv';
  return 'text';
}

/** Types the edge makes a thumbnail of (app.thumbnail_maker says the same in SQL). */
const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif']);
/** Types whose thumbnail the uploading browser draws: a PDF's first page, a video's frame. */
const DRAWN_TYPES = new Set(['application/pdf', 'video/webm', 'video/mp4', 'video/ogg', 'video/quicktime']);

const essence = (mime: string) => mime.split(';')[0].trim().toLowerCase();

/** Whether a file of this type gets a thumbnail. */
export function hasThumbnail(mime: string | null | undefined): boolean {
  return !!mime && (THUMBNAIL_TYPES.has(essence(mime)) || DRAWN_TYPES.has(essence(mime)));
}

/** Whether the browser that uploads a file of this type draws its thumbnail. */
export function drawsThumbnail(mime: string | null | undefined): boolean {
  return !!mime && DRAWN_TYPES.has(essence(mime));
}
