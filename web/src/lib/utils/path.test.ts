import { describe, expect, it } from 'vitest';
import { breadcrumbs, foldCrumbs, folderLocation, foldersToCreate, splitRelativePath, uniqueName, parentPath, baseName } from './path';

describe('breadcrumbs', () => {
  it('starts at the root and follows the ancestry', () => {
    expect(breadcrumbs([])).toEqual([{ id: null, name: 'My Drive' }]);
    expect(breadcrumbs([{ id: 'a', name: 'Work' }, { id: 'b', name: 'Taxes' }])).toEqual([
      { id: null, name: 'My Drive' },
      { id: 'a', name: 'Work' },
      { id: 'b', name: 'Taxes' },
    ]);
  });

  it('folds the middle of long trails into a menu, keeping root and the last two', () => {
    const crumbs = breadcrumbs(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id.toUpperCase() })));
    const view = foldCrumbs(crumbs);
    expect(view.visible.map((c) => c.name)).toEqual(['My Drive', 'D', 'E']);
    expect(view.hidden.map((c) => c.name)).toEqual(['A', 'B', 'C']);
  });

  it('does not fold short trails', () => {
    const crumbs = breadcrumbs([{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }]);
    expect(foldCrumbs(crumbs)).toEqual({ visible: crumbs, hidden: [] });
  });
});

describe('relative paths of dropped folders', () => {
  it('splits a path into folders and a name', () => {
    expect(splitRelativePath('photos/2024/a.jpg')).toEqual({ dirs: ['photos', '2024'], name: 'a.jpg' });
    expect(splitRelativePath('a.jpg')).toEqual({ dirs: [], name: 'a.jpg' });
    expect(splitRelativePath('./x//y\\z.txt')).toEqual({ dirs: ['x', 'y'], name: 'z.txt' });
  });

  it('refuses paths that climb out', () => {
    expect(() => splitRelativePath('../etc/passwd')).toThrow(/climbs out/);
  });

  it('lists each folder once, parents before children', () => {
    expect(foldersToCreate(['p/2024/a.jpg', 'p/2024/b.jpg', 'p/c.txt', 'p/2023/x/y.png', 'top.txt'])).toEqual([
      'p',
      'p/2023',
      'p/2024',
      'p/2023/x',
    ]);
  });

  it('parent and base names', () => {
    expect(parentPath('a/b/c')).toBe('a/b');
    expect(parentPath('a')).toBe('');
    expect(baseName('a/b/c')).toBe('c');
  });
});

describe('uniqueName', () => {
  it('adds a counter before the extension when the name is taken', () => {
    expect(uniqueName('report.pdf', ['other.pdf'])).toBe('report.pdf');
    expect(uniqueName('report.pdf', ['Report.PDF'])).toBe('report (1).pdf');
    expect(uniqueName('report.pdf', ['report.pdf', 'report (1).pdf'])).toBe('report (2).pdf');
    expect(uniqueName('Folder', ['folder'])).toBe('Folder (1)');
  });
});

describe('folderLocation', () => {
  const f = (...names: string[]) => names.map((name, i) => ({ id: `f${i}`, name }));

  it('names My Drive for a file at the top, and the folders down to the file otherwise', () => {
    expect(folderLocation([])).toEqual({ short: 'My Drive', full: 'My Drive', lead: '', last: 'My Drive' });
    expect(folderLocation(f('Photos', '2024'))).toEqual({
      short: 'My Drive › Photos › 2024',
      full: 'My Drive › Photos › 2024',
      lead: 'My Drive › Photos › ',
      last: '2024',
    });
  });

  it('folds the middle of a deep path, keeping the whole path for a tooltip', () => {
    const where = folderLocation(f('A', 'B', 'C', 'D', 'E'));
    expect(where.short).toBe('My Drive › … › D › E');
    expect(where.full).toBe('My Drive › A › B › C › D › E');
    // The own folder apart, so a narrow line can cut the rest and keep it.
    expect([where.lead, where.last]).toEqual(['My Drive › … › D › ', 'E']);
    expect(where.lead + where.last).toBe(where.short);
  });

  it('draws folder names as asked (hidden characters shown), never the root label', () => {
    const where = folderLocation(f('x\u202Eevil'), (n) => n.replace('\u202E', '⟨U+202E⟩'));
    expect(where.short).toBe('My Drive › x⟨U+202E⟩evil');
  });

  it('starts at "Shared with me" for a file inside a folder shared with me', () => {
    expect(folderLocation(f('Team', 'Reports'), (n) => n, 4, 'Shared with me').short).toBe('Shared with me › Team › Reports');
  });
});
