/**
 * Resumable uploads through edit and file_drop links: tus 1.0 (core,
 * creation, creation-with-upload, termination, expiration) with the same
 * `@tus/server` and byte store as the owner's /files/tus (files/tus-store.ts),
 * at /share/<token>/tus[/<upload id>]. The link token in the path and its
 * access token (`Authorization: Bearer` or `?access=`) are the credential of
 * every request; SQL checks the link at each one (app.begin_share_upload at
 * creation, app.share_upload_target before each PATCH, HEAD and DELETE and
 * at the end), so a revoked link stops an upload at its next request. The
 * last byte completes it as the signed flow does: the bytes stream into the
 * driver, SQL records and completes, and the answer carries the receipt.
 */
import { EVENTS, Server, type Upload } from "@tus/server";
import { config } from "../_shared/config.ts";
import { errorResponse, HttpError, requireContentLength } from "../_shared/http.ts";
import { StorageFullError } from "../_shared/storage/driver.ts";
import { storage } from "../_shared/storage/index.ts";
import { decideType } from "../files/sniff.ts";
import { jsonTusErrors, tusError, typedTusAnswer, uploadLength } from "../files/tus-answers.ts";
import { tusParts } from "../files/tus-store.ts";
import { asVisitor, idOf, type LinkRequest, linkRequest } from "./link.ts";

/** The link of a tus request: /share/<token>/tus[/<id>]. */
function linkOf(req: Request): LinkRequest {
  const token = new URL(req.url).pathname.split("/").filter(Boolean)[1] ?? "";
  return linkRequest(req, token);
}

interface Target {
  object_key: string;
  max_bytes: number;
  name: string;
  mime_type: string;
}

/** SQL's answer whether the link still takes this tus upload's bytes, and where they go. */
function target(req: Request, link: LinkRequest, uploadId: string): Promise<Target> {
  return asVisitor(req, async (tx) => {
    const [{ t }] = await tx`select app.share_upload_target(${link.token}, ${link.access}, ${uploadId}, null, 'tus') as t`;
    return t as Target;
  });
}

let server: Promise<Server> | null = null;

/** The tus server, made once per worker. */
function tusServer(): Promise<Server> {
  server ??= createTusServer().catch((err) => {
    server = null;
    throw err;
  });
  return server;
}

async function createTusServer(): Promise<Server> {
  const parts = await tusParts();
  const server = new Server({
    path: "/share",
    datastore: parts.store,
    respectForwardedHeaders: false,
    onResponseError: jsonTusErrors("share tus"),
    generateUrl: (req, { id }) =>
      `${config().supabaseUrl}/functions/v1/share/${linkOf(req as unknown as Request).token}/tus/${parts.uploadId(id)}`,
    getFileIdFromRequest: (req) => {
      const [, , section, id, extra] = new URL(req.url).pathname.split("/").filter(Boolean);
      return section === "tus" && id && !extra && /^[0-9a-f-]{36}$/.test(id) ? parts.tusId(id) : undefined;
    },
    // Creation: SQL checks the link, the name, type, size and the owner's quota, and reserves it.
    namingFunction: async (req, metadata) => {
      try {
        const request = req as unknown as Request;
        const link = linkOf(request);
        const length = uploadLength(req.headers);
        const name = metadata?.filename ?? metadata?.name ?? null;
        if (!name) throw new HttpError(400, "PGRST102", "The filename metadata is required.");
        const folderId = metadata?.folder_id ? idOf(metadata.folder_id, "Folder") : null;
        const upload = await asVisitor(request, async (tx) => {
          const [{ u }] = await tx`select app.begin_share_upload(${link.token}, ${link.access}, ${name}, ${length},
            ${metadata?.mime ?? metadata?.filetype ?? metadata?.type ?? null}, ${folderId},
            ${metadata?.uploader_name ?? null}, 'tus') as u`;
          return u as { id: string };
        });
        return parts.tusId(upload.id);
      } catch (err) {
        throw tusError(err);
      }
    },
    // Every later request: only while the link still takes this upload.
    onIncomingRequest: async (req, tusId) => {
      if (req.method === "POST") return;
      try {
        const request = req as unknown as Request;
        await target(request, linkOf(request), parts.uploadId(tusId));
      } catch (err) {
        throw tusError(err);
      }
    },
    // The last byte arrived: into the driver, recorded and completed in SQL; the receipt goes back.
    onUploadFinish: async (req, upload: Upload) => {
      const request = req as unknown as Request;
      const link = linkOf(request);
      const uploadId = parts.uploadId(upload.id);
      try {
        const t = await target(request, link, uploadId);
        const result = await storage().write(t.object_key, await parts.read(upload.id), { maxBytes: Number(t.max_bytes) })
          .catch(async (err) => {
            // No room for the finished bytes: the upload ends, tus's copy with it (507, nothing kept).
            if (err instanceof StorageFullError) {
              await asVisitor(request, (tx) => tx`select app.cancel_share_upload(${link.token}, ${link.access}, ${uploadId})`)
                .catch(() => {});
              await parts.discard(upload.id).catch(() => {});
            }
            throw err;
          });
        const mime = decideType(result.head, t.mime_type, t.name);
        const receipt = await asVisitor(request, async (tx) => {
          await tx`select app.record_share_upload_bytes(${link.token}, ${link.access}, ${uploadId}, ${result.size}, ${result.sha256}, ${mime})`;
          const [{ r }] = await tx`select app.complete_share_upload(${link.token}, ${link.access}, ${uploadId}) as r`;
          return r as Record<string, unknown>;
        }).catch(async (err) => {
          // Refused (type, quota, a folder gone): this upload can never complete; drop it and its bytes now.
          await asVisitor(request, (tx) => tx`select app.cancel_share_upload(${link.token}, ${link.access}, ${uploadId})`)
            .catch(() => {});
          await storage().delete(t.object_key).catch(() => {});
          await parts.discard(upload.id).catch(() => {});
          throw err;
        });
        const headers: Record<string, string> = { "Upload-Receipt": encodeURIComponent(JSON.stringify(receipt)) };
        if (typeof receipt.id === "string") headers["Upload-File-Id"] = receipt.id;
        return { headers };
      } catch (err) {
        throw tusError(err);
      }
    },
  });
  server.on(EVENTS.POST_FINISH, (_req: unknown, _res: unknown, upload: Upload) => {
    parts.discard(upload.id).catch((err) => console.error(`share tus: cannot delete the parts of ${upload.id}: ${err}`));
  });
  // Termination: give the owner's reservation back.
  server.on(EVENTS.POST_TERMINATE, (req: unknown, _res: unknown, id: string) => {
    const request = req as Request;
    const link = linkOf(request);
    asVisitor(request, (tx) => tx`select app.cancel_share_upload(${link.token}, ${link.access}, ${parts.uploadId(id)})`)
      .catch(() => {});
  });
  return server;
}

/** Handles /share/<token>/tus[/<id>]; the caller adds CORS. */
export async function handleLinkTus(req: Request): Promise<Response> {
  try {
    linkOf(req); // a token that cannot be one is a clean 404 for every method
    if (req.body && (req.method === "PATCH" || req.method === "POST")) requireContentLength(req);
    return typedTusAnswer(await (await tusServer()).handleWeb(req as never));
  } catch (err) {
    return errorResponse(err);
  }
}
