// Keyboard shortcuts: `use:shortcut={[{ key: 'Delete', run }]}` on a node (or
// window through `<svelte:window use:...>` is not possible, so the drive puts
// it on its root). Shortcuts do not fire while typing in a field.

export interface Shortcut {
  /** KeyboardEvent.key, compared case-insensitively ("Delete", "F2", "a"). */
  key: string;
  /** Ctrl on Linux/Windows or Cmd on macOS. */
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** Fire even when focus is in an input or textarea. */
  inInputs?: boolean;
  run: (e: KeyboardEvent) => void;
}

/** Is the event's target a place where keys mean text? */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || !t.tagName) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

/** Does the event match the shortcut? */
export function matches(e: KeyboardEvent, s: Shortcut): boolean {
  const mod = e.ctrlKey || e.metaKey;
  return (
    e.key.toLowerCase() === s.key.toLowerCase() &&
    mod === Boolean(s.mod) &&
    e.shiftKey === Boolean(s.shift) &&
    e.altKey === Boolean(s.alt)
  );
}

export function shortcut(node: HTMLElement | Window, shortcuts: Shortcut[]) {
  let list = shortcuts;
  const onKeydown = (e: Event) => {
    const ke = e as KeyboardEvent;
    if (ke.defaultPrevented) return;
    for (const s of list) {
      if (!matches(ke, s)) continue;
      if (isTyping(ke) && !s.inInputs) continue;
      ke.preventDefault();
      s.run(ke);
      return;
    }
  };
  node.addEventListener('keydown', onKeydown);
  return {
    update(next: Shortcut[]) {
      list = next;
    },
    destroy() {
      node.removeEventListener('keydown', onKeydown);
    },
  };
}
