// The kind of pointer the person pressed with last (mouse, touch or pen), for
// the few places a finger should get something other than a mouse: a folder
// just created is selected for a mouse, but on a touch screen a selection
// turns the next tap on it into "deselect" instead of "open".

let last = 'mouse';
if (typeof window !== 'undefined') {
  // Capture and passive: seen before any handler can stop it, and never delaying a scroll.
  window.addEventListener('pointerdown', (e) => (last = e.pointerType), { capture: true, passive: true });
}

/** Was the latest press a finger's? */
export function pressedByTouch(): boolean {
  return last === 'touch';
}
