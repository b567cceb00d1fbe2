import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from './save-download';

describe('the filename of a download', () => {
  it('reads a quoted filename', () => {
    expect(filenameFromDisposition('attachment; filename="activity-2026-12-02.csv"')).toBe('activity-2026-12-02.csv');
  });

  it('prefers the encoded filename* form', () => {
    expect(filenameFromDisposition(`attachment; filename="a.csv"; filename*=UTF-8''journ%C3%A9e.csv`)).toBe('journée.csv');
  });

  it('reads a bare filename and keeps only its last segment', () => {
    expect(filenameFromDisposition('attachment; filename=../../etc/passwd')).toBe('passwd');
    expect(filenameFromDisposition('attachment; filename="..\\\\evil.csv"')).toBe('evil.csv');
  });

  it('has none without the header or the parameter', () => {
    expect(filenameFromDisposition(null)).toBeNull();
    expect(filenameFromDisposition('attachment')).toBeNull();
  });
});
