// One folder of the drive: its folders, its files and the tags on those
// files, and every change the page makes to them. The page's load reads the
// listing (`loadListing`) and hands it over with `show`; reloads after that
// happen here, one at a time (`refresh`). Rename, move and trash show at once
// and roll back, with the API's words in a toast, when the API refuses them;
// a new folder and a copy show as soon as the API answers with their rows
// (their ids and names are the API's to give).
//
// A change is a function from listing to listing. While the API has not
// answered it waits in `#pending`, and the listing shown is the last one read
// with the pending changes on top: a reload that lands meanwhile keeps them,
// and a refusal takes exactly that change away, whatever else changed since.
// An accepted change joins the listing read, and is applied again to any
// listing whose reading began before it was accepted (each listing carries
// the count of changes accepted when its reading began), so a slow reload
// never brings back what was just renamed, moved or trashed.
import { copyFile, downloadFile, downloadZip, listFiles, listSharedFiles, moveFile, renameFile, restoreFile, trashFile, uploadNameConflicts } from '$lib/api/files';
import {
  createFolder,
  ensureFolder,
  folderPath,
  listFolders,
  moveFolder,
  renameFolder,
  restoreFolder,
  trashFolder,
} from '$lib/api/folders';
import { editsSharedFolder } from '$lib/api/sharing';
import { listFolderFileTags, type Tag } from '$lib/api/tags';
import { messageOf } from '$lib/api/errors';
import { asFile, asFolder, type DriveItem, type FileRow, type FolderRow } from '$lib/api/types';
import type { DroppedFile } from '$lib/actions/drag-and-drop';
import { coalesced } from '$lib/utils/coalesce';
import { visibleName } from '$lib/utils/display-name';
import { baseName, foldersToCreate, parentPath, splitRelativePath } from '$lib/utils/path';
import { sortItems } from '$lib/utils/sort';
import { sortPref } from './preferences.svelte';
import { tagVocabulary } from './tags.svelte';
import { session } from './session.svelte';
import { toasts } from './toasts.svelte';
import { uploadQueue, type UploadJob, type UploadQueue } from './uploads.svelte';
import { usage } from './usage.svelte';

/** What the drive shows of one folder. */
export interface Listing {
  /** The folder (null: the root). */
  folderId: string | null;
  /** The folders from the root down to this one (empty at the root); in a shared folder, from the shared folder down. */
  path: FolderRow[];
  /** The folder is someone else's, shared with me (its breadcrumbs start at "Shared with me"). */
  shared: boolean;
  /** I may change things here: my own folder, or one shared with me as editor (a viewer's folder offers no write actions). */
  editable: boolean;
  folders: FolderRow[];
  files: FileRow[];
  /** The tags on each file, by file id. */
  fileTags: Record<string, Tag[]>;
  /** How many changes had been accepted when the reading began (see `accepted`). */
  readAfter: number;
}

/** Changes the API has accepted, counted over every drive store. */
let accepted = 0;

/** The API calls the drive makes (the real ones in the app; fakes in tests). */
export const driveApi = {
  listFolders,
  listFiles,
  listSharedFiles,
  editsSharedFolder,
  folderPath,
  listFolderFileTags,
  createFolder,
  ensureFolder,
  renameFile,
  renameFolder,
  moveFile,
  moveFolder,
  copyFile,
  trashFile,
  trashFolder,
  restoreFile,
  restoreFolder,
  downloadFile,
  downloadZip,
  uploadNameConflicts,
};
export type DriveApi = typeof driveApi;

/** What to do with an upload whose name a file of the folder has: a new version of it, a renamed copy, or nothing. */
export type SameNameChoice = 'replace' | 'keep-both' | 'skip';
/** Asks the person about one same-name upload; `forAll` applies the answer to the rest of the batch. */
export type AskSameName = (name: string, othersLeft: number) => Promise<{ choice: SameNameChoice; forAll: boolean }>;

/** What else the drive tells when it changes things (the app's stores; fakes in tests). */
export interface DriveNeighbours {
  toasts: Pick<typeof toasts, 'show' | 'error'>;
  /** The storage meter: trash and copies change its figures. */
  usage: Pick<typeof usage, 'refresh'>;
  /** The tag counts: files leaving or coming back change them. */
  tags: Pick<typeof tagVocabulary, 'refresh'>;
  uploads: Pick<UploadQueue, 'add' | 'onComplete'>;
}

const appNeighbours: DriveNeighbours = { toasts, usage, tags: tagVocabulary, uploads: uploadQueue };

