// A drop zone for files and whole folders from the desktop. Folders are read
// through the File System entries API, so each file keeps its relative path.

export interface DroppedFile {
  file: File;
  /** "photos/2024/a.jpg" for files inside a dropped folder; the bare name otherwise. */
  relativePath: string;
}

export interface DropZoneOptions {
  onDrop: (files: DroppedFile[]) => void;
  /** Called with true while files hover over the zone. */
  onHover?: (hovering: boolean) => void;
  disabled?: boolean;
  /**
   * Files may not be dropped here (a folder shared with me to view): the drag
   * is refused (no copy cursor, no hover, no drop), and a drop is swallowed so
   * the browser does not open the file in place of the app.
   */
  refuse?: boolean;
}

interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  file?: (ok: (f: File) => void, err: (e: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: FsEntry[]) => void, err: (e: unknown) => void) => void };
}

/** Does the drag carry files (not text or a link)? */
export function carriesFiles(e: DragEvent): boolean {
  return Boolean(e.dataTransfer && [...e.dataTransfer.types].includes('Files'));
}

/** Walks an entry tree into files with their paths. */
export async function readEntry(entry: FsEntry, prefix = ''): Promise<DroppedFile[]> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, err) => entry.file!(ok, err));
    return [{ file, relativePath: path }];
  }
  if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    const out: DroppedFile[] = [];
    // readEntries returns at most 100 entries per call: read until empty.
    for (;;) {
      const batch = await new Promise<FsEntry[]>((ok, err) => reader.readEntries(ok, err));
      if (batch.length === 0) break;
      for (const child of batch) out.push(...(await readEntry(child, path)));
    }
    return out;
  }
  return [];
}

/** The files of a drop, folders expanded. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...dt.items]
    .filter((i) => i.kind === 'file')
    .map((i) => (i as DataTransferItem & { webkitGetAsEntry?: () => FsEntry | null }).webkitGetAsEntry?.() ?? null);
  if (entries.length && entries.every(Boolean)) {
    const lists = await Promise.all(entries.map((e) => readEntry(e!)));
    return lists.flat();
  }
  return [...dt.files].map((file) => ({ file, relativePath: file.name }));
}

export function dropZone(node: HTMLElement, options: DropZoneOptions) {
  let opts = options;
  let depth = 0;
  const set = (v: boolean) => opts.onHover?.(v);

  const onEnter = (e: DragEvent) => {
    if (opts.disabled || opts.refuse || !carriesFiles(e)) return;
    e.preventDefault();
    if (depth++ === 0) set(true);
  };
  const onOver = (e: DragEvent) => {
    if (opts.disabled || !carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = opts.refuse ? 'none' : 'copy';
  };
  const onLeave = (e: DragEvent) => {
    if (opts.disabled || opts.refuse || !carriesFiles(e)) return;
    if (--depth <= 0) {
      depth = 0;
      set(false);
    }
  };
  const onDrop = async (e: DragEvent) => {
    if (opts.disabled || !carriesFiles(e) || !e.dataTransfer) return;
    if (opts.refuse) return e.preventDefault();
    depth = 0;
    set(false);
    // A nested zone (a folder inside the drive) took this drop already.
    if (e.defaultPrevented) return;
    e.preventDefault();
    const files = await filesFromDataTransfer(e.dataTransfer);
    if (files.length) opts.onDrop(files);
  };

  node.addEventListener('dragenter', onEnter);
  node.addEventListener('dragover', onOver);
  node.addEventListener('dragleave', onLeave);
  node.addEventListener('drop', onDrop);
  return {
    update(next: DropZoneOptions) {
      opts = next;
    },
    destroy() {
      node.removeEventListener('dragenter', onEnter);
      node.removeEventListener('dragover', onOver);
      node.removeEventListener('dragleave', onLeave);
      node.removeEventListener('drop', onDrop);
    },
  };
}
