/**
 * A binary min-heap of (key, item) with small integer items, for Dijkstra. Ties on the key go
 * to the smaller item, so the order in which equal paths are found never depends on insertion
 * order. Decrease-key is done lazily: push again, and skip the stale entry when it comes out.
 */
export class MinHeap {
  private keys: number[] = [];
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.keys.length = 0;
    this.items.length = 0;
  }

  push(key: number, item: number): void {
    this.keys.push(key);
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /** The smallest key's item (its key is `peekKey()` before the call); undefined when empty. */
  pop(): number | undefined {
    const top = this.items[0];
    const lastKey = this.keys.pop();
    const lastItem = this.items.pop();
    if (this.items.length > 0 && lastKey !== undefined && lastItem !== undefined) {
      this.keys[0] = lastKey;
      this.items[0] = lastItem;
      this.siftDown(0);
    }
    return top;
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.keys[0] ?? Infinity;
  }

  private less(i: number, j: number): boolean {
    const ki = this.keys[i]!;
    const kj = this.keys[j]!;
    return ki < kj || (ki === kj && this.items[i]! < this.items[j]!);
  }

  private swap(i: number, j: number): void {
    const key = this.keys[i]!;
    const item = this.items[i]!;
    this.keys[i] = this.keys[j]!;
    this.items[i] = this.items[j]!;
    this.keys[j] = key;
    this.items[j] = item;
  }

  private siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.less(child, parent)) return;
      this.swap(child, parent);
      child = parent;
    }
  }

  private siftDown(index: number): void {
    const count = this.items.length;
    let parent = index;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < count && this.less(left, smallest)) smallest = left;
      if (right < count && this.less(right, smallest)) smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