/**
 * The folder's listing; `path` is empty when the folder does not exist or is
 * in the trash. `me` is the signed-in user: a folder someone else owns is one
 * shared with me, whose files `files` (mine only) leaves out, so they are read
 * once more from rpc/shared_folder_files, beside my role there. My own
 * folders cost no extra request.
 */
export async function loadListing(folderId: string | null, api: DriveApi = driveApi, me?: string | null): Promise<Listing> {
  const readAfter = accepted;
  const [folders, own, path, fileTags] = await Promise.all([
    api.listFolders(folderId),
    api.listFiles(folderId),
    folderId ? api.folderPath(folderId) : Promise.resolve([]),
    api.listFolderFileTags(folderId),
  ]);
  const here = path[path.length - 1];
  // Read after the requests: on a fresh load the session is restored while they wait for its token.
  const user = me === undefined ? (session.user?.id ?? null) : me;
  const shared = Boolean(folderId && user && here && here.owner_id !== user);
  const [files, editable] = shared
    ? await Promise.all([api.listSharedFiles(folderId!), api.editsSharedFolder(path.map((f) => f.id))])
    : [own, true];
  return { folderId, path, shared, editable, folders, files, fileTags, readAfter };
}

type Contents = Pick<Listing, 'folders' | 'files' | 'fileTags'>;
type Change = (listing: Contents) => Contents;

/** A change in the folder it was made in: waiting for the API, or accepted as number `seq`. */
interface Pending {
  folderId: string | null;
  apply: Change;
}
interface Accepted extends Pending {
  seq: number;
}

/** The listing without `item`. */
const without = (item: DriveItem): Change => (l) =>
  item.kind === 'folder'
    ? { ...l, folders: l.folders.filter((f) => f.id !== item.id) }
    : { ...l, files: l.files.filter((f) => f.id !== item.id) };

/** The listing with `item` (a row of it) in it, replacing the row of the same id. */
const withItem = (item: DriveItem | { kind: 'folder'; row: FolderRow } | { kind: 'file'; row: FileRow }): Change => (l) => {
  if ('row' in item) {
    return item.kind === 'folder'
      ? { ...l, folders: [...l.folders.filter((f) => f.id !== item.row.id), item.row] }
      : { ...l, files: [...l.files.filter((f) => f.id !== item.row.id), item.row] };
  }
  const { kind, ...row } = item;
  return kind === 'folder'
    ? withItem({ kind, row: row as FolderRow })(l)
    : withItem({ kind, row: row as FileRow })(l);
};

/** The listing with `item` called `name`. */
const renamed = (item: DriveItem, name: string): Change => (l) =>
  item.kind === 'folder'
    ? { ...l, folders: l.folders.map((f) => (f.id === item.id ? { ...f, name } : f)) }
    : { ...l, files: l.files.map((f) => (f.id === item.id ? { ...f, name } : f)) };

/** "“a.txt”" for one item, "3 items" for more. */
function naming(items: DriveItem[], noun = 'items'): string {
  return items.length === 1 ? `“${visibleName(items[0].name)}”` : `${items.length} ${noun}`;
}

/** The folder an item sits in. */
const folderOf = (item: DriveItem) => (item.kind === 'folder' ? item.parent_id : item.folder_id) ?? null;

export class DriveStore {
  /** The folder shown (null: the root). */
  folderId = $state<string | null>(null);
  /** The folders from the root down to the one shown. */
  path = $state.raw<FolderRow[]>([]);
  /** The folder shown is someone else's, shared with me. */
  shared = $state(false);
  /** I may change things in the folder shown (see `Listing.editable`). */
  editable = $state(true);
  /** A reload is on its way. */
  reloading = $state(false);
  /** Why the last reload failed (the listing shown is the one before), or null. */
  error = $state<string | null>(null);
  /** Bumped when an upload finishes anywhere: a file's versions may have changed. */
  uploadsDone = $state(0);
  /** How a same-name upload is asked about (the page's dialog); without it such uploads become versions. */
  askSameName: AskSameName | null = null;

  /** The listing as the API last answered it, with the changes it accepted since. */
  #read = $state.raw<Contents & { folderId: string | null }>({ folderId: null, folders: [], files: [], fileTags: {} });
  #pending = $state.raw<Pending[]>([]);
  /** Accepted changes that a listing read later may not have yet. */
  #accepted: Accepted[] = [];
  #loaded: Listing | null = null;
  #api: DriveApi;
  #n: DriveNeighbours;

