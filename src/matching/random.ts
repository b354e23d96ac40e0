/**
 * A small seeded pseudo-random generator (mulberry32), so that rounds, baselines and tests give
 * the same result for the same seed on every machine. Not for anything secret.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound) for a positive integer bound. */
  int(bound: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffled<T>(items: readonly T[]): T[];
}

/** A generator for a seed; any number works as a seed (it is taken as a 32-bit integer). */
export function createRandom(seed: number): Random {
  const next = seededRandom(seed);
  const int = (bound: number): number => Math.floor(next() * bound);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)]!;
    },
    shuffled: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}

/**
 * mulberry32: 32 bits of state, a full 2^32 period, statistics good enough for shuffling, and
 * tiny and fast, so a run (a round, a fault-injection run in the sandbox) replays from its seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
