// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { focusTrap, focusables } from './focus-trap';
import { clickOutside } from './click-outside';
import { shortcut, matches } from './shortcut';
import { dropZone, readEntry } from './drag-and-drop';
import { nearView } from './near-view';
import { LONG_PRESS_MS, longPress } from './long-press';

afterEach(() => {
  document.body.innerHTML = '';
});

const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init });

describe('focusTrap', () => {
  it('moves focus in, wraps Tab and Shift+Tab, closes on Escape, and gives focus back', async () => {
    document.body.innerHTML = '<button id="outside">out</button><div id="d"><button id="a">a</button><input id="b" /><button id="c">c</button></div>';
    const outside = document.getElementById('outside')!;
    outside.focus();
    const node = document.getElementById('d')!;
    const onEscape = vi.fn();
    const trap = focusTrap(node, { onEscape });
    await Promise.resolve();
    expect(document.activeElement?.id).toBe('a');
    expect(focusables(node).map((e) => e.id)).toEqual(['a', 'b', 'c']);

    document.getElementById('c')!.focus();
    const tab = key('Tab');
    node.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('a');

    node.dispatchEvent(key('Tab', { shiftKey: true }));
    expect(document.activeElement?.id).toBe('c');

    node.dispatchEvent(key('Escape'));
    expect(onEscape).toHaveBeenCalledOnce();

    trap.destroy();
    expect(document.activeElement?.id).toBe('outside');
  });
});

describe('clickOutside', () => {
  it('calls back for presses outside the node only', () => {
    document.body.innerHTML = '<div id="menu"><button id="in">in</button></div><p id="out">out</p>';
    const cb = vi.fn();
    const action = clickOutside(document.getElementById('menu')!, cb);
    document.getElementById('in')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(cb).not.toHaveBeenCalled();
    document.getElementById('out')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(cb).toHaveBeenCalledOnce();
    action.destroy();
    document.getElementById('out')!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(cb).toHaveBeenCalledOnce();
  });
});

describe('shortcut', () => {
  it('matches keys with modifiers exactly', () => {
    expect(matches(key('Delete'), { key: 'Delete', run: () => {} })).toBe(true);
    expect(matches(key('a', { ctrlKey: true }), { key: 'a', mod: true, run: () => {} })).toBe(true);
    expect(matches(key('a', { metaKey: true }), { key: 'a', mod: true, run: () => {} })).toBe(true);
    expect(matches(key('a'), { key: 'a', mod: true, run: () => {} })).toBe(false);
    expect(matches(key('F2', { shiftKey: true }), { key: 'F2', run: () => {} })).toBe(false);
  });

  it('runs the shortcut, but not while typing in a field', () => {
    document.body.innerHTML = '<div id="root"><input id="field" /><button id="btn">b</button></div>';
    const root = document.getElementById('root')!;
    const run = vi.fn();
    const action = shortcut(root, [{ key: 'Delete', run }]);
    document.getElementById('btn')!.dispatchEvent(key('Delete'));
    expect(run).toHaveBeenCalledOnce();
    document.getElementById('field')!.dispatchEvent(key('Delete'));
    expect(run).toHaveBeenCalledOnce();
    action.update([{ key: 'Delete', inInputs: true, run }]);
    document.getElementById('field')!.dispatchEvent(key('Delete'));
    expect(run).toHaveBeenCalledTimes(2);
    action.destroy();
  });
});

describe('dropZone', () => {
  /** A DragEvent carrying files, as happy-dom lacks DataTransfer. */
  function drag(type: string, files: File[] = []) {
    const e = new Event(type, { bubbles: true, cancelable: true }) as DragEvent;
    Object.defineProperty(e, 'dataTransfer', {
      value: { types: ['Files'], files, items: files.map((f) => ({ kind: 'file', getAsFile: () => f })), dropEffect: 'none' },
    });
    return e;
  }

  it('reports hovering and the dropped files; a nested zone takes its own drops', async () => {
    document.body.innerHTML = '<div id="outer"><div id="inner"></div></div>';
    const outerDrop = vi.fn();
    const innerDrop = vi.fn();
    const hover = vi.fn();
    dropZone(document.getElementById('outer')!, { onDrop: outerDrop, onHover: hover });
    dropZone(document.getElementById('inner')!, { onDrop: innerDrop });
    const a = new File(['a'], 'a.txt');

    document.getElementById('outer')!.dispatchEvent(drag('dragenter'));
    expect(hover).toHaveBeenLastCalledWith(true);
    const over = drag('dragover');
    document.getElementById('outer')!.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    document.getElementById('outer')!.dispatchEvent(drag('drop', [a]));
    await vi.waitFor(() => expect(outerDrop).toHaveBeenCalledWith([{ file: a, relativePath: 'a.txt' }]));
    expect(hover).toHaveBeenLastCalledWith(false);

    document.getElementById('inner')!.dispatchEvent(drag('drop', [a]));
    await vi.waitFor(() => expect(innerDrop).toHaveBeenCalledOnce());
    expect(outerDrop).toHaveBeenCalledOnce();
  });

  it('refuses files where they may not be dropped: no hover, no drop, and the browser does not open them', async () => {
    document.body.innerHTML = '<div id="zone"></div>';
    const zone = document.getElementById('zone')!;
    const onDrop = vi.fn();
    const hover = vi.fn();
    const action = dropZone(zone, { onDrop, onHover: hover, refuse: true });
    zone.dispatchEvent(drag('dragenter'));
    const over = drag('dragover');
    zone.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    expect(over.dataTransfer!.dropEffect).toBe('none');
    const drop = drag('drop', [new File(['a'], 'a.txt')]);
    zone.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(onDrop).not.toHaveBeenCalled();
    expect(hover).not.toHaveBeenCalled();

    // The same zone once writing is allowed again (an editor's folder): drops go through.
    action.update({ onDrop, onHover: hover });
    zone.dispatchEvent(drag('dragenter'));
    expect(hover).toHaveBeenLastCalledWith(true);
    zone.dispatchEvent(drag('drop', [new File(['b'], 'b.txt')]));
    await vi.waitFor(() => expect(onDrop).toHaveBeenCalledOnce());
  });

  it('walks dropped folders into files with relative paths', async () => {
    const file = (name: string) => ({ isFile: true, isDirectory: false, name, file: (ok: (f: File) => void) => ok(new File(['x'], name)) });
    const dir = (name: string, children: unknown[]) => {
      let read = false;
      return {
        isFile: false,
        isDirectory: true,
        name,
        createReader: () => ({
          readEntries: (ok: (e: unknown[]) => void) => {
            ok(read ? [] : children);
            read = true;
          },
        }),
      };
    };
    const tree = dir('photos', [file('a.jpg'), dir('2024', [file('b.jpg')])]);
    const files = await readEntry(tree as never);
    expect(files.map((f) => f.relativePath)).toEqual(['photos/a.jpg', 'photos/2024/b.jpg']);
  });
});