  /** What is shown: the listing read, with the changes waiting for an answer. */
  readonly contents: Contents = $derived.by(() => {
    const here = this.#read.folderId;
    return this.#pending.reduce((l, p) => (p.folderId === here ? p.apply(l) : l), this.#read as Contents);
  });
  readonly folders = $derived(this.contents.folders);
  readonly files = $derived(this.contents.files);
  readonly fileTags = $derived(this.contents.fileTags);
  /** Folders then files, in the order the sort preference asks for. */
  readonly items: DriveItem[] = $derived(
    sortItems([...this.folders.map(asFolder), ...this.files.map(asFile)], sortPref.value.key, sortPref.value.dir),
  );
  /** The files the preview walks with previous/next, in listing order (one it cannot show says so, with Download). */
  readonly previewable: FileRow[] = $derived(
    this.items.filter((i): i is FileRow & { kind: 'file' } => i.kind === 'file'),
  );

  /**
   * Reloads the folder shown. A call while a reload runs waits for one more
   * run after it, shared by every such call (forty uploads finishing into a
   * big folder reload it twice, not forty times over each other).
   */
  readonly refresh: () => Promise<void> = coalesced(() => this.#reload());

  constructor(api: DriveApi = driveApi, neighbours: DriveNeighbours = appNeighbours) {
    this.#api = api;
    this.#n = neighbours;
  }

  /** Shows a listing the page loaded (a new folder, or the same one read again). */
  show(listing: Listing): void {
    if (listing === this.#loaded) return;
    this.#loaded = listing;
    this.folderId = listing.folderId;
    this.#land(listing);
  }

  /** Reloads when uploads finish into the folder shown; returns the unsubscribe. */
  watchUploads(): () => void {
    return this.#n.uploads.onComplete((file) => {
      this.uploadsDone++;
      if ((file.folder_id ?? null) === this.folderId) void this.refresh();
    });
  }

  /** The tags shown on a file. */
  tagsOf(item: DriveItem): Tag[] {
    return item.kind === 'file' ? (this.fileTags[item.id] ?? []) : [];
  }

  /** A file's tags changed (the details panel's editor has saved them). */
  setTags(fileId: string, tags: Tag[]): void {
    this.#accept(this.folderId, (l) => ({ ...l, fileTags: { ...l.fileTags, [fileId]: tags } }));
  }

  /** Creates a folder here; throws the API's error (the name dialog shows it). */
  async createFolder(name: string): Promise<FolderRow> {
    const folder = await this.#api.createFolder(name, this.folderId);
    this.#accept(this.folderId, withItem({ kind: 'folder', row: folder }));
    return folder;
  }

