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

/** Can the browser show this kind in the preview overlay? */
export function canPreview(mime: string | null | undefined, name = ''): boolean {
  const kind = fileKind(mime, name);
  return kind === 'image' || kind === 'video' || kind === 'audio' || kind === 'pdf' || kind === 'text';
}

/** A short label for the type column ("PNG image", "PDF", "Folder"). */
export function typeLabel(mime: string | null | undefined, name = ''): string {
  const kind = fileKind(mime, name);
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toUpperCase();
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
