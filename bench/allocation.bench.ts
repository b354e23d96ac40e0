import type { Benchmark } from './support/benchmark';
import { allocationFigures } from './polls/allocation-figures';

/**
 * The unconference allocation alone (its figures are also part of `polls`, which calls the same
 * section): 500 people × 40 topics × 4 slots × 8 rooms against the naive assignment and the bound.
 */
const allocation: Benchmark = {
  description: 'unconference allocation of 500 people × 40 topics × 4 slots × 8 rooms against the naive assignment',
  async run(context) {
    return allocationFigures(context);
  },
};

export default allocation;
