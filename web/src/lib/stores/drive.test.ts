// @vitest-environment happy-dom
// The module builds the app's API client, a browser module (supabase-js wants a WebSocket).
import { describe, expect, it, vi } from 'vitest';
import { DriveStore, loadListing, type DriveApi, type DriveNeighbours, type Listing } from './drive.svelte';
import { ApiError } from '$lib/api/errors';
import type { FileRow, FolderRow } from '$lib/api/types';

const folder = (id: string, name = id, parent: string | null = null): FolderRow => ({
  id, name, owner_id: 'u1', parent_id: parent, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', trashed_at: null,
});
const file = (id: string, name = `${id}.txt`, folderId: string | null = null): FileRow => ({
  id, name, owner_id: 'u1', folder_id: folderId, mime_type: 'text/plain', size: 1, sha256: null, visibility: 'private',
  public_token: null, description: null, current_version_id: null,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', trashed_at: null,
});

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Every call of the fake API waits until the test answers it. */
function fakeApi() {
  const calls: { name: string; args: unknown[]; resolve: (v?: unknown) => void; reject: (e: unknown) => void }[] = [];
  const waiting = (name: string) => (...args: unknown[]) => {
    const d = deferred<unknown>();
    calls.push({ name, args, resolve: d.resolve, reject: d.reject });
    return d.promise;
  };
  const api = new Proxy({} as DriveApi, { get: (_, name) => waiting(String(name)) });
  const take = (name: string) => {
    const i = calls.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`no pending ${name} call (have: ${calls.map((c) => c.name).join(', ')})`);
    return calls.splice(i, 1)[0];
  };
  return { api, calls, take };
}

function fakeNeighbours() {
  const shown: { message: string; kind: string; action?: { label: string; run: () => void } }[] = [];
  const neighbours: DriveNeighbours = {
    toasts: {
      show: (message, opts = {}) => shown.push({ message, kind: opts.kind ?? 'info', action: opts.action }),
      error: (message) => shown.push({ message, kind: 'error' }),
    },
    usage: { refresh: vi.fn(async () => {}) },
    tags: { refresh: vi.fn(async () => {}) },
    uploads: { add: vi.fn(() => []), onComplete: vi.fn(() => () => true) },
  };
  return { neighbours, shown, errors: () => shown.filter((t) => t.kind === 'error').map((t) => t.message) };
}

const listing = (over: Partial<Listing> = {}): Listing => ({
  folderId: null, path: [], shared: false, editable: true, folders: [folder('d1', 'Docs')], files: [file('f1', 'a.txt'), file('f2', 'b.txt')], fileTags: {}, readAfter: 0,
  ...over,
});

const settle = () => new Promise<void>((r) => setTimeout(r, 0));
const names = (drive: DriveStore) => drive.items.map((i) => i.name);

function setup() {
  const { api, calls, take } = fakeApi();
  const { neighbours, shown, errors } = fakeNeighbours();
  const drive = new DriveStore(api, neighbours);
  drive.show(listing());
  return { drive, calls, take, shown, errors, neighbours };
}

/** Answers the four reads of a reload with `l`. */
function answerReload(take: ReturnType<typeof fakeApi>['take'], l: Partial<Listing>) {
  take('listFolders').resolve(l.folders ?? []);
  take('listFiles').resolve(l.files ?? []);
  take('listFolderFileTags').resolve(l.fileTags ?? {});
}

