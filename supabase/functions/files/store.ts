/**
 * Moving the bytes of an upload into the driver and completing it: the one
 * path every kind of upload (signed PUT, store_file, tus) ends in.
 */
import { asCaller, type Caller, SERVICE, type Tx } from "../_shared/db.ts";
import { fromPgError, HttpError } from "../_shared/http.ts";
import { ObjectExistsError, ObjectTooLargeError, StorageFullError, type WriteResult } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { decideType } from "./sniff.ts";
import { indexContent, type IndexedFile } from "./content-index.ts";

/** What app.begin_upload answers. */
export interface Upload {
  id: string;
  object_key: string;
  name: string;
  folder_id: string | null;
  size: number | null;
  mime_type: string;
  expires_at: string;
  max_bytes: number;
}

export interface BeginOptions {
  name?: string | null;
  size: number | null;
  mime?: string | null;
  folderId?: string | null;
  path?: string | null;
  sha256?: string | null;
  description?: string | null;
  tags?: string[] | null;
  kind: "signed" | "tus" | "direct";
}

/** Calls app.begin_upload as the caller. */
export async function beginUpload(caller: Caller, req: Request | null, o: BeginOptions): Promise<Upload> {
  return await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select app.begin_upload(
      name => ${o.name ?? null}, size => ${o.size}, mime_type => ${o.mime ?? null}, folder_id => ${o.folderId ?? null},
      path => ${o.path ?? null}, sha256 => ${o.sha256 ?? null}, description => ${o.description ?? null},
      tags => ${o.tags ?? null}::text[], kind => ${o.kind}) as upload`;
    return row.upload as Upload;
  });
}

/** Where an upload's bytes go, as app.upload_target answers. */
export interface UploadTarget {
  object_key: string;
  max_bytes: number;
  name: string;
  mime_type: string;
}

/**
 * Asks SQL once, before a byte is stored, whether the caller may send the
 * bytes of this upload (its session live, files.write, the upload theirs,
 * pending and of this kind, `byteCount` within its reservation) and where
 * they go; 401, 403, 404, 409, 410 or 413 otherwise.
 */
export async function uploadTarget(
  caller: Caller,
  req: Request | null,
  uploadId: string,
  kind: "signed" | "tus" | "direct",
  byteCount: number | null,
): Promise<UploadTarget> {
  return await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select app.upload_target(${uploadId}, ${byteCount}, ${kind}) as target`;
    return row.target as UploadTarget;
  });
}

/** Records what the driver measured, with the type the bytes prove. */
export async function recordBytes(
  tx: Tx,
  uploadId: string,
  result: WriteResult,
  declared: { name: string; mime: string },
): Promise<void> {
  const mime = decideType(result.head, declared.mime, declared.name);
  await tx`select app.record_upload_bytes(${uploadId}, ${result.size}, ${result.sha256}, ${mime})`;
}

/** Records measured bytes in its own transaction as the caller. */
export async function recordBytesAs(
  caller: Caller,
  req: Request | null,
  uploadId: string,
  result: WriteResult,
  declared: { name: string; mime: string },
): Promise<void> {
  await asCaller(caller, req, (tx) => recordBytes(tx, uploadId, result, declared));
}

/**
 * Streams a body of `byteCount` bytes into an upload's object and records
 * what arrived; SQL says first whether and where (uploadTarget), and the
 * driver stops the body at the reserved size (413).
 */
export async function receiveBytes(
  caller: Caller,
  req: Request | null,
  uploadId: string,
  kind: "signed" | "direct",
  byteCount: number,
  body: ReadableStream<Uint8Array>,
): Promise<WriteResult> {
  const target = await uploadTarget(caller, req, uploadId, kind, byteCount);
  let result: WriteResult;
  try {
    result = await storage().write(target.object_key, body, { maxBytes: Number(target.max_bytes), contentType: target.mime_type });
  } catch (err) {
    if (err instanceof ObjectTooLargeError) {
      throw new HttpError(413, "PT413", `The upload is larger than the ${err.limit} bytes it reserved.`);
    }
    if (err instanceof ObjectExistsError) {
      throw new HttpError(409, "PT409", "The bytes of this upload were already received.");
    }
    // A full disk (507) ends the upload: its reservation goes back and no row is left waiting for
    // bytes that found no room. An unreachable service (503) keeps it, to be sent again.
    if (err instanceof StorageFullError) await discardUpload(caller, req, uploadId);
    throw err;
  }
  try {
    await asCaller(caller, req, (tx) => recordBytes(tx, uploadId, result, { name: target.name, mime: target.mime_type }));
  } catch (err) {
    // Refused after the bytes were stored (a share or link revoked mid-upload
    // dropped the upload): the object is this upload's alone and nothing
    // references it, so it goes now rather than stay on disk unaccounted.
    if (isRefusal(err)) await storage().delete(target.object_key).catch(() => {});
    throw err;
  }
  return result;
}

