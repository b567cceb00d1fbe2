// Dragging items of the drive onto a folder (a folder row or a breadcrumb)
// moves them there. The dragged items travel as their keys under our own
// type, so files dragged in from the desktop (the upload drop zone's) and
// text dragged from elsewhere are not mistaken for a move.

/** The drag data type of drive items being moved. */
export const MOVE_TYPE = 'application/x-pgdrive-items';

export interface MoveTargetOptions {
  /** No drop here (not a folder, or one of the items dragged). */
  disabled?: boolean;
  onHover?: (over: boolean) => void;
  onDrop: (keys: string[]) => void;
}

/** Is this drag carrying drive items? */
export function carriesItems(e: DragEvent): boolean {
  return !!e.dataTransfer && [...e.dataTransfer.types].includes(MOVE_TYPE);
}

/** Starts a drag of `keys` (the selection, or the one item under the pointer). */
export function startMove(e: DragEvent, keys: string[], label: string): void {
  if (!e.dataTransfer) return;
  e.dataTransfer.setData(MOVE_TYPE, JSON.stringify(keys));
  e.dataTransfer.setData('text/plain', label);
  e.dataTransfer.effectAllowed = 'move';
}

export function moveTarget(node: HTMLElement, options: MoveTargetOptions) {
  let opts = options;
  let depth = 0;
  const accepts = (e: DragEvent) => !opts.disabled && carriesItems(e);

  const onEnter = (e: DragEvent) => {
    if (!accepts(e)) return;
    e.preventDefault();
    if (depth++ === 0) opts.onHover?.(true);
  };
  const onOver = (e: DragEvent) => {
    if (!accepts(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
  };
  const onLeave = (e: DragEvent) => {
    if (!accepts(e)) return;
    if (--depth <= 0) {
      depth = 0;
      opts.onHover?.(false);
    }
  };
  const onDrop = (e: DragEvent) => {
    if (!accepts(e) || !e.dataTransfer) return;
    e.preventDefault();
    e.stopPropagation();
    depth = 0;
    opts.onHover?.(false);
    try {
      const keys = JSON.parse(e.dataTransfer.getData(MOVE_TYPE));
      if (Array.isArray(keys) && keys.every((k) => typeof k === 'string')) opts.onDrop(keys);
    } catch {
      // not ours after all
    }
  };

  node.addEventListener('dragenter', onEnter);
  node.addEventListener('dragover', onOver);
  node.addEventListener('dragleave', onLeave);
  node.addEventListener('drop', onDrop);
  return {
    update(next: MoveTargetOptions) {
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
