/**
 * Resumable uploads (tus 1.0: core, creation, creation-with-upload,
 * termination, expiration) with the maintained `@tus/server` through its
 * web-standard handler. tus keeps the bytes until the last one arrives where
 * tus-store.ts says (a local folder with `fs`; the bucket with `s3`, so any
 * worker can resume); once complete they stream through the storage driver
 * like any upload, and the same SQL reserves quota at creation and completes
 * the file. Every request is authenticated as the user who owns the upload.
 */
import { EVENTS, Server, type Upload } from "@tus/server";
import { authenticate } from "../_shared/auth.ts";
import { asCaller, type Caller } from "../_shared/db.ts";
import { errorResponse, HttpError, requireContentLength } from "../_shared/http.ts";
import { StorageFullError, storageFault, type WriteResult } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { publicBase, uuidOf } from "./context.ts";
import { beginUpload, completeUpload, discardUpload, recordBytesAs, uploadTarget } from "./store.ts";
import { jsonTusErrors, tusError, typedTusAnswer, uploadLength } from "./tus-answers.ts";
import { type TusParts, tusParts } from "./tus-store.ts";

const callers = new WeakMap<Request, Caller>();
/** The upload a creation request made (its URL names none yet), so a failure after it can drop it. */
const created = new WeakMap<Request, string>();

async function callerOf(req: Request): Promise<Caller> {
  let caller = callers.get(req);
  if (!caller) {
    caller = await authenticate(req);
    callers.set(req, caller);
  }
  return caller;
}

let server: Promise<Server> | null = null;

/** The tus server, made once (concurrent first requests share the one being made). */
function tusServer(): Promise<Server> {
  server ??= createTusServer().catch((err) => {
    server = null; // tried again on the next request
    throw err;
  });
  return server;
}

async function createTusServer(): Promise<Server> {
  const parts = await tusParts();
  const server = new Server({
    path: "/files/tus",
    datastore: parts.store,
    respectForwardedHeaders: false,
    onResponseError: async (req, err) => {
      // A disk that filled mid-PATCH: the upload ends, its bytes and reservation with it (nothing half-kept).
      if (storageFault(err) instanceof StorageFullError) await dropUpload(req as unknown as Request, parts);
      return answerTusError(req, err);
    },
    // The URL names the upload by its SQL id; tus's own id may add where its bytes live (tus/ in a bucket).
    generateUrl: (_req, { id }) => `${publicBase()}/tus/${parts.uploadId(id)}`,
    getFileIdFromRequest: (req) => {
      const last = new URL(req.url).pathname.split("/").filter(Boolean).slice(2)[0];
      return last && /^[0-9a-f-]{36}$/.test(last) ? parts.tusId(last) : undefined;
    },
    // Creation: validate and reserve in SQL; the tus id is made from the upload's id.
    namingFunction: async (req, metadata) => {
      try {
        const caller = await callerOf(req as unknown as Request);
        const size = uploadLength(req.headers);
        const upload = await beginUpload(caller, req as unknown as Request, {
          name: metadata?.filename ?? metadata?.name ?? null,
          size,
          mime: metadata?.mime ?? metadata?.filetype ?? metadata?.type ?? null,
          folderId: uuidOf(metadata?.folder_id ?? null, "folder_id", true),
          path: metadata?.path ?? null,
          description: metadata?.description ?? null,
          kind: "tus",
        });
        if (!metadata?.filename && !metadata?.name && !metadata?.path) {
          throw new HttpError(400, "PGRST102", "The filename metadata is required.");
        }
        created.set(req as unknown as Request, upload.id);
        return parts.tusId(upload.id);
      } catch (err) {
        throw tusError(err);
      }
    },
    // Every later request must come from whoever sends the upload's bytes (its owner, or the
    // editor uploading into a shared folder): bytes (PATCH) only while SQL says they may still go
    // to it (app.upload_target: a revoked share stops them); HEAD and DELETE to their own upload.
    onIncomingRequest: async (req, tusId) => {
      if (req.method === "POST") return;
      const uploadId = parts.uploadId(tusId);
      try {
        const caller = await callerOf(req as unknown as Request);
        if (req.method === "PATCH") {
          await uploadTarget(caller, req as unknown as Request, uploadId, "tus", null);
          return;
        }
        const rows = await asCaller(caller, req as unknown as Request, (tx) =>
          tx`select from app.uploads where id = ${uploadId} and kind = 'tus'
            and coalesce(uploader_id, owner_id) = app.current_user_id()`);
        if (!rows.length) throw new HttpError(404, "PT404", "Upload not found.");
      } catch (err) {
        throw tusError(err);
      }
    },
    // The last byte arrived: move the bytes into the driver and complete in SQL.
    onUploadFinish: async (req, upload: Upload) => {
      try {
        const caller = await callerOf(req as unknown as Request);
        const file = await finishTusUpload(caller, req as unknown as Request, upload.id);
        return { headers: { "Upload-File-Id": String(file.id) } };
      } catch (err) {
        throw tusError(err);
      }
    },
  });
  // Finished and answered: the bytes now live in the driver; drop tus's copy.
  server.on(EVENTS.POST_FINISH, (_req: unknown, _res: unknown, upload: Upload) => {
    parts.discard(upload.id).catch((err) => console.error(`tus: cannot delete the parts of ${upload.id}: ${err}`));
  });
  // Termination: give the reservation back.
  server.on(EVENTS.POST_TERMINATE, (req: unknown, _res: unknown, id: string) => {
    const request = req as Request;
    const caller = callers.get(request);
    if (caller) {
      asCaller(caller, request, (tx) => tx`select app.cancel_upload(${parts.uploadId(id)})`).catch(() => {});
    }
  });
  return server;
}