/** Completes an upload as the caller, measuring the object first when the bytes bypassed us (S3). */
export async function completeUpload(caller: Caller, req: Request | null, uploadId: string): Promise<Record<string, unknown>> {
  const pending = await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select object_key, name, mime_type, status, received_size from app.uploads where id = ${uploadId}`;
    return row;
  });
  if (!pending) throw new HttpError(404, "PT404", "Upload not found.");
  let hasBytes = pending.received_size !== null;
  if (pending.status === "pending" && !hasBytes) {
    const driver = storage();
    const info = await driver.stat(pending.object_key);
    if (info) {
      // The client sent the bytes straight to the bucket: read them back once to hash and sniff.
      const { measure } = await import("../_shared/storage/measure.ts");
      const measured = measure(await driver.read(pending.object_key));
      await measured.stream.pipeTo(new WritableStream());
      await asCaller(caller, req, (tx) => recordBytes(tx, uploadId, measured.result(), { name: pending.name, mime: pending.mime_type }));
      hasBytes = true;
    }
  }
  let completed: Record<string, unknown>;
  try {
    // SQL logs the upload it completes.
    completed = await asCaller(caller, req, async (tx) => {
      const [row] = await tx`select app.complete_upload(${uploadId}) as file`;
      return row.file as Record<string, unknown>;
    });
  } catch (err) {
    // Objects are immutable, so bytes SQL refused (type, size, checksum, quota)
    // can never complete: delete them now rather than hold disk and quota
    // until the upload expires.
    if (pending.status === "pending" && hasBytes && isRefusal(err)) await discardUpload(caller, req, uploadId);
    throw err;
  }
  if (pending.status === "pending") {
    await indexContent(caller, req, completed as unknown as IndexedFile, pending.object_key);
  }
  return completed;
}

/** Cancels an upload as the caller and deletes whatever bytes it had. */
export async function cancelUpload(caller: Caller, req: Request | null, uploadId: string): Promise<void> {
  const key = await asCaller(caller, req, async (tx) => {
    const [row] = await tx`select object_key from app.uploads where id = ${uploadId} and status = 'pending'`;
    await tx`select app.cancel_upload(${uploadId})`;
    return row?.object_key as string | undefined;
  });
  if (key) await deleteCollected([key]);
}

/** A client error SQL answered (not a failure of ours, and not an ended session, which may sign in again). */
function isRefusal(err: unknown): boolean {
  const http = err instanceof HttpError ? err : fromPgError(err);
  return http !== null && http.status >= 400 && http.status < 500 && http.status !== 401;
}

/** Cancels an upload that cannot succeed and deletes its bytes at once; a failure is logged (maintenance retries). */
export async function discardUpload(caller: Caller, req: Request | null, uploadId: string): Promise<void> {
  try {
    await cancelUpload(caller, req, uploadId);
  } catch (err) {
    if ((err as { code?: string }).code === "PT404") return; // already gone
    console.error(`discarding upload ${uploadId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Deletes objects the SQL queued as garbage (only those still unreferenced, and past their keep_until: the backup
 * retention, 20261208000000_collection_keeps_backup_retention.sql), then forgets them: the service role's bookkeeping.
 */
export async function deleteCollected(keys: string[]): Promise<void> {
  for (const key of keys) {
    await asCaller(SERVICE, null, async (tx) => {
      const [row] = await tx`
        select object_key from app.storage_garbage where object_key = ${key} and keep_until <= now() for update skip locked`;
      if (!row) return;
      const [ref] = await tx`select app.object_is_referenced(${key}) as referenced`;
      if (!ref.referenced) await storage().delete(key);
      await tx`delete from app.storage_garbage where object_key = ${key}`;
    });
  }
}
