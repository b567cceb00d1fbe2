// `use:longPress={onLongPress}`: a finger held still on the node for a moment
// calls `onLongPress`, and the click the browser may send when the finger
// lifts is swallowed, so a long press never also opens what it pressed. Our
// own timer, not the `contextmenu` event: Safari on iOS sends no such event
// for a long press, and emulated touch (the browser tests) sends none either.

/** How long a finger stays down before it is a long press (under the context menu's 700 ms, so the item is selected when the menu opens). */
export const LONG_PRESS_MS = 500;
/** How far a finger may drift (px) and still be holding, not scrolling. */
const SLOP = 10;

/** Watches `node` for long presses by touch or pen; the mouse has its right button. */
export function longPress(node: HTMLElement, onLongPress: () => void): { update(next: () => void): void; destroy(): void } {
  let callback = onLongPress;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let start = { x: 0, y: 0 };
  let fired = false;

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const onDown = (e: PointerEvent) => {
    fired = false;
    if (e.pointerType === 'mouse') return;
    cancel();
    start = { x: e.clientX, y: e.clientY };
    timer = setTimeout(() => {
      timer = null;
      fired = true;
      callback();
    }, LONG_PRESS_MS);
  };
  const onMove = (e: PointerEvent) => {
    if (timer !== null && Math.hypot(e.clientX - start.x, e.clientY - start.y) > SLOP) cancel();
  };
  const onClick = (e: MouseEvent) => {
    if (!fired) return;
    fired = false;
    e.preventDefault();
    e.stopImmediatePropagation();
  };

  node.addEventListener('pointerdown', onDown);
  node.addEventListener('pointermove', onMove);
  node.addEventListener('pointerup', cancel);
  node.addEventListener('pointercancel', cancel);
  // Capture: ahead of the node's own click handler (and Svelte's delegated one).
  node.addEventListener('click', onClick, true);
  return {
    update(next: () => void) {
      callback = next;
    },
    destroy() {
      cancel();
      node.removeEventListener('pointerdown', onDown);
      node.removeEventListener('pointermove', onMove);
      node.removeEventListener('pointerup', cancel);
      node.removeEventListener('pointercancel', cancel);
      node.removeEventListener('click', onClick, true);
    },
  };
}
