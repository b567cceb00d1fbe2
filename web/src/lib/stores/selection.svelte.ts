// Multi-selection over an ordered list, the way file managers do it: click
// selects one, Ctrl/Cmd-click toggles, Shift-click selects a range from the
// anchor, arrow keys move the focus (with Shift extending the range).

export class Selection {
  /** The ids in list order (set by the page whenever the list changes). */
  order = $state<string[]>([]);
  selected = $state<Set<string>>(new Set());
  /** The item with keyboard focus. */
  focused = $state<string | null>(null);
  #anchor: string | null = null;

  get size(): number {
    return this.selected.size;
  }

  has(id: string): boolean {
    return this.selected.has(id);
  }

  /** The selected ids in list order. */
  get ids(): string[] {
    return this.order.filter((id) => this.selected.has(id));
  }

  setOrder(ids: string[]): void {
    this.order = ids;
    const keep = new Set(ids);
    const next = new Set([...this.selected].filter((id) => keep.has(id)));
    if (next.size !== this.selected.size) this.selected = next;
    if (this.focused && !keep.has(this.focused)) this.focused = null;
  }

  /** A pointer click with its modifier keys. */
  click(id: string, mods: { shift?: boolean; toggle?: boolean } = {}): void {
    if (mods.shift && this.#anchor) {
      this.#range(this.#anchor, id, mods.toggle ?? false);
    } else if (mods.toggle) {
      const next = new Set(this.selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      this.selected = next;
      this.#anchor = id;
    } else {
      this.selected = new Set([id]);
      this.#anchor = id;
    }
    this.focused = id;
  }

  /** Moves the focus by `delta` items; with `extend`, grows the range from the anchor. */
  move(delta: number, extend = false): string | null {
    if (this.order.length === 0) return null;
    const at = this.focused ? this.order.indexOf(this.focused) : -1;
    const next = this.order[Math.min(this.order.length - 1, Math.max(0, at < 0 ? 0 : at + delta))];
    if (extend) {
      this.#anchor ??= this.focused ?? next;
      this.#range(this.#anchor, next, false);
    } else {
      this.selected = new Set([next]);
      this.#anchor = next;
    }
    this.focused = next;
    return next;
  }

  /** Toggles the focused item (Space). */
  toggleFocused(): void {
    if (this.focused) this.click(this.focused, { toggle: true });
  }

  selectAll(): void {
    this.selected = new Set(this.order);
  }

  clear(): void {
    this.selected = new Set();
    this.#anchor = null;
  }

  #range(from: string, to: string, add: boolean): void {
    const a = this.order.indexOf(from);
    const b = this.order.indexOf(to);
    if (a < 0 || b < 0) {
      this.selected = new Set([to]);
      return;
    }
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const next = add ? new Set(this.selected) : new Set<string>();
    for (const id of this.order.slice(lo, hi + 1)) next.add(id);
    this.selected = next;
  }
}