  /** Renames an item at once; true when the API agrees, else it is called what it was again. */
  async rename(item: DriveItem, name: string): Promise<boolean> {
    if (name === item.name) return true;
    try {
      // What stays is the API's row (the name as stored).
      await this.#optimistic(
        renamed(item, name),
        async (): Promise<Change> =>
          item.kind === 'folder'
            ? withItem({ kind: 'folder', row: await this.#api.renameFolder(item.id, name) })
            : withItem({ kind: 'file', row: await this.#api.renameFile(item.id, name) }),
      );
      return true;
    } catch (err) {
      this.#n.toasts.error(`${naming([item])} was not renamed: ${messageOf(err)}`);
      return false;
    }
  }

  /**
   * Moves items into `target` (null: the root, named `targetName`); they
   * leave this folder at once. The toast says where, with Undo, which moves
   * each back to the folder it came from. Answers those moved.
   */
  async move(targets: DriveItem[], target: string | null, targetName?: string): Promise<DriveItem[]> {
    if (target === this.folderId) return [];
    const moving = targets.filter((i) => !(i.kind === 'folder' && i.id === target));
    const done = await this.#removeEach(moving, 'not moved', (i) =>
      i.kind === 'folder' ? this.#api.moveFolder(i.id, target) : this.#api.moveFile(i.id, target),
    );
    if (done.length) {
      const where = targetName ? ` to ${visibleName(targetName)}` : '';
      this.#n.toasts.show(`Moved ${naming(done)}${where}`, { action: { label: 'Undo', run: () => void this.#moveBack(done) } });
    }
    return done;
  }

  /** Undoes a move: each item back into the folder it was in; those that lived here show again. */
  async #moveBack(items: DriveItem[]): Promise<void> {
    const results = await Promise.allSettled(
      items.map((i) => {
        const origin = folderOf(i);
        const call = () => (i.kind === 'folder' ? this.#api.moveFolder(i.id, origin) : this.#api.moveFile(i.id, origin));
        return origin === this.folderId ? this.#optimistic(withItem(i), async () => (await call(), withItem(i))) : call();
      }),
    );
    const done = this.#report(items, results, 'not moved back');
    if (done.length) this.#n.toasts.show(`Moved ${naming(done)} back`);
  }

  /** Moves items to the trash at once, with Undo. Answers those trashed. */
  async trash(targets: DriveItem[]): Promise<DriveItem[]> {
    if (!targets.length) return [];
    const done = await this.#removeEach(targets, 'not moved to the trash', (i) =>
      i.kind === 'folder' ? this.#api.trashFolder(i.id) : this.#api.trashFile(i.id),
    );
    if (!done.length) return done;
    this.#n.toasts.show(`${naming(done)} moved to trash`, {
      action: { label: 'Undo', run: () => void this.restore(done) },
    });
    void this.#n.usage.refresh();
    void this.#n.tags.refresh();
    return done;
  }

  /** Takes items out of the trash; those that lived here show again at once. Answers those restored. */
  async restore(items: DriveItem[]): Promise<DriveItem[]> {
    const results = await Promise.allSettled(
      items.map((i) => {
        const call = () => (i.kind === 'folder' ? this.#api.restoreFolder(i.id) : this.#api.restoreFile(i.id));
        return folderOf(i) === this.folderId ? this.#optimistic(withItem(i), async () => (await call(), withItem(i))) : call();
      }),
    );
    const done = this.#report(items, results, 'not restored');
    if (done.length) {
      // A folder restored next to one of the same name comes back renamed: read what it is called now.
      void this.refresh();
      void this.#n.usage.refresh();
      void this.#n.tags.refresh();
    }
    return done;
  }

  /**
   * Copies files into `target` (null: the root); a copy here shows when the
   * API answers its row. Throws the first refusal (the folder picker shows it).
   */
  async copy(targets: DriveItem[], target: string | null): Promise<void> {
    const fileTargets = targets.filter((i) => i.kind === 'file');
    const results = await Promise.allSettled(
      fileTargets.map(async (i) => {
        const row = await this.#api.copyFile(i.id, target);
        this.#accept(target, withItem({ kind: 'file', row }));
        return row;
      }),
    );
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    if (failed.length < results.length) void this.#n.usage.refresh();
    if (failed.length) throw failed[0].reason;
    this.#n.toasts.show(`Copied ${naming(fileTargets, 'files')}`);
  }

  /** Starts a browser download: one file as itself; a folder or several items as one zip. */
  async download(targets: DriveItem[]): Promise<void> {
    if (targets.length === 1 && targets[0].kind === 'file') {
      try {
        await this.#api.downloadFile(targets[0].id);
      } catch (err) {
        this.#n.toasts.error(`${naming(targets)}: ${messageOf(err)}`);
      }
      return;
    }
    await this.downloadZip(targets);
  }

  /** Starts a browser download of the items (folders with everything in them) as one zip. */
  async downloadZip(targets: DriveItem[]): Promise<void> {
    if (!targets.length) return;
    const ids = (kind: DriveItem['kind']) => targets.filter((t) => t.kind === kind).map((t) => t.id);
    try {
      const zip = await this.#api.downloadZip(ids('file'), ids('folder'));
      this.#n.toasts.show(`Downloading ${zip.name} (${zip.entries} item${zip.entries === 1 ? '' : 's'})`);
    } catch (err) {
      this.#n.toasts.error(`Could not zip ${naming(targets)}: ${messageOf(err)}`);
    }
  }

  /** Queues dropped or picked files into `target`, creating the folders of a dropped folder tree first. */
  async upload(dropped: DroppedFile[], target: string | null = this.folderId): Promise<void> {
    try {
      const ids = new Map<string, string | null>([['', target]]);
      for (const dir of foldersToCreate(dropped.map((d) => d.relativePath))) {
        const folder = await this.#api.ensureFolder(baseName(dir), ids.get(parentPath(dir)) ?? target);
        ids.set(dir, folder.id);
      }
      if (ids.size > 1) void this.refresh();
      const jobs = dropped.map((d) => ({ file: d.file, folderId: ids.get(splitRelativePath(d.relativePath).dirs.join('/')) ?? target }));
      const kept = await this.#sameNames(jobs);
      if (kept.length) this.#n.uploads.add(kept);
    } catch (err) {
      this.#n.toasts.error(messageOf(err));
    }
  }

  /**
   * Asks about each upload whose name is taken in its folder (the API says
   * which, and the free name for "keep both"), in order; an answer "for all"
   * holds for the rest of the batch. Answers the jobs to queue.
   */
  async #sameNames(jobs: UploadJob[]): Promise<UploadJob[]> {
    const ask = this.askSameName;
    if (!ask || !jobs.length) return jobs;
    const byFolder = new Map<string | null, UploadJob[]>();
    for (const j of jobs) byFolder.set(j.folderId, [...(byFolder.get(j.folderId) ?? []), j]);
    const conflicts = new Map<UploadJob, string>();
    await Promise.all(
      [...byFolder].map(async ([folderId, group]) => {
        const found = await this.#api.uploadNameConflicts(folderId, group.map((j) => j.file.name));
        // The API answers in the order asked, one row per taken name.
        let at = 0;
        for (const c of found) {
          while (at < group.length && group[at].file.name !== c.name) at++;
          if (at < group.length) conflicts.set(group[at++], c.free_name);
        }
      }),
    );
    let remembered: SameNameChoice | null = null;
    let left = conflicts.size;
    const out: UploadJob[] = [];
    for (const job of jobs) {
      const free = conflicts.get(job);
      if (free === undefined) {
        out.push(job);
        continue;
      }
      left--;
      let choice: SameNameChoice | null = remembered;
      if (!choice) {
        const answer = await ask(job.file.name, left);
        choice = answer.choice;
        if (answer.forAll) remembered = choice;
      }
      if (choice === 'replace') out.push(job);
      else if (choice === 'keep-both') {
        const { file } = job;
        out.push({ ...job, file: new File([file], free, { type: file.type, lastModified: file.lastModified }) });
      }
    }
    return out;
  }

  /** Uploads `file` as the next version of `of` (same name in the same folder: the API stores a version). */
  uploadVersion(of: DriveItem, file: File): void {
    if (of.kind !== 'file') return;
    const renamed = new File([file], of.name, { type: file.type || of.mime_type, lastModified: file.lastModified });
    this.#n.uploads.add([{ file: renamed, folderId: of.folder_id }]);
  }

  /**
   * Shows `change` until `call` settles; takes it away again when the call
   * fails. What stays when it succeeds is the change `call` answers, if any.
   */
  async #optimistic(change: Change, call: () => Promise<Change | void>): Promise<void> {
    const pending: Pending = { folderId: this.folderId, apply: change };
    this.#pending = [...this.#pending, pending];
    try {
      const result = await call();
      this.#accept(pending.folderId, result ?? change);
    } finally {
      this.#pending = this.#pending.filter((p) => p !== pending);
    }
  }

  /** Removes each target at once, runs its call, and brings back those refused. Answers those done. */
  async #removeEach(targets: DriveItem[], failure: string, call: (item: DriveItem) => Promise<unknown>): Promise<DriveItem[]> {
    const results = await Promise.allSettled(targets.map((t) => this.#optimistic(without(t), async () => void (await call(t)))));
    return this.#report(targets, results, failure);
  }

  /** Toasts the first refusal among `results`; answers the items that went through. */
  #report(items: DriveItem[], results: PromiseSettledResult<unknown>[], failure: string): DriveItem[] {
    const failed = items.filter((_, i) => results[i].status === 'rejected');
    if (failed.length) {
      const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
      this.#n.toasts.error(`${naming(failed)} ${failed.length === 1 ? 'was' : 'were'} ${failure}: ${messageOf(reason)}`);
    }
    return items.filter((i) => !failed.includes(i));
  }

  /** A change the API accepted: into the listing read, and kept for listings whose reading began before. */
  #accept(folderId: string | null, apply: Change): void {
    this.#accepted.push({ folderId, apply, seq: ++accepted });
    if (folderId === this.#read.folderId) this.#read = { ...this.#read, ...apply(this.#read) };
  }

  /** A listing read from the API becomes the one shown, with the changes accepted since its reading began. */
  #land(listing: Listing): void {
    this.#accepted = this.#accepted.filter((a) => a.seq > listing.readAfter);
    const later = this.#accepted.filter((a) => a.folderId === listing.folderId);
    const { folderId, folders, files, fileTags } = listing;
    this.#read = later.reduce((l, a) => ({ ...l, ...a.apply(l) }), { folderId, folders, files, fileTags });
    this.path = listing.path;
    this.shared = listing.shared;
    this.editable = listing.editable;
    this.error = null;
  }

  async #reload(): Promise<void> {
    const folderId = this.folderId;
    this.reloading = true;
    try {
      const listing = await loadListing(folderId, this.#api);
      if (folderId !== this.folderId) return; // the page moved on
      if (folderId && listing.path.length === 0) {
        this.error = 'This folder is no longer there: it was moved to the trash or deleted.';
        return;
      }
      this.#land(listing);
    } catch (err) {
      if (folderId === this.folderId) this.error = messageOf(err);
    } finally {
      this.reloading = false;
    }
  }
}
