/**
 * A pass-through stream that counts bytes, hashes them (SHA-256) and keeps
 * the first few KiB for sniffing: every driver measures the same way.
 */
import { createHash } from "node:crypto";
import { ObjectTooLargeError, type WriteResult } from "./driver.ts";

const HEAD_BYTES = 4096;

/** Counts, hashes and keeps the head of bytes fed to it chunk by chunk (no stream layer: the fast path). */
export class Meter {
  #hash = createHash("sha256");
  #head = new Uint8Array(HEAD_BYTES);
  #headLength = 0;
  size = 0;

  constructor(readonly maxBytes = Number.MAX_SAFE_INTEGER) {}

  /** Feeds one chunk; throws ObjectTooLargeError past the limit. */
  update(chunk: Uint8Array): void {
    this.count(chunk.byteLength);
    this.digest(chunk);
  }

  /** Counts bytes as they arrive (cheap, so a body past the limit stops at once); throws past the limit. */
  count(bytes: number): void {
    this.size += bytes;
    if (this.size > this.maxBytes) throw new ObjectTooLargeError(this.maxBytes);
  }

  /** Hashes counted bytes, in order, and keeps the head; large buffers are hashed fastest. */
  digest(chunk: Uint8Array): void {
    if (this.#headLength < HEAD_BYTES) {
      const take = Math.min(HEAD_BYTES - this.#headLength, chunk.byteLength);
      this.#head.set(chunk.subarray(0, take), this.#headLength);
      this.#headLength += take;
    }
    this.#hash.update(chunk);
  }

  result(): WriteResult {
    return { size: this.size, sha256: this.#hash.digest("hex"), head: this.#head.slice(0, this.#headLength) };
  }
}

export interface Measured {
  stream: ReadableStream<Uint8Array>;
  /** Available once `stream` has been read to its end. */
  result(): WriteResult;
}

/** Wraps `body`; the returned stream errors with ObjectTooLargeError past `maxBytes`. */
export function measure(body: ReadableStream<Uint8Array>, maxBytes = Number.MAX_SAFE_INTEGER): Measured {
  const hash = createHash("sha256");
  let size = 0;
  const head = new Uint8Array(HEAD_BYTES);
  let headLength = 0;
  let digest: string | null = null;
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        controller.error(new ObjectTooLargeError(maxBytes));
        return;
      }
      if (headLength < HEAD_BYTES) {
        const take = Math.min(HEAD_BYTES - headLength, chunk.byteLength);
        head.set(chunk.subarray(0, take), headLength);
        headLength += take;
      }
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      digest = hash.digest("hex");
    },
  });
  return {
    stream: body.pipeThrough(transform),
    result() {
      if (digest === null) throw new Error("the stream was not read to its end");
      return { size, sha256: digest, head: head.slice(0, headLength) };
    },
  };
}