describe('nearView', () => {
  /** The browser's IntersectionObserver, as far as nearView uses it: report an entry by hand. */
  class FakeObserver {
    static last: FakeObserver;
    observed: Element[] = [];
    disconnected = false;
    constructor(
      readonly callback: (entries: { isIntersecting: boolean }[]) => void,
      readonly options: { rootMargin?: string },
    ) {
      FakeObserver.last = this;
    }
    observe(node: Element) {
      this.observed.push(node);
    }
    disconnect() {
      this.disconnected = true;
    }
    report(isIntersecting: boolean) {
      this.callback([{ isIntersecting }]);
    }
  }

  it('calls back when the node comes near the screen, with the latest callback, until destroyed', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    try {
      const node = document.createElement('div');
      const first = vi.fn();
      const action = nearView(node, first);
      const observer = FakeObserver.last;
      expect(observer.observed).toEqual([node]);
      expect(observer.options.rootMargin).toBe('800px');

      observer.report(false);
      expect(first).not.toHaveBeenCalled();
      observer.report(true);
      expect(first).toHaveBeenCalledOnce();

      const second = vi.fn();
      action.update(second);
      observer.report(true);
      expect(second).toHaveBeenCalledOnce();
      expect(first).toHaveBeenCalledOnce();

      action.destroy();
      expect(observer.disconnected).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('longPress', () => {
  const pointer = (type: string, pointerType: string, x = 10, y = 10) =>
    new PointerEvent(type, { bubbles: true, pointerType, clientX: x, clientY: y });

  it('calls back after a finger is held still, and swallows the click that follows', () => {
    vi.useFakeTimers();
    try {
      document.body.innerHTML = '<div id="row"></div>';
      const row = document.getElementById('row')!;
      const onClick = vi.fn();
      row.addEventListener('click', onClick);
      const held = vi.fn();
      const action = longPress(row, held);

      row.dispatchEvent(pointer('pointerdown', 'touch'));
      vi.advanceTimersByTime(LONG_PRESS_MS - 1);
      expect(held).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(held).toHaveBeenCalledOnce();
      row.dispatchEvent(pointer('pointerup', 'touch'));
      const click = new MouseEvent('click', { bubbles: true, cancelable: true });
      row.dispatchEvent(click);
      expect(click.defaultPrevented).toBe(true);
      expect(onClick).not.toHaveBeenCalled();

      // The next tap is a tap again.
      row.dispatchEvent(pointer('pointerdown', 'touch'));
      row.dispatchEvent(pointer('pointerup', 'touch'));
      row.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      vi.advanceTimersByTime(LONG_PRESS_MS * 2);
      expect(onClick).toHaveBeenCalledOnce();
      expect(held).toHaveBeenCalledOnce();
      action.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('is no long press when the finger lifts early, scrolls away, or is a mouse', () => {
    vi.useFakeTimers();
    try {
      const row = document.createElement('div');
      const held = vi.fn();
      const action = longPress(row, held);
      row.dispatchEvent(pointer('pointerdown', 'touch'));
      vi.advanceTimersByTime(LONG_PRESS_MS / 2);
      row.dispatchEvent(pointer('pointerup', 'touch'));
      vi.advanceTimersByTime(LONG_PRESS_MS);

      row.dispatchEvent(pointer('pointerdown', 'touch', 10, 10));
      row.dispatchEvent(pointer('pointermove', 'touch', 10, 40));
      vi.advanceTimersByTime(LONG_PRESS_MS);

      row.dispatchEvent(pointer('pointerdown', 'mouse'));
      vi.advanceTimersByTime(LONG_PRESS_MS);
      expect(held).not.toHaveBeenCalled();

      // A small drift is still holding.
      row.dispatchEvent(pointer('pointerdown', 'pen', 10, 10));
      row.dispatchEvent(pointer('pointermove', 'pen', 13, 14));
      vi.advanceTimersByTime(LONG_PRESS_MS);
      expect(held).toHaveBeenCalledOnce();
      action.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});
