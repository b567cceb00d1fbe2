/**
 * Zips streamed as they are built, the one zip writer of the house (the
 * drive's zips in `files`, a share link's in `share`): client-zip writes
 * each member as its bytes arrive, and each object is opened from the
 * storage driver only when the zip reaches it, so one file streams at a
 * time and nothing is staged on disk or in memory. Names are UTF-8, folders
 * are paths ("Reports/Old/"), and paths are made unique as they are written.
 */
import { makeZip, predictLength } from "client-zip";
import { storage } from "./storage/index.ts";

/** One member of a zip: a folder (path ending in "/", no object) or a file's object. */
export interface ZipEntry {
  path: string;
  objectKey: string | null;
  size: number | null;
  modified: Date;
}

/** "report.pdf" as its n-th copy: "report (2).pdf"; a folder or a name without extension: "Old (2)". */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/**
 * The entries with unique paths (case-insensitively, as Windows and macOS
 * extract them): a later "a.txt" beside an earlier one becomes "a (2).txt",
 * and a renamed folder carries everything under it.
 * Entries must come parents first (a folder's entry before its contents);
 * a path with no folder entry keeps its folder's path as it is.
 */
export function uniquePaths(entries: Iterable<ZipEntry>): ZipEntry[] {
  const taken = new Set<string>();
  const renamed = new Map<string, string>();
  const out: ZipEntry[] = [];
  for (const e of entries) {
    const isFolder = e.objectKey === null;
    const bare = isFolder ? e.path.replace(/\/+$/, "") : e.path;
    const cut = bare.lastIndexOf("/");
    const parent = cut < 0 ? "" : bare.slice(0, cut);
    const name = bare.slice(cut + 1) || "unnamed";
    const dir = parent === "" ? "" : `${renamed.get(parent) ?? parent}/`;
    let path = dir + name;
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = dir + numbered(name, n);
    taken.add(path.toLowerCase());
    if (isFolder) renamed.set(bare, path);
    out.push({ ...e, path: isFolder ? `${path}/` : path });
  }
  return out;
}

/** A name safe as a zip's own file name (the download's name, not a member's). */
export function zipFileName(name: string): string {
  // Control characters too: a header value cannot hold them.
  const safe = [...name].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? "_" : c)).join("");
  return `${safe || "download"}.zip`;
}

/** Client-zip's view of an entry: a folder has neither size nor input. */
function member(e: ZipEntry) {
  return e.objectKey === null ? { name: e.path, lastModified: e.modified } : { name: e.path, lastModified: e.modified, size: e.size ?? 0 };
}

/**
 * The zip of these entries (paths made unique) as a stream, and its exact
 * length, known before the first byte, so a browser shows real progress.
 */
export function zipStream(entries: Iterable<ZipEntry>): { body: ReadableStream<Uint8Array>; length: number } {
  const unique = uniquePaths(entries);
  const length = Number(predictLength(unique.map(member)));
  // Each object is opened only when the zip reaches it: one file streams at a time.
  async function* members() {
    for (const e of unique) {
      if (e.objectKey === null) yield { name: e.path, lastModified: e.modified };
      else yield { name: e.path, lastModified: e.modified, size: e.size ?? 0, input: await storage().read(e.objectKey) };
    }
  }
  return { body: makeZip(members(), { buffersAreUTF8: true }), length };
}
