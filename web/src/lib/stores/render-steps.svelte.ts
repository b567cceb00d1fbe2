// How far down a long list its rows are built: a 39,000-file folder built
// every row (and its tag chips) on opening. The first `step` rows, `step` more
// each time the end of the list nears the screen, and always as far as a row
// the keyboard or a link goes to.

export class RenderSteps {
  /** How many rows are built. */
  shown = $state(0);

  constructor(readonly step = 200) {
    this.shown = step;
  }

  /** The rows to build, from the start of `items`. */
  slice<T>(items: T[]): T[] {
    return items.length > this.shown ? items.slice(0, this.shown) : items;
  }

  /** Builds the next step (the end of the list came near the screen). */
  more(): void {
    this.shown += this.step;
  }

  /** Builds as far as the row at `index` (and a step past it); true when rows had to be added. */
  reach(index: number): boolean {
    if (index < this.shown) return false;
    this.shown = index + this.step;
    return true;
  }
}
