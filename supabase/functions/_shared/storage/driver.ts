/**
 * One interface for every place file bytes can live (local disk, any S3
 * service). Objects are immutable and named by an id the SQL hands out,
 * never by a user's file name.
 */

/** What a completed write measured while the bytes streamed through. */
export interface WriteResult {
  size: number;
  sha256: string;
  /** The first bytes (up to 4 KiB), for content sniffing. */
  head: Uint8Array;
}

export interface ObjectInfo {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/** A URL the client sends the bytes to directly (S3 presigned PUT). */
export interface DirectUpload {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
}

export interface DirectDownloadOptions {
  expiresIn: number;
  contentType: string;
  contentDisposition: string;
}

export class ObjectTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the object is larger than ${limit} bytes`);
  }
}

/** Objects are immutable: a second write to the same key is refused. */
export class ObjectExistsError extends Error {
  constructor(key: string) {
    super(`object ${key} already exists`);
  }
}

export class ObjectNotFoundError extends Error {
  constructor(key: string) {
    super(`no object ${key}`);
  }
}

export interface StorageDriver {
  readonly name: "fs" | "s3";
  /**
   * Streams `body` into object `key`. Resolves only once the object is
   * durable under its final name; a failed or oversized write leaves nothing
   * under that name. Throws ObjectTooLargeError past `maxBytes`, and
   * ObjectExistsError when the key is taken (objects are immutable).
   */
  write(key: string, body: ReadableStream<Uint8Array>, options?: { maxBytes?: number; contentType?: string }): Promise<WriteResult>;
  /** Streams an object, or the inclusive byte range of it. Throws ObjectNotFoundError. */
  read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /** The object's size and time, or null when it does not exist. */
  stat(key: string): Promise<ObjectInfo | null>;
  /** Deletes an object; deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** Every object, for the collector's sweep of unreferenced objects. */
  list(): AsyncIterable<ObjectInfo>;
  /** A presigned URL the client PUTs to, or null when bytes must come through the function. */
  directUpload(key: string, options: { size: number; contentType: string; expiresIn: number }): Promise<DirectUpload | null>;
  /** A presigned GET URL, or null when downloads stream through the function. */
  directDownload(key: string, options: DirectDownloadOptions): Promise<string | null>;
}

/** Object keys are ids the SQL made (uuid, optionally under a short prefix like `avatars/`): nothing else may reach the store. */
export function assertKey(key: string): void {
  if (!/^(?:[a-z]+\/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\.[a-z]{3,4})?$/.test(key)) {
    throw new Error(`invalid object key: ${JSON.stringify(key)}`);
  }
}
