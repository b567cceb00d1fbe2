import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format';
import { sortItems } from './sort';
import { canPreview, fileKind, previewKind } from './mime';

describe('format', () => {
  it('sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1073741824)).toBe('1 GB');
  });
  it('durations', () => {
    expect(formatDuration(5)).toBe('5 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3840)).toBe('1 h 4 min');
  });
});

describe('sortItems', () => {
  const items = [
    { kind: 'file' as const, name: 'b10.txt', updated_at: '2026-01-03T00:00:00Z', size: 5, mime_type: 'text/plain' },
    { kind: 'file' as const, name: 'b2.txt', updated_at: '2026-01-01T00:00:00Z', size: 50, mime_type: 'image/png' },
    { kind: 'folder' as const, name: 'Zeta', updated_at: '2026-01-02T00:00:00Z' },
    { kind: 'folder' as const, name: 'alpha', updated_at: '2026-01-04T00:00:00Z' },
  ];
  it('puts folders first and sorts names naturally', () => {
    expect(sortItems(items, 'name', 'asc').map((i) => i.name)).toEqual(['alpha', 'Zeta', 'b2.txt', 'b10.txt']);
  });
  it('sorts by size descending', () => {
    expect(sortItems(items, 'size', 'desc').map((i) => i.name)).toEqual(['alpha', 'Zeta', 'b2.txt', 'b10.txt']);
  });
  it('sorts by date', () => {
    expect(sortItems(items, 'updated_at', 'desc').map((i) => i.name)).toEqual(['alpha', 'Zeta', 'b10.txt', 'b2.txt']);
  });
});

describe('mime', () => {
  it('knows what the overlay can preview', () => {
    expect(fileKind('image/png')).toBe('image');
    expect(fileKind('application/octet-stream', 'main.rs')).toBe('text');
    expect(canPreview('application/pdf')).toBe(true);
    expect(canPreview('application/zip')).toBe(false);
  });
});

describe('previewKind', () => {
  it('renders Markdown, tables CSV and TSV, numbers other text, and offers a download for the rest', () => {
    expect(previewKind('text/markdown', 'README.md')).toBe('markdown');
    expect(previewKind('application/octet-stream', 'notes.markdown')).toBe('markdown');
    expect(previewKind('text/csv', 'q3.csv')).toBe('csv');
    expect(previewKind('text/tab-separated-values', 'q3.tsv')).toBe('tsv');
    expect(previewKind('text/plain', 'log.txt')).toBe('text');
    expect(previewKind('image/png', 'a.png')).toBe('image');
    expect(previewKind('application/zip', 'a.zip')).toBe('none');
    expect(previewKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx')).toBe('none');
  });

  it('never shows SVG inline (it can carry script; the API serves it as a download)', () => {
    expect(previewKind('image/svg+xml', 'logo.svg')).toBe('none');
    expect(previewKind('application/octet-stream', 'logo.svg')).toBe('none');
  });
});
