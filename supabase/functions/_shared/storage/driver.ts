/**
 * One interface for every place file bytes can live (local disk, any S3
 * service). Objects are immutable and named by an id the SQL hands out,
 * never by a user's file name.
 */
import { HttpError } from "../http.ts";

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

/**
 * The disk or volume has no room for the bytes (ENOSPC, or a filesystem
 * quota: EDQUOT). 507 Insufficient Storage, as WebDAV names it; the driver
 * has removed whatever it had written, and the caller drops the upload.
 */
export class StorageFullError extends HttpError {
  constructor() {
    super(507, "PT507", "The storage is full: nothing was stored. Try again when space has been freed.");
  }
}

/** The storage service cannot be reached or answers 5xx (S3 down): 503 with Retry-After, nothing stored. */
export class StorageUnavailableError extends HttpError {
  constructor() {
    super(503, "PT503", "The storage service is unavailable: nothing was stored. Try again shortly.", null, null, {
      "retry-after": "5",
    });
  }
}

/** Transport failures: the service did not answer at all (after the SDK's own retries). */
const UNREACHABLE = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH",
  "TimeoutError", "RequestTimeout", "RequestTimeoutException",
]);

/**
 * An S3 service down or failing rather than refusing this request: an AWS
 * SDK error (ours or @tus/s3-store's: both carry `$metadata`) with no HTTP
 * answer (refused, reset, timed out, once the SDK's retries are spent) or a
 * 5xx/SlowDown after them.
 */
function s3ServiceDown(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!e || typeof e !== "object" || !e.$metadata) return false;
  const status = e.$metadata.httpStatusCode;
  if (typeof status === "number") return status >= 500 || e.name === "SlowDown";
  return UNREACHABLE.has(e.code ?? "") || UNREACHABLE.has(e.name ?? "");
}

/** The storage fault `err` is (full or unavailable), recognising the system's ENOSPC/EDQUOT and S3 outages; else null. */
export function storageFault(err: unknown): StorageFullError | StorageUnavailableError | null {
  if (err instanceof StorageFullError || err instanceof StorageUnavailableError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOSPC" || code === "EDQUOT") return new StorageFullError();
  return s3ServiceDown(err) ? new StorageUnavailableError() : null;
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
