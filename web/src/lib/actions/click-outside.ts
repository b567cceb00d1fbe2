// Calls back when a pointer press lands outside a node (closing menus and popovers).

export function clickOutside(node: HTMLElement, callback: (e: PointerEvent) => void) {
  let cb = callback;
  const onPointerDown = (e: PointerEvent) => {
    if (e.target instanceof Node && !node.contains(e.target)) cb(e);
  };
  document.addEventListener('pointerdown', onPointerDown, true);
  return {
    update(next: (e: PointerEvent) => void) {
      cb = next;
    },
    destroy() {
      document.removeEventListener('pointerdown', onPointerDown, true);
    },
  };
}