const answerTusError = jsonTusErrors("tus");

/** Cancels the upload a tus request names (its reservation back) and deletes tus's bytes of it. */
async function dropUpload(req: Request, parts: TusParts): Promise<void> {
  const caller = callers.get(req);
  const named = new URL(req.url).pathname.split("/").filter(Boolean).slice(2)[0];
  const uploadId = created.get(req) ?? (named && /^[0-9a-f-]{36}$/.test(named) ? named : null);
  if (!caller || !uploadId) return;
  await discardUpload(caller, req, uploadId);
  await parts.discard(parts.tusId(uploadId)).catch((err) => console.error(`tus: cannot delete the parts of ${uploadId}: ${err}`));
}

/** Streams a finished tus upload into the driver, records and completes it; tus's copy goes afterwards. */
async function finishTusUpload(caller: Caller, req: Request, tusId: string): Promise<Record<string, unknown>> {
  const parts = await tusParts();
  const uploadId = parts.uploadId(tusId);
  const target = await uploadTarget(caller, req, uploadId, "tus", null);
  const bytes = await parts.read(tusId);
  let result: WriteResult;
  try {
    result = await storage().write(target.object_key, bytes, { maxBytes: Number(target.max_bytes) });
  } catch (err) {
    // No room for the finished bytes: the upload ends here, tus's copy with it (507, nothing kept).
    if (err instanceof StorageFullError) {
      await discardUpload(caller, req, uploadId);
      await parts.discard(tusId).catch(() => {});
    }
    throw err;
  }
  await recordBytesAs(caller, req, uploadId, result, { name: target.name, mime: target.mime_type });
  // tus's copy is deleted once the response is out (POST_FINISH): @tus/server
  // still reads it after this hook when the bytes came with the creation POST.
  try {
    return await completeUpload(caller, req, uploadId);
  } catch (err) {
    // A refused completion discarded the upload and its bytes (completeUpload);
    // tus's copy goes too (@tus/server reads nothing more after a failed hook).
    const [still] = await asCaller(caller, req, (tx) => tx`select 1 from app.uploads where id = ${uploadId}`).catch(() => [true]);
    if (!still) await parts.discard(tusId).catch(() => {});
    throw err;
  }
}

/** Handles /files/tus[/<id>]. */
export async function handleTus(req: Request): Promise<Response> {
  try {
    // Authenticate up front so a missing token is a clean 401 for every method.
    await callerOf(req);
    // Bytes come with PATCH, and with POST under creation-with-upload.
    if (req.body && (req.method === "PATCH" || req.method === "POST")) requireContentLength(req);
    return typedTusAnswer(await (await tusServer()).handleWeb(req as never));
  } catch (err) {
    return errorResponse(err);
  }
}

/** Deletes unfinished tus uploads' bytes past their expiry (the SQL expires their reservations). */
export async function deleteExpiredTus(): Promise<number> {
  return await (await tusParts()).deleteExpired();
}
