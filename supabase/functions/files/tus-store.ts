/**
 * Where a resumable upload keeps its bytes until the last one arrives. With
 * the `fs` driver that is a local folder (@tus/file-store, STORAGE_TUS_DIR).
 * With `s3` it is the bucket itself (@tus/s3-store, as supabase/storage does):
 * hosted Edge Functions give each worker its own ephemeral disk, so a PATCH
 * that resumes an upload on another worker must find the earlier bytes where
 * every worker can, as a multipart upload under `tus/<upload id>` (with the
 * upload's tus state in `tus/<upload id>.info` and a tail shorter than S3's
 * 5 MiB part minimum in `tus/<upload id>.part`). A PATCH spools each part to
 * the worker's temporary folder on its way to the bucket, never into memory.
 */
import { Readable } from "node:stream";
import { FileStore } from "@tus/file-store";
import type { DataStore } from "@tus/server";
import { config, type S3Config } from "../_shared/config.ts";

/** How long an unfinished upload's bytes are kept (its SQL reservation expires on its own clock). */
const EXPIRATION_MS = 24 * 3600 * 1000;

export interface TusParts {
  readonly store: DataStore;
  /** The id tus knows upload `uploadId` by (with `s3`, its key in the bucket). */
  tusId(uploadId: string): string;
  /** The upload id (the SQL's) behind a tus id. */
  uploadId(tusId: string): string;
  /** Streams the bytes of a finished upload. */
  read(tusId: string): Promise<ReadableStream<Uint8Array>>;
  /** Deletes what a finished (or refused) upload left behind; deleting twice is not an error. */
  discard(tusId: string): Promise<void>;
  /** Deletes the bytes of uploads past their expiry; answers how many things went. */
  deleteExpired(): Promise<number>;
}

/** The bucket's tus store (the S3 SDK it brings is loaded only with the s3 driver, as the driver's own is). */
async function bucketParts(s3: S3Config): Promise<TusParts> {
  const { S3Store } = await import("@tus/s3-store");
  /** A finished upload's leftovers go at once, a terminated one's tail part too. */
  class BucketStore extends S3Store {
    /** Deletes the completed object, the tus state and any tail part (remove() would first abort the finished multipart upload, and fail). */
    async discard(id: string): Promise<void> {
      await this.client.deleteObjects({
        Bucket: this.bucket,
        Delete: { Objects: [{ Key: id }, { Key: this.infoKey(id) }, { Key: this.partKey(id, true) }], Quiet: true },
      });
      await this.clearCache(id);
    }

    /** Termination (DELETE): S3Store aborts the multipart upload and deletes the state; the tail part goes too. */
    override async remove(id: string): Promise<void> {
      await super.remove(id);
      await this.deleteIncompletePart(id).catch(() => {});
    }
  }
  const store = new BucketStore({
    expirationPeriodInMilliseconds: EXPIRATION_MS,
    // Object tags (for lifecycle rules) are not supported by every S3 service (R2 has none).
    useTags: false,
    s3ClientConfig: {
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint ?? undefined,
      forcePathStyle: s3.forcePathStyle,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      // tus sends its parts as streams, which the SDK would by default frame as aws-chunked with
      // a trailing checksum; not every S3-compatible service unframes that (s3rver stores the
      // framing as bytes). Checksums only where an operation requires one, as the SDK did before 3.729.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    },
  });
  return {
    store,
    tusId: (uploadId) => `tus/${uploadId}`,
    uploadId: (tusId) => tusId.replace(/^tus\//, ""),
    read: async (tusId) => Readable.toWeb(await store.read(tusId)) as ReadableStream<Uint8Array>,
    discard: (tusId) => store.discard(tusId),
    // Aborts every multipart upload in the bucket begun more than a day ago (and their tus state):
    // besides tus's own, that is only what a write cut short by a crash left behind.
    deleteExpired: () => store.deleteExpired(),
  };
}

function folderParts(directory: string): TusParts {
  Deno.mkdirSync(directory, { recursive: true });
  const store = new FileStore({ directory, expirationPeriodInMilliseconds: EXPIRATION_MS });
  return {
    store,
    tusId: (uploadId) => uploadId,
    uploadId: (tusId) => tusId,
    read: async (tusId) => (await Deno.open(`${directory}/${tusId}`, { read: true })).readable,
    async discard(tusId) {
      await Deno.remove(`${directory}/${tusId}`).catch(() => {});
      await Deno.remove(`${directory}/${tusId}.json`).catch(() => {});
    },
    deleteExpired: () => store.deleteExpired(),
  };
}

let parts: Promise<TusParts> | null = null;

/** The tus store for the configured storage driver, made once. */
export function tusParts(): Promise<TusParts> {
  if (!parts) {
    const c = config();
    parts = (c.storage.driver === "s3" ? bucketParts(c.storage.s3) : Promise.resolve().then(() => folderParts(c.tusDir)))
      .catch((err) => {
        parts = null; // tried again next time
        throw err;
      });
  }
  return parts;
}
