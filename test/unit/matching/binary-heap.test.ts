import { MinHeap } from '../../../src/matching/binary-heap';
import { createRandom } from '../../../src/matching/random';

describe('MinHeap', () => {
  it('pops by key, ties by the smaller item, whatever the insertion order', () => {
    const random = createRandom(21);
    for (let round = 0; round < 50; round++) {
      const entries = Array.from({ length: random.between(0, 60) }, (_, item) => ({ key: random.int(10), item }));
      const heap = new MinHeap();
      for (const { key, item } of random.shuffled(entries)) heap.push(key, item);
      const popped: number[] = [];
      while (heap.size > 0) {
        const key = heap.peekKey();
        const item = heap.pop()!;
        expect(entries.find((entry) => entry.item === item)?.key).toBe(key);
        popped.push(item);
      }
      const expected = [...entries].sort((a, b) => a.key - b.key || a.item - b.item).map((entry) => entry.item);
      expect(popped).toEqual(expected);
    }
  });

  it('is empty after clear and reports Infinity and undefined when empty', () => {
    const heap = new MinHeap();
    heap.push(3, 1);
    heap.push(1, 2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.peekKey()).toBe(Infinity);
    expect(heap.pop()).toBeUndefined();
  });
});
