// Keeps Tab and Shift+Tab inside a node (a dialog, an overlay) and closes it on
// Escape; focus moves in on mount and returns to where it was on destroy.

const FOCUSABLE =
  'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), iframe, audio[controls], video[controls], [contenteditable]:not([contenteditable="false"]), [tabindex]:not([tabindex="-1"])';

export interface FocusTrapOptions {
  onEscape?: () => void;
  /** Focus the first focusable element on mount (default true). */
  autoFocus?: boolean;
}

/** The focusable elements of `node`, in tab order. */
export function focusables(node: HTMLElement): HTMLElement[] {
  return [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('inert') && el.tabIndex >= 0);
}

export function focusTrap(node: HTMLElement, options: FocusTrapOptions = {}) {
  let opts = options;
  const previous = (typeof document !== 'undefined' ? document.activeElement : null) as HTMLElement | null;

  const onKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && opts.onEscape) {
      e.stopPropagation();
      e.preventDefault();
      opts.onEscape();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = focusables(node);
    if (items.length === 0) {
      e.preventDefault();
      node.focus();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !node.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !node.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  node.addEventListener('keydown', onKeydown);
  if (opts.autoFocus !== false) {
    queueMicrotask(() => {
      if (!node.contains(document.activeElement)) (focusables(node)[0] ?? node).focus();
    });
  }

  return {
    update(next: FocusTrapOptions) {
      opts = next;
    },
    destroy() {
      node.removeEventListener('keydown', onKeydown);
      if (previous && document.contains(previous)) previous.focus();
    },
  };
}
