// A share link as its visitor sees it: the public `share` function, no
// account. The link token is in the path; a password, once right, gives a
// short-lived access token that goes with every later call (as
// `Authorization: Bearer` for fetches, `?access=` for links the browser
// follows itself: downloads, previews, the zip).
// Not ./client: the page needs no supabase-js client, only the function's URL.
import { supabaseUrl } from '$lib/config';
import { ApiError, errorFromResponse } from './errors';

/** A file or folder as a link shows it (a file drop shows no folder id). */
export interface LinkItem {
  id: string | null;
  kind: 'file' | 'folder';
  name: string;
  size?: number;
  mime_type?: string;
  updated_at?: string;
}

/** One folder under a folder link: itself (parent_id null at the link's top) and what is in it. */
export interface LinkListing {
  folder: { id: string; name: string; parent_id: string | null };
  folders: LinkItem[];
  files: LinkItem[];
}

/** What `GET /share/<token>` answers. */
export interface LinkMeta {
  type: 'view' | 'edit' | 'file_drop' | 'preview_only';
  label: string | null;
  note: string | null;
  expires_at: string | null;
  has_password: boolean;
  max_downloads: number | null;
  downloads_left: number | null;
  can_download: boolean;
  can_list: boolean;
  can_upload: boolean;
  item: LinkItem;
  listing?: LinkListing;
}

/** What an upload into the link answers when done. */
export interface UploadReceipt {
  name: string;
  size: number;
  file_id?: string;
}

/** A link's "needs its password" answer, as opposed to one that does not serve at all. */
export const needsPassword = (err: unknown) => err instanceof ApiError && err.status === 401 && err.code === 'PT401';

/** Any answer that means the link does not serve (unknown, revoked, expired, at its limit). */
export const linkGone = (err: unknown) => err instanceof ApiError && (err.status === 404 || err.status === 410);

type Fetch = typeof fetch;
/** Sends an upload's bytes, reporting progress (XMLHttpRequest in the browser). */
export type Put = (url: string, method: string, headers: Record<string, string>, body: Blob,
  onProgress?: (sent: number) => void, signal?: AbortSignal) => Promise<void>;

/** One visitor's view of one link. */
export class ShareLink {
  readonly token: string;
  access: string | null = null;
  readonly #fetch: Fetch;
  readonly #put: Put;

  constructor(token: string, io: { fetch?: Fetch; put?: Put } = {}) {
    this.token = token;
    this.#fetch = io.fetch ?? ((...args) => fetch(...args));
    this.#put = io.put ?? putWithProgress;
  }

  /** The function URL of `path` under this link, with the access token in the query when `withAccess`. */
  url(path = '', query: Record<string, string | null | undefined> = {}, withAccess = false): string {
    const u = new URL(`${supabaseUrl}/functions/v1/share/${encodeURIComponent(this.token)}${path}`);
    for (const [k, v] of Object.entries(query)) if (v) u.searchParams.set(k, v);
    if (withAccess && this.access) u.searchParams.set('access', this.access);
    return u.toString();
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.access ? { ...extra, authorization: `Bearer ${this.access}` } : extra;
  }

  async #json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.#fetch(path, init);
    if (!res.ok) throw await errorFromResponse(res);
    return (await res.json()) as T;
  }

  /** The link's metadata, with the listing of `folder` (the link's own folder when null) for a folder link. */
  meta(folder: string | null = null): Promise<LinkMeta> {
    return this.#json<LinkMeta>(this.url('', { folder }), { headers: this.#headers() });
  }

  /** Trades the password for an access token kept for later calls; throws 401 when wrong, 429 when throttled. */
  async unlock(password: string): Promise<void> {
    const r = await this.#json<{ access_token: string }>(this.url('/unlock'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });
    this.access = r.access_token;
  }

  /** Where the browser downloads a file (the link's own file when `fileId` is null). */
  downloadUrl(fileId: string | null = null): string {
    return this.url(fileId ? `/download/${fileId}` : '/download', {}, true);
  }

  /** Where a preview comes from: an image at screen size or text as text, never counted. */
  previewUrl(fileId: string | null = null): string {
    return this.url(fileId ? `/preview/${fileId}` : '/preview', {}, true);
  }

  /** The zip of the shared folder, or of a folder under it. */
  zipUrl(folder: string | null = null): string {
    return this.url('/zip', { folder }, true);
  }

  /** A preview's text (text files are answered as escaped plain text). */
  async previewText(fileId: string | null): Promise<string> {
    const res = await this.#fetch(this.previewUrl(fileId), { headers: this.#headers() });
    if (!res.ok) throw await errorFromResponse(res);
    return await res.text();
  }

  /**
   * Uploads one file into the link's folder (or `folderId` under it) in the
   * function's three steps: begin (the owner's rules and quota), the bytes
   * with progress, complete (the receipt).
   */
  async upload(
    file: File,
    opts: { folderId?: string | null; uploaderName?: string | null; onProgress?: (sent: number) => void; signal?: AbortSignal } = {},
  ): Promise<UploadReceipt> {
    const started = await this.#json<{ url: string; method: string; headers: Record<string, string>; complete_url: string }>(
      this.url('/uploads'),
      {
        method: 'POST',
        headers: this.#headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({
          name: file.name,
          size: file.size,
          mime: file.type || null,
          folder_id: opts.folderId ?? null,
          uploader_name: opts.uploaderName || null,
        }),
      },
    );
    await this.#put(started.url, started.method || 'PUT', started.headers ?? {}, file, opts.onProgress, opts.signal);
    return await this.#json<UploadReceipt>(started.complete_url, { method: 'POST', headers: this.#headers() });
  }
}

/** A PUT whose progress the page can show: fetch cannot report upload progress, XMLHttpRequest can. */
function putWithProgress(
  url: string, method: string, headers: Record<string, string>, body: Blob,
  onProgress?: (sent: number) => void, signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open(method, url);
    for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
    x.upload.onprogress = (e) => onProgress?.(e.loaded);
    x.onload = () => {
      if (x.status >= 200 && x.status < 300) {
        onProgress?.(body.size);
        return resolve();
      }
      let parsed: { code?: string; message?: string } = {};
      try {
        parsed = JSON.parse(x.responseText);
      } catch {
        parsed = { message: x.responseText || `Upload failed (${x.status})` };
      }
      reject(new ApiError(x.status, parsed));
    };
    x.onerror = () => reject(new ApiError(0, { message: 'The upload could not reach the server.' }));
    signal?.addEventListener('abort', () => x.abort());
    x.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    x.send(body);
  });
}
