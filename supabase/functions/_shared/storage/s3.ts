/**
 * The S3 driver: any S3-compatible service (AWS S3, Cloudflare R2, MinIO,
 * Supabase Storage's S3 endpoint). Clients PUT and GET bytes straight to the
 * bucket with presigned URLs; bytes that do pass through a function (store_file,
 * tus, avatars) are sent as a multipart upload of bounded parts, so memory
 * stays flat whatever the file size.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { S3Config } from "../config.ts";
import {
  assertKey,
  type ByteRange,
  type DirectDownloadOptions,
  type DirectUpload,
  ObjectExistsError,
  ObjectNotFoundError,
  type ObjectInfo,
  type StorageDriver,
  storageFault,
  type WriteResult,
} from "./driver.ts";
import { measure } from "./measure.ts";

const PART_SIZE = 8 * 1024 * 1024;
const PREFIX = "objects/";

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

/** Creates an S3 driver for one bucket. */
export function createS3Driver(config: S3Config): StorageDriver {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint ?? undefined,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  // Every call goes through here, so a service that is down is one typed error everywhere.
  const send: S3Client["send"] = (async (command: Parameters<S3Client["send"]>[0]) => {
    try {
      return await client.send(command);
    } catch (err) {
      throw storageFault(err) ?? err;
    }
  }) as S3Client["send"];
  const Bucket = config.bucket;
  const keyOf = (key: string) => {
    assertKey(key);
    return PREFIX + key;
  };

  async function stat(key: string): Promise<ObjectInfo | null> {
    try {
      const head = await send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }));
      return { key, size: Number(head.ContentLength ?? 0), modifiedAt: head.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Reads up to PART_SIZE bytes from a reader into one buffer; an empty buffer means the end. */
  async function nextPart(reader: ReadableStreamDefaultReader<Uint8Array>, carry: { rest: Uint8Array | null }) {
    const part = new Uint8Array(PART_SIZE);
    let length = 0;
    for (;;) {
      const chunk = carry.rest ?? (await reader.read()).value ?? null;
      carry.rest = null;
      if (!chunk) return part.subarray(0, length);
      const take = Math.min(chunk.byteLength, PART_SIZE - length);
      part.set(chunk.subarray(0, take), length);
      length += take;
      if (take < chunk.byteLength) carry.rest = chunk.subarray(take);
      if (length === PART_SIZE) return part;
    }
  }

  async function write(
    key: string,
    body: ReadableStream<Uint8Array>,
    options: { maxBytes?: number; contentType?: string } = {},
  ): Promise<WriteResult> {
    const Key = keyOf(key);
    if (await stat(key)) throw new ObjectExistsError(key);
    const measured = measure(body, options.maxBytes);
    const reader = measured.stream.getReader();
    const carry = { rest: null as Uint8Array | null };
    const first = await nextPart(reader, carry);
    if (first.byteLength < PART_SIZE) {
      // Small object: one PUT. If-None-Match keeps it immutable where the service supports it.
      await send(new PutObjectCommand({ Bucket, Key, Body: first, ContentType: options.contentType, IfNoneMatch: "*" }));
      return measured.result();
    }
    const { UploadId } = await send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: options.contentType }));
    const parts: { ETag: string; PartNumber: number }[] = [];
    try {
      let part: Uint8Array = first;
      for (let n = 1; part.byteLength > 0; n++) {
        const res = await send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: n, Body: part }));
        parts.push({ ETag: res.ETag!, PartNumber: n });
        part = await nextPart(reader, carry);
      }
      await send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      await send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => {});
      throw err;
    }
    return measured.result();
  }

  async function read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    try {
      const res = await send(new GetObjectCommand({
        Bucket,
        Key: keyOf(key),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }));
      const body = res.Body as { transformToWebStream(): ReadableStream<Uint8Array> } | undefined;
      if (!body) throw new ObjectNotFoundError(key);
      return body.transformToWebStream();
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  async function remove(key: string): Promise<void> {
    await send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
  }

  async function* list(): AsyncIterable<ObjectInfo> {
    let ContinuationToken: string | undefined;
    do {
      const page = await send(new ListObjectsV2Command({ Bucket, Prefix: PREFIX, ContinuationToken }));
      for (const o of page.Contents ?? []) {
        const key = o.Key!.slice(PREFIX.length);
        yield { key, size: Number(o.Size ?? 0), modifiedAt: o.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async function directUpload(
    key: string,
    options: { size: number; contentType: string; expiresIn: number },
  ): Promise<DirectUpload | null> {
    // The signature covers the length and type: the bucket refuses any other body.
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket, Key: keyOf(key), ContentType: options.contentType, ContentLength: options.size }),
      { expiresIn: options.expiresIn, signableHeaders: new Set(["content-type", "content-length"]) },
    );
    return { url, method: "PUT", headers: { "content-type": options.contentType } };
  }

  async function directDownload(key: string, options: DirectDownloadOptions): Promise<string | null> {
    return await getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket,
        Key: keyOf(key),
        ResponseContentType: options.contentType,
        ResponseContentDisposition: options.contentDisposition,
        ResponseCacheControl: "private, max-age=300",
      }),
      { expiresIn: options.expiresIn },
    );
  }

  return { name: "s3", write, read, stat, delete: remove, list, directUpload, directDownload };
}
