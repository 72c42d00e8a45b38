/**
 * Items grouped by their window's last instant, the distinct instants kept
 * ascending, so that a watermark move finds the windows it passed by walking
 * the few window ends below it instead of every item.
 */
export class WindowEndIndex<T> {
  private readonly byEnd = new Map<number, Set<T>>();
  /** The keys of byEnd, ascending. */
  private readonly ends: number[] = [];

  add(windowMaxTimestampMs: number, item: T): void {
    let items = this.byEnd.get(windowMaxTimestampMs);
    if (items === undefined) {
      items = new Set();
      this.byEnd.set(windowMaxTimestampMs, items);
      this.ends.splice(this.insertionPoint(windowMaxTimestampMs), 0, windowMaxTimestampMs);
    }
    items.add(item);
  }

  delete(windowMaxTimestampMs: number, item: T): void {
    const items = this.byEnd.get(windowMaxTimestampMs);
    if (items === undefined || !items.delete(item) || items.size > 0) return;
    this.byEnd.delete(windowMaxTimestampMs);
    this.ends.splice(this.insertionPoint(windowMaxTimestampMs), 1);
  }

  /** Each window end below `belowMs` that `selects`, ascending, with its items. */
  *endsBelow(belowMs: number, selects: (windowMaxTimestampMs: number) => boolean): Generator<Set<T>> {
    for (const end of this.ends) {
      if (end >= belowMs) return;
      if (selects(end)) yield this.byEnd.get(end) as Set<T>;
    }
  }

  /** The first index whose end is ≥ `windowMaxTimestampMs` (binary search). */
  private insertionPoint(windowMaxTimestampMs: number): number {
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.ends[middle] < windowMaxTimestampMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
