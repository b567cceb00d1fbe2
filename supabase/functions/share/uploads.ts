/**
 * Uploads through edit and file_drop links, in the three steps of the
 * owner's signed uploads: begin (SQL checks name, type, size and the owner's
 * quota, and reserves it), the bytes (PUT with Content-Length, streamed into
 * the driver, which stops at the reserved size), complete (SQL makes the
 * file; a file drop answers only a receipt). Every step starts from the
 * link, so a revoked link stops an upload in flight.
 */
import { HttpError, readJsonObject, requireContentLength } from "../_shared/http.ts";
import { ObjectExistsError, ObjectTooLargeError, StorageFullError, type WriteResult } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { config } from "../_shared/config.ts";
import { decideType } from "../files/sniff.ts";
import { asVisitor, type LinkRequest } from "./link.ts";

const optionalString = (value: unknown, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new HttpError(400, "PGRST102", `${field} must be a string.`);
  return value;
};

/** POST /share/<token>/uploads {name, size, mime, folder_id, uploader_name}: where to PUT the bytes. */
export async function beginUpload(req: Request, link: LinkRequest): Promise<Record<string, unknown>> {
  const body = await readJsonObject(req);
  const size = body.size;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new HttpError(400, "PGRST102", "size must be a non-negative integer.");
  }
  const folderId = optionalString(body.folder_id, "folder_id");
  if (folderId !== null && !/^[0-9a-f-]{36}$/i.test(folderId)) throw new HttpError(404, "PT404", "Folder not found.");
  const upload = await asVisitor(req, async (tx) => {
    const [{ u }] = await tx`select app.begin_share_upload(${link.token}, ${link.access},
      ${optionalString(body.name, "name")}, ${size}, ${optionalString(body.mime ?? body.mime_type, "mime")},
      ${folderId}, ${optionalString(body.uploader_name, "uploader_name")}) as u`;
    return u as { id: string; mime_type: string; expires_at: string; name: string; size: number };
  });
  const headers: Record<string, string> = { "content-type": upload.mime_type };
  if (link.access) headers.authorization = `Bearer ${link.access}`;
  return {
    upload_id: upload.id,
    name: upload.name,
    url: `${config().supabaseUrl}/functions/v1/share/${link.token}/uploads/${upload.id}/bytes`,
    method: "PUT",
    headers,
    complete_url: `${config().supabaseUrl}/functions/v1/share/${link.token}/uploads/${upload.id}/complete`,
    expires_at: upload.expires_at,
  };
}

/** PUT /share/<token>/uploads/<id>/bytes: SQL says first whether and where; the driver stops at the reserved size. */
export async function receiveBytes(req: Request, link: LinkRequest, uploadId: string): Promise<Record<string, unknown>> {
  const length = requireContentLength(req);
  if (!req.body) throw new HttpError(400, "PGRST102", "The request has no body.");
  const target = await asVisitor(req, async (tx) => {
    const [{ t }] = await tx`select app.share_upload_target(${link.token}, ${link.access}, ${uploadId}, ${length}) as t`;
    return t as { object_key: string; max_bytes: number; name: string; mime_type: string };
  });
  let result: WriteResult;
  try {
    result = await storage().write(target.object_key, req.body, { maxBytes: Number(target.max_bytes), contentType: target.mime_type });
  } catch (err) {
    if (err instanceof ObjectTooLargeError) throw new HttpError(413, "PT413", `The upload is larger than the ${err.limit} bytes it reserved.`);
    if (err instanceof ObjectExistsError) throw new HttpError(409, "PT409", "The bytes of this upload were already received.");
    // A full disk ends the upload, its reservation on the owner's quota with it (as the owner's own, files/store.ts).
    if (err instanceof StorageFullError) await cancelUpload(req, link, uploadId).catch(() => {});
    throw err;
  }
  const mime = decideType(result.head, target.mime_type, target.name);
  await asVisitor(req, (tx) =>
    tx`select app.record_share_upload_bytes(${link.token}, ${link.access}, ${uploadId}, ${result.size}, ${result.sha256}, ${mime})`
  );
  return { size: result.size, sha256: result.sha256 };
}

/** POST /share/<token>/uploads/<id>/complete: the receipt (name and size; an edit link adds the file's id). */
export async function completeUpload(req: Request, link: LinkRequest, uploadId: string): Promise<Record<string, unknown>> {
  return await asVisitor(req, async (tx) => {
    const [{ r }] = await tx`select app.complete_share_upload(${link.token}, ${link.access}, ${uploadId}) as r`;
    return r as Record<string, unknown>;
  });
}

/** DELETE /share/<token>/uploads/<id>: cancels a pending upload; its bytes are collected by maintenance. */
export async function cancelUpload(req: Request, link: LinkRequest, uploadId: string): Promise<void> {
  await asVisitor(req, (tx) => tx`select app.cancel_share_upload(${link.token}, ${link.access}, ${uploadId})`);
}