describe('DriveStore', () => {
  it('shows a new name at once, and the old one again with the API\'s words when it refuses', async () => {
    const { drive, take, errors } = setup();
    const item = drive.items.find((i) => i.id === 'f1')!;
    const renaming = drive.rename(item, 'z.txt');
    expect(names(drive)).toEqual(['Docs', 'b.txt', 'z.txt']);
    const call = take('renameFile');
    expect(call.args).toEqual(['f1', 'z.txt']);
    call.reject(new ApiError(409, { code: '23505', message: 'A file called “z.txt” is already in this folder' }));
    expect(await renaming).toBe(false);
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
    expect(errors()).toEqual(['“a.txt” was not renamed: A file called “z.txt” is already in this folder']);
  });

  it('keeps the row the API answers for a rename', async () => {
    const { drive, take, errors } = setup();
    const renaming = drive.rename(drive.items.find((i) => i.id === 'd1')!, 'papers');
    expect(names(drive)[0]).toBe('papers');
    take('renameFolder').resolve({ ...folder('d1'), name: 'Papers' });
    expect(await renaming).toBe(true);
    expect(names(drive)).toEqual(['Papers', 'a.txt', 'b.txt']);
    expect(errors()).toEqual([]);
  });

  it('moves items out at once and brings back those the API refuses, saying why', async () => {
    const { drive, take, errors, shown } = setup();
    const [d1, f1, f2] = drive.items;
    const moving = drive.move([d1, f1, f2], 'elsewhere');
    expect(names(drive)).toEqual([]);
    take('moveFolder').resolve(folder('d1', 'Docs', 'elsewhere'));
    take('moveFile').reject(new ApiError(403, { code: '42501', message: 'permission denied' }));
    take('moveFile').resolve(file('f2', 'b.txt', 'elsewhere'));
    expect(await moving).toEqual([d1, f2]);
    expect(names(drive)).toEqual(['a.txt']);
    expect(errors()).toEqual(['“a.txt” was not moved: permission denied']);
    expect(shown.at(-1)?.message).toBe('Moved 2 items');
  });

  it('says where items moved, and Undo moves each back to where it was', async () => {
    const { drive, take, shown } = setup();
    const [, f1, f2] = drive.items;
    const moving = drive.move([f1, f2], 'reports', 'Reports');
    take('moveFile').resolve(file('f1', 'a.txt', 'reports'));
    take('moveFile').resolve(file('f2', 'b.txt', 'reports'));
    await moving;
    const toast = shown.at(-1)!;
    expect(toast.message).toBe('Moved 2 items to Reports');
    expect(names(drive)).toEqual(['Docs']);
    toast.action!.run();
    // They show here again at once, while the API moves them back.
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
    const back = [take('moveFile'), take('moveFile')];
    expect(back.map((c) => c.args)).toEqual([['f1', null], ['f2', null]]);
    back.forEach((c, i) => c.resolve(file(`f${i + 1}`, i ? 'b.txt' : 'a.txt')));
    await expect.poll(() => shown.at(-1)?.message).toBe('Moved 2 items back');
  });

  it('does not move a folder into itself, nor anything into the folder it is in', async () => {
    const { drive, calls } = setup();
    expect(await drive.move(drive.items, null)).toEqual([]);
    expect(calls).toEqual([]);
    void drive.move([drive.items[0]], 'd1');
    expect(calls).toEqual([]);
  });

  it('trashes at once, rolls back a refusal, and offers Undo for the rest', async () => {
    const { drive, take, errors, shown, neighbours } = setup();
    const [d1, f1] = drive.items;
    const trashing = drive.trash([d1, f1]);
    expect(names(drive)).toEqual(['b.txt']);
    take('trashFolder').reject(new ApiError(400, { message: 'The folder is busy' }));
    take('trashFile').resolve();
    expect(await trashing).toEqual([f1]);
    expect(names(drive)).toEqual(['Docs', 'b.txt']);
    expect(errors()).toEqual(['“Docs” was not moved to the trash: The folder is busy']);
    const undo = shown.find((t) => t.message === '“a.txt” moved to trash')!;
    expect(undo.action?.label).toBe('Undo');
    expect(neighbours.usage.refresh).toHaveBeenCalled();
    expect(neighbours.tags.refresh).toHaveBeenCalled();

    undo.action!.run();
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
    take('restoreFile').resolve();
    await settle();
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
  });

  it('takes a restore back when the API refuses it', async () => {
    const { drive, take, errors } = setup();
    const f1 = drive.items[1];
    const trashing = drive.trash([f1]);
    take('trashFile').resolve();
    await trashing;
    const restoring = drive.restore([f1]);
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
    take('restoreFile').reject(new ApiError(404, { message: 'The file is gone' }));
    expect(await restoring).toEqual([]);
    expect(names(drive)).toEqual(['Docs', 'b.txt']);
    expect(errors()).toEqual(['“a.txt” was not restored: The file is gone']);
  });

  it('keeps a change waiting for the API over a reload that lands meanwhile, and drops it alone when refused', async () => {
    const { drive, take } = setup();
    const renaming = drive.rename(drive.items[1], 'z.txt');
    const reloading = drive.refresh();
    answerReload(take, { folders: [folder('d1', 'Docs')], files: [file('f1', 'a.txt'), file('f2', 'b.txt'), file('f3', 'new.txt')] });
    await reloading;
    expect(names(drive)).toEqual(['Docs', 'b.txt', 'new.txt', 'z.txt']);
    take('renameFile').reject(new ApiError(500, { message: 'no' }));
    await renaming;
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt', 'new.txt']);
  });

  it('does not let a reload that began before an accepted change bring the old state back', async () => {
    const { drive, take } = setup();
    const reloading = drive.refresh(); // reads the folder as it was
    const trashing = drive.trash([drive.items[1]]);
    take('trashFile').resolve();
    await trashing;
    answerReload(take, { folders: [folder('d1', 'Docs')], files: [file('f1', 'a.txt'), file('f2', 'b.txt')] });
    await reloading;
    expect(names(drive)).toEqual(['Docs', 'b.txt']);
  });

  it('reloads one at a time: calls during a reload share one more after it', async () => {
    const { drive, calls, take } = setup();
    const first = drive.refresh();
    const more = [drive.refresh(), drive.refresh(), drive.refresh()];
    expect(calls.filter((c) => c.name === 'listFiles')).toHaveLength(1);
    answerReload(take, listing());
    await first;
    await settle();
    expect(calls.filter((c) => c.name === 'listFiles')).toHaveLength(1);
    answerReload(take, listing({ files: [] }));
    await Promise.all(more);
    expect(names(drive)).toEqual(['Docs']);
    expect(calls).toEqual([]);
  });

  it('keeps the listing and says why when a reload fails', async () => {
    const { drive, take } = setup();
    const reloading = drive.refresh();
    take('listFolders').reject(new ApiError(500, { message: 'canceling statement due to statement timeout' }));
    take('listFiles').resolve([]);
    take('listFolderFileTags').resolve({});
    await reloading;
    expect(drive.error).toBe('canceling statement due to statement timeout');
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
  });

  it('ignores a reload of a folder the page has left', async () => {
    const { drive, take } = setup();
    const reloading = drive.refresh();
    drive.show(listing({ folderId: 'd1', path: [folder('d1', 'Docs')], folders: [], files: [file('f9', 'inner.txt', 'd1')] }));
    answerReload(take, listing());
    await reloading;
    expect(drive.folderId).toBe('d1');
    expect(names(drive)).toEqual(['inner.txt']);
  });

  it('shows a copy made here when the API answers its row, and throws a refusal for the picker', async () => {
    const { drive, take } = setup();
    const copying = drive.copy([drive.items[1]], null);
    expect(names(drive)).toEqual(['Docs', 'a.txt', 'b.txt']);
    take('copyFile').resolve(file('f3', 'a (copy).txt'));
    await copying;
    expect(names(drive)).toEqual(['Docs', 'a (copy).txt', 'a.txt', 'b.txt']);

    const refused = drive.copy([drive.items[1]], 'd1');
    take('copyFile').reject(new ApiError(413, { message: 'Your storage is full' }));
    await expect(refused).rejects.toThrow('Your storage is full');
  });

  it('downloads one file as itself, and a folder or several items as one zip, saying which', async () => {
    const { drive, take, shown, errors } = setup();
    const [docs, a, b] = drive.items;
    const one = drive.download([a]);
    expect(take('downloadFile').args).toEqual(['f1']);
    await settle();
    void one;

    const several = drive.download([docs, a, b]);
    const zip = take('downloadZip');
    expect(zip.args).toEqual([['f1', 'f2'], ['d1']]);
    zip.resolve({ name: 'Drive download 2026-12-03.zip', entries: 4, size: 100 });
    await several;
    expect(shown.at(-1)?.message).toBe('Downloading Drive download 2026-12-03.zip (4 items)');

    const folder = drive.downloadZip([docs]);
    take('downloadZip').reject(new ApiError(404, { message: 'Folder not found.' }));
    await folder;
    expect(errors()).toEqual(['Could not zip “Docs”: Folder not found.']);
  });

  it('reads a listing with the count of changes accepted before the reading began', async () => {
    const { api, take } = fakeApi();
    const reading = loadListing('d1', api);
    take('listFolders').resolve([]);
    take('listFiles').resolve([file('f1', 'a.txt', 'd1')]);
    take('folderPath').resolve([folder('d1')]);
    take('listFolderFileTags').resolve({ f1: [{ id: 't1', name: 'red' }] });
    const l = await reading;
    expect(l).toMatchObject({ folderId: 'd1', path: [folder('d1')], fileTags: { f1: [{ id: 't1', name: 'red' }] } });
    expect(typeof l.readAfter).toBe('number');
  });

  it('reads the files of a folder shared with me from the shared listing, and my role there, and only then', async () => {
    const { api, take, calls } = fakeApi();
    const reading = loadListing('d2', api, 'u2');
    take('listFolders').resolve([]);
    take('listFiles').resolve([]);
    take('folderPath').resolve([folder('d1'), folder('d2', 'd2', 'd1')]);
    take('listFolderFileTags').resolve({});
    await vi.waitFor(() => expect(calls.map((c) => c.name).sort()).toEqual(['editsSharedFolder', 'listSharedFiles']));
    const call = take('listSharedFiles');
    expect(call.args).toEqual(['d2']);
    call.resolve([file('f9', 'theirs.txt', 'd2')]);
    // An editor share on any folder of the trail makes this one editable: the whole path is asked about.
    const role = take('editsSharedFolder');
    expect(role.args).toEqual([['d1', 'd2']]);
    role.resolve(false);
    expect(await reading).toMatchObject({ shared: true, editable: false, files: [file('f9', 'theirs.txt', 'd2')] });

    const edited = loadListing('d1', api, 'u2');
    take('listFolders').resolve([]);
    take('listFiles').resolve([]);
    take('folderPath').resolve([folder('d1')]);
    take('listFolderFileTags').resolve({});
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    take('listSharedFiles').resolve([]);
    take('editsSharedFolder').resolve(true);
    expect(await edited).toMatchObject({ shared: true, editable: true });

    const mine = loadListing('d1', api, 'u1');
    take('listFolders').resolve([]);
    take('listFiles').resolve([file('f1', 'a.txt', 'd1')]);
    take('folderPath').resolve([folder('d1')]);
    take('listFolderFileTags').resolve({});
    expect(await mine).toMatchObject({ shared: false, editable: true, files: [file('f1', 'a.txt', 'd1')] });
    expect(calls).toHaveLength(0);
  });

  describe('a same-name upload', () => {
    const dropped = (...names: string[]) => names.map((n) => ({ file: new File(['x'], n, { type: 'text/plain' }), relativePath: n }));
    const queued = (neighbours: DriveNeighbours) =>
      (neighbours.uploads.add as ReturnType<typeof vi.fn>).mock.calls.flatMap((c) => (c[0] as { file: File }[]).map((j) => j.file.name));

    it('asks, and keeps both under the API\'s free name or replaces as a new version', async () => {
      const { drive, take, neighbours } = setup();
      const asked: string[] = [];
      const answers = [{ choice: 'keep-both' as const, forAll: false }, { choice: 'replace' as const, forAll: false }];
      drive.askSameName = async (name) => (asked.push(name), answers.shift()!);
      const uploading = drive.upload(dropped('a.txt', 'new.txt', 'b.txt'));
      const call = take('uploadNameConflicts');
      expect(call.args).toEqual([null, ['a.txt', 'new.txt', 'b.txt']]);
      call.resolve([{ name: 'a.txt', free_name: 'a (1).txt' }, { name: 'b.txt', free_name: 'b (1).txt' }]);
      await uploading;
      expect(asked).toEqual(['a.txt', 'b.txt']);
      expect(queued(neighbours)).toEqual(['a (1).txt', 'new.txt', 'b.txt']);
    });

    it('remembers an answer for the rest of the batch, and skips', async () => {
      const { drive, take, neighbours } = setup();
      const asked: [string, number][] = [];
      drive.askSameName = async (name, left) => (asked.push([name, left]), { choice: 'skip', forAll: true });
      const uploading = drive.upload(dropped('a.txt', 'b.txt', 'c.txt'));
      take('uploadNameConflicts').resolve([{ name: 'a.txt', free_name: 'a (1).txt' }, { name: 'b.txt', free_name: 'b (1).txt' }]);
      await uploading;
      expect(asked).toEqual([['a.txt', 1]]);
      expect(queued(neighbours)).toEqual(['c.txt']);
    });

    it('uploads nothing and says why when the API cannot say which names are taken', async () => {
      const { drive, take, neighbours, errors } = setup();
      drive.askSameName = async () => ({ choice: 'replace', forAll: true });
      const uploading = drive.upload(dropped('a.txt'));
      take('uploadNameConflicts').reject(new ApiError(503, { message: 'The service is unavailable' }));
      await uploading;
      expect(queued(neighbours)).toEqual([]);
      expect(errors()).toEqual(['The service is unavailable']);
    });
  });
});
