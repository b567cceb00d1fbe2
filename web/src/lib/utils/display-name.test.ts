import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, nameRuns, visibleName } from './display-name';
import { iconKind, realExtension, typeLabel } from './mime';

const RLO = '\u202E';

describe('names that try to disguise themselves', () => {
  it('show a right-to-left override as its code point, so the real extension reads last', () => {
    const name = `x${RLO}gpj.html`;
    expect(nameRuns(name)).toEqual([{ text: 'x' }, { text: 'U+202E', hidden: 'U+202E' }, { text: 'gpj.html' }]);
    expect(visibleName(name)).toBe('x⟨U+202E⟩gpj.html');
    expect(hasHiddenCharacters(name)).toBe(true);
  });

  it('show every bidi control, zero-width character, C0/C1 control and line separator', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C',
      '\u200B', '\u2060', '\uFEFF', '\u00AD', '\u0007', '\u0085', '\u009B', '\u2028', '\u2029']) {
      const cp = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(visibleName(`a${c}b.txt`)).toBe(`a⟨${cp}⟩b.txt`);
    }
    // A joiner between Latin letters is invisible too.
    expect(visibleName('re\u200Dport.pdf')).toBe('re⟨U+200D⟩port.pdf');
  });

  it('leave ordinary names alone, joiners that build an emoji or a Persian word included', () => {
    for (const name of ['report.pdf', 'Résumé 2026.docx', 'שלום.txt', 'تقرير.pdf', '👩‍💻 notes.md', 'می‌خواهم.txt', '日本語.png']) {
      expect(visibleName(name)).toBe(name);
      expect(hasHiddenCharacters(name)).toBe(false);
    }
  });

  it('take the icon and type label from the real extension, not the picture the name draws', () => {
    const name = `x${RLO}gpj.html`;
    expect(realExtension(name)).toBe('html');
    expect(iconKind('image/jpeg', name)).toBe('text');
    expect(typeLabel('image/jpeg', name)).toBe('HTML file');
    // Windows drops trailing dots and spaces: this is a .bat file.
    expect(realExtension('evil.bat. ')).toBe('bat');
    expect(iconKind('image/png', 'evil.bat.')).toBe('other');
    expect(typeLabel('image/png', 'evil.bat.')).toBe('BAT file');
    // Names that agree with their type, and names without an extension, show their type.
    expect(iconKind('image/png', 'photo.png')).toBe('image');
    expect(iconKind('image/png', 'photo')).toBe('image');
    expect(iconKind('application/pdf', 'paper.PDF')).toBe('pdf');
    expect(iconKind(null, '.bashrc')).toBe('other');
    expect(typeLabel('image/png', 'photo.png')).toBe('PNG image');
  });
});
