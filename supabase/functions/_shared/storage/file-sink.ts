/**
 * Streams a body into an open file as fast as the disk allows, with memory
 * bounded by two write buffers whatever the body's size:
 * - byte streams (request bodies, files) are read straight into the write
 *   buffer (BYOB), so no chunk is allocated per read and V8 has no garbage;
 * - two buffers take turns: one fills from the network while the other is
 *   being written; a full buffer is hashed in one call while the disk writes
 *   it, so receiving, hashing and writing overlap;
 * - an fdatasync starts in the background every SYNC_EVERY bytes, so the disk
 *   flushes while bytes still arrive and the final sync has little left.
 */
import type { Meter } from "./measure.ts";

const WRITE_BUFFER = 1024 * 1024;
const SYNC_EVERY = 32 * 1024 * 1024;

/** Copies `body` into `file`, feeding every byte to `meter`; durable on disk when it resolves. */
export async function streamToFile(body: ReadableStream<Uint8Array>, file: Deno.FsFile, meter: Meter): Promise<void> {
  const sink = new FileSink(file, meter);
  try {
    const byob = byobReader(body);
    if (byob) await sink.readFrom(byob);
    else await sink.copyFrom(body.getReader());
    await sink.finish();
  } finally {
    await sink.settle();
  }
}

/** A BYOB reader when `body` is a byte stream (request bodies and files are), else null. */
function byobReader(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return body.getReader({ mode: "byob" });
  } catch {
    return null;
  }
}

class FileSink {
  #buffers = [new Uint8Array(WRITE_BUFFER), new Uint8Array(WRITE_BUFFER)];
  #current = 0;
  #filled = 0;
  #writing: Promise<void> = Promise.resolve();
  #syncing: Promise<void> | null = null;
  #syncError: unknown = null;
  #unsynced = 0;

  constructor(private readonly file: Deno.FsFile, private readonly meter: Meter) {}

  /** Reads a byte stream straight into the free buffer. */
  async readFrom(reader: ReadableStreamBYOBReader): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await reader.read(this.#buffers[this.#current].subarray(this.#filled));
        // Every read, the last one included, hands the (transferred) buffer back in `value`.
        if (value) this.#buffers[this.#current] = new Uint8Array(value.buffer);
        if (done || !value) return;
        this.meter.count(value.byteLength);
        this.#filled += value.byteLength;
        if (this.#filled === WRITE_BUFFER) await this.#flush();
      }
    } catch (err) {
      await reader.cancel().catch(() => {});
      throw err;
    }
  }

  /** Copies the chunks of any other stream into the free buffer. */
  async copyFrom(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.meter.count(value.byteLength);
        for (let from = 0; from < value.byteLength;) {
          const take = Math.min(value.byteLength - from, WRITE_BUFFER - this.#filled);
          this.#buffers[this.#current].set(value.subarray(from, from + take), this.#filled);
          this.#filled += take;
          from += take;
          if (this.#filled === WRITE_BUFFER) await this.#flush();
        }
      }
    } catch (err) {
      await reader.cancel().catch(() => {});
      throw err;
    }
  }

  /** Writes what is buffered and makes the whole file durable. */
  async finish(): Promise<void> {
    await this.#flush();
    await this.#writing;
    await this.#syncing;
    if (this.#syncError) throw this.#syncError;
    await this.file.syncData();
  }

  /** Waits for anything still in flight, so the file can be closed. */
  async settle(): Promise<void> {
    await this.#writing.catch(() => {});
    await this.#syncing;
  }

  /** Starts writing the current buffer once the other one is written, then switches to it. */
  async #flush(): Promise<void> {
    await this.#writing;
    if (this.#filled === 0) return;
    const bytes = this.#buffers[this.#current].subarray(0, this.#filled);
    this.#writing = this.#writeAll(bytes);
    // Handled here so a failure waiting for the next flush is never "unhandled"; awaiting it still throws.
    this.#writing.catch(() => {});
    this.meter.digest(bytes);
    this.#current ^= 1;
    this.#filled = 0;
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    for (let offset = 0; offset < bytes.byteLength;) offset += await this.file.write(bytes.subarray(offset));
    this.#unsynced += bytes.byteLength;
    if (this.#unsynced >= SYNC_EVERY && !this.#syncing) {
      this.#unsynced = 0;
      this.#syncing = this.file.syncData()
        .catch((err) => {
          this.#syncError ??= err;
        })
        .finally(() => {
          this.#syncing = null;
        });
    }
  }
}
