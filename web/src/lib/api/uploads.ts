// Moving bytes to the files function: one signed PUT for small files (XHR, for
// upload progress), tus for large ones (resumable across dropped connections
// and page reloads: tus-js-client remembers each upload's URL by fingerprint).
import * as tus from 'tus-js-client';
import { authHeaders, functionUrl } from './client';
import { ApiError, errorFromResponse } from './errors';
import { toNumber, type FileRow } from './types';
import { TUS_THRESHOLD } from '$lib/config';

/** What to upload and where. */
export interface UploadJob {
  file: File;
  folderId: string | null;
}

/** One upload under way: its file row when done, and a way to stop it. */
export interface UploadHandle {
  promise: Promise<FileRow>;
  abort(): void;
}

/** A byte transport for uploads (this module's in the app; fakes in tests). */
export interface Uploader {
  start(job: UploadJob, onProgress: (sent: number) => void): UploadHandle;
  methodFor(size: number): 'signed' | 'tus';
}

/** Picks the transport by size. */
export const uploader: Uploader = {
  start(job, onProgress) {
    return job.file.size > TUS_THRESHOLD ? tusUpload(job, onProgress) : signedUpload(job, onProgress);
  },
  methodFor(size) {
    return size > TUS_THRESHOLD ? 'tus' : 'signed';
  },
};

interface SignedTicket {
  upload_id: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

/** Reserve, PUT with progress, complete. Cancelling aborts the PUT and releases the reservation. */
export function signedUpload(job: UploadJob, onProgress: (sent: number) => void): UploadHandle {
  let xhr: XMLHttpRequest | null = null;
  let ticket: SignedTicket | null = null;
  let aborted = false;

  const promise = (async (): Promise<FileRow> => {
    const res = await fetch(functionUrl('files/uploads'), {
      method: 'POST',
      headers: { ...(await authHeaders()), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: job.file.name,
        folder_id: job.folderId,
        size: job.file.size,
        mime: job.file.type || 'application/octet-stream',
      }),
    });
    if (!res.ok) throw await errorFromResponse(res);
    ticket = (await res.json()) as SignedTicket;
    if (aborted) throw new DOMException('Upload cancelled', 'AbortError');

    await new Promise<void>((resolve, reject) => {
      const x = new XMLHttpRequest();
      xhr = x;
      x.open(ticket!.method || 'PUT', new URL(ticket!.url, functionUrl('files/')).toString());
      for (const [k, v] of Object.entries(ticket!.headers ?? {})) x.setRequestHeader(k, v);
      x.upload.onprogress = (e) => onProgress(e.loaded);
      x.onload = () => {
        if (x.status >= 200 && x.status < 300) return resolve();
        reject(errorFromText(x.status, x.responseText));
      };
      x.onerror = () => reject(new ApiError(0, { message: 'The connection was lost during the upload' }));
      x.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      x.send(job.file);
    });
    onProgress(job.file.size);

    const done = await fetch(functionUrl(`files/uploads/${ticket.upload_id}/complete`), {
      method: 'POST',
      headers: await authHeaders(),
    });
    if (!done.ok) throw await errorFromResponse(done);
    const row = (await done.json()) as FileRow | FileRow[];
    const file = Array.isArray(row) ? row[0] : row;
    return { ...file, size: toNumber(file.size) };
  })();

  return {
    promise,
    abort() {
      aborted = true;
      xhr?.abort();
      if (ticket) {
        const id = ticket.upload_id;
        void authHeaders().then((headers) =>
          fetch(functionUrl(`files/uploads/${id}`), { method: 'DELETE', headers }).catch(() => undefined),
        );
      }
    },
  };
}

function errorFromText(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text);
    return new ApiError(status, { ...body, message: body.message ?? body.error });
  } catch {
    return new ApiError(status, { message: text || `Upload failed (${status})` });
  }
}

/** The API's words from a tus error (its response body is PostgREST-shaped JSON). */
function tusErrorMessage(err: Error): ApiError {
  const detailed = err as tus.DetailedError;
  const res = detailed.originalResponse;
  if (res) {
    const status = res.getStatus();
    const body = res.getBody();
    if (body) return errorFromText(status, body);
    return new ApiError(status, { message: `Upload failed (${status})` });
  }
  return new ApiError(0, { message: err.message.split('\n')[0] || 'Upload failed' });
}

/**
 * A resumable upload. A previous attempt of the same file (same name, size,
 * type and date) resumes where it stopped; going offline pauses it until the
 * browser is back online.
 */
export function tusUpload(job: UploadJob, onProgress: (sent: number) => void): UploadHandle {
  let upload: tus.Upload | null = null;
  let fileId: string | null = null;
  let stopped = false;
  let offlineWait: (() => void) | null = null;

  const promise = new Promise<FileRow>((resolve, reject) => {
    const metadata: Record<string, string> = {
      filename: job.file.name,
      mime: job.file.type || 'application/octet-stream',
      filetype: job.file.type || 'application/octet-stream',
    };
    if (job.folderId) metadata.folder_id = job.folderId;

    upload = new tus.Upload(job.file, {
      endpoint: functionUrl('files/tus/'),
      metadata,
      chunkSize: 4 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: async (req) => {
        for (const [k, v] of Object.entries(await authHeaders())) req.setHeader(k, v);
      },
      onAfterResponse: (_req, res) => {
        const id = res.getHeader('Upload-File-Id') || res.getHeader('upload-file-id');
        if (id) fileId = id;
      },
      onProgress: (sent) => onProgress(sent),
      onError: (err) => {
        if (stopped) return reject(new DOMException('Upload cancelled', 'AbortError'));
        if (typeof navigator !== 'undefined' && navigator.onLine === false) {
          // Offline: wait for the network and carry on from the last acknowledged byte.
          const resume = () => {
            window.removeEventListener('online', resume);
            offlineWait = null;
            if (!stopped) upload?.start();
          };
          offlineWait = () => window.removeEventListener('online', resume);
          window.addEventListener('online', resume);
          return;
        }
        reject(tusErrorMessage(err));
      },
      onSuccess: async () => {
        onProgress(job.file.size);
        try {
          const { getFile, findLiveFile } = await import('./files');
          // Upload-File-Id names the file; when a proxy hides that header, the
          // name is unique among live files of the folder, so look it up.
          const row = fileId ? await getFile(fileId) : await findLiveFile(job.folderId, job.file.name);
          if (!row) throw new ApiError(404, { message: 'The uploaded file could not be found' });
          resolve(row);
        } catch (err) {
          reject(err);
        }
      },
    });

    upload
      .findPreviousUploads()
      .then((previous) => {
        if (previous.length) upload!.resumeFromPreviousUpload(previous[0]);
        upload!.start();
      })
      .catch(() => upload!.start());
  });

  return {
    promise,
    abort() {
      stopped = true;
      offlineWait?.();
      // true: also terminate the upload on the server, releasing its reservation.
      void upload?.abort(true).catch(() => undefined);
    },
  };
}
