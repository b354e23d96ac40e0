import { allocateSessions, naiveAllocation } from '../../src/matching/unconference-allocation';
import { cpuTimed } from '../support/cpu-timed';
import { figure, type BenchmarkContext, type Figure } from '../support/benchmark';
import { unconferenceInstance } from './allocation-instance';

/** 500 people × 40 topics × 4 slots × 8 rooms (485 seats a slot), 10 dots each over 2..6 topics. */
const UNCONFERENCE = { people: 500, topics: 40, slots: 4, rooms: [120, 90, 70, 60, 50, 40, 30, 25], dots: 10, groups: 6 };
const SEED = 2026;

/**
 * The unconference allocation (`allocateSessions`): its run time (best of two runs; the goal is
 * ≤ 5 s), its satisfaction against the naive most-voted-first assignment on the same input (the
 * goal is ≥ 1), and against the bound it reports (how far from the optimum it can at most be).
 * The figures are named for the `polls` benchmark, which includes this section.
 */
export async function allocationFigures(context: BenchmarkContext): Promise<Figure[]> {
  const input = unconferenceInstance(SEED, UNCONFERENCE);
  const first = cpuTimed(() => allocateSessions(input));
  const second = cpuTimed(() => allocateSessions(input));
  context.progress(
    `allocation: allocateSessions ran in ${first.seconds.toFixed(2)} s and ${second.seconds.toFixed(2)} s ` +
      `(CPU ${first.cpuSeconds.toFixed(2)} s and ${second.cpuSeconds.toFixed(2)} s; the machine may be shared)`,
  );
  const allocation = second.result;
  const naive = naiveAllocation(input);
  return [
    figure('allocation_seconds', Math.min(first.seconds, second.seconds)),
    figure('allocation_cpu_seconds', Math.min(first.cpuSeconds, second.cpuSeconds)),
    figure('satisfaction_vs_naive', allocation.satisfaction / naive.satisfaction, 4),
    figure('satisfaction_vs_bound', allocation.satisfaction / allocation.bound, 4),
    figure('naive_vs_bound', naive.satisfaction / allocation.bound, 4),
    figure('allocation_satisfaction', allocation.satisfaction, 0),
    figure('allocation_naive_satisfaction', naive.satisfaction, 0),
    figure('allocation_bound', allocation.bound, 0),
    figure('allocation_unscheduled', allocation.unscheduled.length, 0),
  ];
}
