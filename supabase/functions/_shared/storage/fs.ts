/**
 * The local-disk driver (the default, under DATA_DIR/storage). A write goes
 * to a temporary file, is fsynced, then renamed into place, so a crash never
 * leaves a half-written object under a final name.
 */
import {
  assertKey,
  type ByteRange,
  type DirectUpload,
  ObjectExistsError,
  ObjectNotFoundError,
  type ObjectInfo,
  type StorageDriver,
  storageFault,
  type WriteResult,
} from "./driver.ts";
import { streamToFile } from "./file-sink.ts";
import { Meter } from "./measure.ts";

const CHUNK = 256 * 1024;

/** Creates an fs driver rooted at `root` (objects in `root/objects`, temporary files in `root/tmp`). */
export function createFsDriver(root: string): StorageDriver & { tmpDir: string; sweepTmp(olderThanMs: number): Promise<number> } {
  const objectsDir = `${root}/objects`;
  const tmpDir = `${root}/tmp`;

  function pathOf(key: string): string {
    assertKey(key);
    // Plain ids are spread over 256 folders so no folder grows huge.
    return key.includes("/") ? `${objectsDir}/${key}` : `${objectsDir}/${key.slice(0, 2)}/${key}`;
  }

  async function syncDir(dir: string): Promise<void> {
    // Makes the rename itself durable; not every platform lets a folder be opened.
    try {
      const handle = await Deno.open(dir, { read: true });
      try {
        await handle.sync();
      } finally {
        handle.close();
      }
    } catch { /* best effort */ }
  }

  /** Writes through a temporary file; a full disk is a StorageFullError with nothing left behind. */
  async function write(
    key: string,
    body: ReadableStream<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<WriteResult> {
    try {
      return await writeObject(key, body, options);
    } catch (err) {
      throw storageFault(err) ?? err;
    }
  }

  async function writeObject(key: string, body: ReadableStream<Uint8Array>, options: { maxBytes?: number }): Promise<WriteResult> {
    const finalPath = pathOf(key);
    await Deno.mkdir(tmpDir, { recursive: true });
    const tmpPath = `${tmpDir}/${crypto.randomUUID()}.part`;
    const file = await Deno.open(tmpPath, { write: true, createNew: true, mode: 0o600 });
    const meter = new Meter(options.maxBytes);
    let ok = false;
    try {
      await streamToFile(body, file, meter);
      ok = true;
    } finally {
      file.close();
      if (!ok) await Deno.remove(tmpPath).catch(() => {});
    }
    const dir = finalPath.slice(0, finalPath.lastIndexOf("/"));
    // link() fails when the name is taken, unlike rename(): an object, once
    // written, can never be replaced by a second write to the same key.
    try {
      await Deno.mkdir(dir, { recursive: true });
      await Deno.link(tmpPath, finalPath);
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) throw new ObjectExistsError(key);
      throw err;
    } finally {
      await Deno.remove(tmpPath).catch(() => {});
    }
    await syncDir(dir);
    return meter.result();
  }

  async function read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(pathOf(key), { read: true });
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) throw new ObjectNotFoundError(key);
      throw err;
    }
    // The whole object: Deno's own file stream is the leanest path.
    if (!range) return file.readable;
    let remaining = Infinity;
    if (range) {
      await file.seek(range.start, Deno.SeekMode.Start);
      remaining = range.end - range.start + 1;
    }
    let closed = false;
    const close = () => {
      if (!closed) {
        closed = true;
        file.close();
      }
    };
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const buffer = new Uint8Array(Math.min(CHUNK, remaining));
          const n = buffer.byteLength === 0 ? null : await file.read(buffer);
          if (n === null) {
            close();
            controller.close();
            return;
          }
          remaining -= n;
          controller.enqueue(n === buffer.byteLength ? buffer : buffer.subarray(0, n));
        } catch (err) {
          close();
          controller.error(err);
        }
      },
      cancel() {
        close();
      },
    }, { highWaterMark: 2 });
  }

  async function stat(key: string): Promise<ObjectInfo | null> {
    try {
      const info = await Deno.stat(pathOf(key));
      return { key, size: info.size, modifiedAt: info.mtime ?? new Date(0) };
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return null;
      throw err;
    }
  }

  async function remove(key: string): Promise<void> {
    try {
      await Deno.remove(pathOf(key));
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }

  async function* list(): AsyncIterable<ObjectInfo> {
    let dirs: Deno.DirEntry[];
    try {
      dirs = await Array.fromAsync(Deno.readDir(objectsDir));
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
    for (const dir of dirs) {
      if (!dir.isDirectory) continue;
      const sharded = /^[0-9a-f]{2}$/.test(dir.name);
      for await (const entry of Deno.readDir(`${objectsDir}/${dir.name}`)) {
        if (!entry.isFile) continue;
        const key = sharded ? entry.name : `${dir.name}/${entry.name}`;
        const info = await stat(key).catch(() => null);
        if (info) yield info;
      }
    }
  }

  /** Removes temporary files older than `olderThanMs` (writes cut short by a crash). */
  async function sweepTmp(olderThanMs: number): Promise<number> {
    let removed = 0;
    try {
      for await (const entry of Deno.readDir(tmpDir)) {
        const path = `${tmpDir}/${entry.name}`;
        const info = await Deno.stat(path).catch(() => null);
        if (info?.mtime && Date.now() - info.mtime.getTime() > olderThanMs) {
          await Deno.remove(path).catch(() => {});
          removed++;
        }
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    return removed;
  }

  return {
    name: "fs",
    tmpDir,
    sweepTmp,
    write,
    read,
    stat,
    delete: remove,
    list,
    directUpload: (): Promise<DirectUpload | null> => Promise.resolve(null),
    directDownload: (): Promise<string | null> => Promise.resolve(null),
  };
}
