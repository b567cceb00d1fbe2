// `use:nearView={onNear}`: calls `onNear` when the node comes within `margin`
// of the viewport (or is already there when it appears). For rendering a long
// list in steps; give each step its own node (`{#key}`), since an observer only
// reports a change of state, not a node that stays in view.

/** Observes `node`; the returned action takes a new callback or stops observing. */
export function nearView(node: HTMLElement, onNear: () => void, margin = '800px'): { update(next: () => void): void; destroy(): void } {
  let callback = onNear;
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) callback();
    },
    { rootMargin: margin },
  );
  observer.observe(node);
  return {
    update(next: () => void) {
      callback = next;
    },
    destroy() {
      observer.disconnect();
    },
  };
}
