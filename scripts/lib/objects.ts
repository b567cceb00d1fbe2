/**
 * The storage half of backup, restore and fsck (scripts/backup.mjs,
 * restore.mjs, fsck.mjs), run under Deno so it reaches objects through the
 * drive's own storage drivers (fs or s3, configured by the same variables as
 * the functions). The Node scripts talk to the database and hand this a list
 * of objects in a JSON file; it answers one JSON report on stdout.
 *
 *   deno run -A scripts/lib/objects.ts export <list.json> <backup dir>   live store → backup
 *   deno run -A scripts/lib/objects.ts import <list.json> <backup dir>   backup → live store
 *   deno run -A scripts/lib/objects.ts check  <list.json> [--quick]      live store against the list
 *
 * The list: `{ objects: [{ key, size, sha256 }], known?: [key] }`; `known`
 * names objects that may exist unreferenced (uploads in flight), not orphans.
 * A backup's objects live in an fs store of their own under the backup dir,
 * so they are written as the live ones are: to a temporary file, fsynced,
 * renamed, measured while streaming.
 */
import { ObjectExistsError, type StorageDriver } from "../../supabase/functions/_shared/storage/driver.ts";
import { createFsDriver } from "../../supabase/functions/_shared/storage/fs.ts";
import { loadStorage } from "../../supabase/functions/_shared/storage/index.ts";
import { Meter } from "../../supabase/functions/_shared/storage/measure.ts";

export interface ListedObject {
  key: string;
  /** Recorded at upload; null when nobody recorded it (avatars). */
  size: number | null;
  sha256: string | null;
}

export interface CopyReport {
  copied: number;
  reused: number;
  bytes: number;
  /** Checksums measured while copying, for objects that had none recorded. */
  measured: Record<string, { size: number; sha256: string }>;
  missing: string[];
  mismatched: string[];
}

/**
 * Copies each listed object from `from` to `to`, streaming, checking size and
 * sha256 against the list. An object already in `to` with the right size is
 * reused: objects are immutable, so a second backup copies only new ones.
 * A copy whose bytes do not match is deleted again and reported.
 */
export async function copyObjects(from: StorageDriver, to: StorageDriver, objects: ListedObject[]): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, reused: 0, bytes: 0, measured: {}, missing: [], mismatched: [] };
  for (const object of objects) {
    const present = await to.stat(object.key);
    if (present && (object.size === null || present.size === object.size)) {
      // Nobody recorded this one's checksum (avatars): the manifest gets the backup copy's.
      if (object.sha256 === null) report.measured[object.key] = await measured(to, object.key);
      report.reused++;
      continue;
    }
    if (!(await from.stat(object.key))) {
      report.missing.push(object.key);
      continue;
    }
    let written;
    try {
      written = await to.write(object.key, await from.read(object.key));
    } catch (err) {
      if (!(err instanceof ObjectExistsError)) throw err;
      // A same-named object of another size: never overwritten, reported.
      report.mismatched.push(object.key);
      continue;
    }
    const sizeOk = object.size === null || written.size === object.size;
    const shaOk = object.sha256 === null || written.sha256 === object.sha256;
    if (!sizeOk || !shaOk) {
      await to.delete(object.key);
      report.mismatched.push(object.key);
      continue;
    }
    if (object.sha256 === null) report.measured[object.key] = { size: written.size, sha256: written.sha256 };
    report.copied++;
    report.bytes += written.size;
  }
  return report;
}

/** Size and sha256 of a stored object, read through. */
async function measured(store: StorageDriver, key: string): Promise<{ size: number; sha256: string }> {
  const meter = new Meter();
  for await (const chunk of await store.read(key)) meter.update(chunk);
  const { size, sha256 } = meter.result();
  return { size, sha256 };
}

export interface CheckReport {
  checked: number;
  bytes: number;
  missing: string[];
  mismatched: string[];
  orphans: string[];
}

/** Reads every listed object back and hashes it (or only stats it, `quick`), then lists objects nothing references. */
export async function checkObjects(
  store: StorageDriver,
  objects: ListedObject[],
  known: string[] = [],
  { quick = false } = {},
): Promise<CheckReport> {
  const report: CheckReport = { checked: 0, bytes: 0, missing: [], mismatched: [], orphans: [] };
  for (const object of objects) {
    const info = await store.stat(object.key);
    report.checked++;
    if (!info) {
      report.missing.push(object.key);
      continue;
    }
    if (object.size !== null && info.size !== object.size) {
      report.mismatched.push(object.key);
      continue;
    }
    report.bytes += info.size;
    if (quick || object.sha256 === null) continue;
    if ((await measured(store, object.key)).sha256 !== object.sha256) report.mismatched.push(object.key);
  }
  const referenced = new Set([...objects.map((o) => o.key), ...known]);
  for await (const object of store.list()) {
    if (!referenced.has(object.key)) report.orphans.push(object.key);
  }
  return report;
}

if (import.meta.main) {
  const [command, listFile, dir] = Deno.args;
  const list = JSON.parse(await Deno.readTextFile(listFile)) as { objects: ListedObject[]; known?: string[] };
  const live = await loadStorage();
  let report;
  if (command === "export") report = await copyObjects(live, createFsDriver(dir), list.objects);
  else if (command === "import") report = await copyObjects(createFsDriver(dir), live, list.objects);
  else if (command === "check") report = await checkObjects(live, list.objects, list.known, { quick: Deno.args.includes("--quick") });
  else throw new Error(`objects.ts: unknown command ${command}`);
  console.log(JSON.stringify(report));
}
