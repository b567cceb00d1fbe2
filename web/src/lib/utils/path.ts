// Path logic of the drive: breadcrumbs from a folder's ancestry, and the
// folders a dropped folder tree needs before its files can upload.

export interface Crumb {
  /** null is the root ("My Drive"). */
  id: string | null;
  name: string;
}

export interface CrumbView {
  /** Crumbs shown inline, in order. */
  visible: Crumb[];
  /** Crumbs folded into an overflow menu (shown after the first visible one). */
  hidden: Crumb[];
}

/** Breadcrumbs for a folder, from its ancestry (root first, as rpc/folder_path returns it). */
export function breadcrumbs(ancestry: { id: string; name: string }[], rootName = 'My Drive'): Crumb[] {
  return [{ id: null, name: rootName }, ...ancestry.map((f) => ({ id: f.id, name: f.name }))];
}

/**
 * Folds long trails: keeps the root and the last `tail` crumbs visible and
 * puts the middle into an overflow menu, like Drive does on narrow screens.
 */
export function foldCrumbs(crumbs: Crumb[], max = 4, tail = 2): CrumbView {
  if (crumbs.length <= max) return { visible: crumbs, hidden: [] };
  return {
    visible: [crumbs[0], ...crumbs.slice(crumbs.length - tail)],
    hidden: crumbs.slice(1, crumbs.length - tail),
  };
}

/** Splits "a/b/c.txt" into its folder parts and the file name; rejects "." and ".." parts. */
export function splitRelativePath(relativePath: string): { dirs: string[]; name: string } {
  const parts = relativePath.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new Error(`Refusing a path that climbs out of its folder: ${relativePath}`);
  const name = parts.pop() ?? '';
  return { dirs: parts, name };
}

/**
 * The folder paths a set of relative file paths needs, parents before
 * children and each once ("a", "a/b", ...), so they can be created in order.
 */
export function foldersToCreate(relativePaths: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of relativePaths) {
    const { dirs } = splitRelativePath(p);
    for (let i = 1; i <= dirs.length; i++) {
      const key = dirs.slice(0, i).join('/');
      if (!seen.has(key)) {
        seen.add(key);
        out.push(key);
      }
    }
  }
  return out.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/** The parent path of "a/b/c" ("a/b"), or "" for a top-level name. */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The last part of a path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** "report.pdf" -> "report (1).pdf": a free name when `taken` holds names already used (case-insensitive). */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 1; ; i++) {
    const candidate = `${stem} (${i})${ext}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The separator between the folders of a location ("My Drive › Photos"). */
export const LOCATION_SEPARATOR = ' › ';

/** A file's location as folderLocation gives it. */
export interface FolderLocation {
  /** The path, its middle folded into "…" when long. */
  short: string;
  /** The whole path, for a tooltip. */
  full: string;
  /** `short` up to the file's own folder, separator included ("My Drive › Photos › "), or "" at the top. */
  lead: string;
  /** The file's own folder, the part that tells two same-named files apart: kept whole when the line is cut short. */
  last: string;
}

/**
 * Where a file is, as one line of text: its folder path from "My Drive" (or
 * `rootName`: "Shared with me" for a search inside a shared folder) down
 * (rpc/search_files' folder_path), the middle folded into "…" when long, each
 * name as `show` draws it.
 */
export function folderLocation(
  path: { id: string; name: string }[],
  show: (name: string) => string = (n) => n,
  max = 4,
  rootName = 'My Drive',
): FolderLocation {
  const crumbs = breadcrumbs(path, rootName).map((c) => (c.id === null ? c.name : show(c.name)));
  const full = crumbs.join(LOCATION_SEPARATOR);
  const parts =
    crumbs.length <= max
      ? crumbs
      : (([first, ...rest]) => [first, '…', ...rest])(foldCrumbs(crumbs.map((name, i) => ({ id: String(i), name })), max).visible.map((c) => c.name));
  const last = parts[parts.length - 1];
  const lead = parts.length > 1 ? parts.slice(0, -1).join(LOCATION_SEPARATOR) + LOCATION_SEPARATOR : '';
  return { short: parts.join(LOCATION_SEPARATOR), full, lead, last };
}
