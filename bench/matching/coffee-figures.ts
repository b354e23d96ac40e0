import { formCoffeeGroups } from '../../src/matching/coffee-groups';
import { createRandom } from '../../src/matching/random';
import type { CoffeeMember, CoffeeOptions, CoffeeResult, PastMeeting } from '../../src/matching/types';
import { groupOverlapMinutes } from '../../src/matching/working-hours';
import { figure, type BenchmarkContext, type Figure } from '../support/benchmark';
import { positiveSetting } from '../support/settings';
import { benchCommunity, withRound } from './coffee-community';

const SEED = 20261201;
/** Pairs, so twelve weeks of rounds give each member about twelve past partners. */
const SIZE = 2;

/**
 * Coffee pairs for 10,000 members after 12 weekly rounds of history (made by the algorithm
 * itself, so each member has met about 12 people, all within the window): the time of one round,
 * the share of its pairs that repeat, and its mean shared working time against a random grouping
 * of the same sizes from the same run.
 */
export async function coffeeFigures({ progress }: BenchmarkContext): Promise<Figure[]> {
  const count = positiveSetting(process.env, 'BENCH_COFFEE_MEMBERS', 10_000);
  const weeks = positiveSetting(process.env, 'BENCH_COFFEE_WEEKS', 12);
  const members = benchCommunity(count, SEED);
  const settings = (history: PastMeeting[], seed: number): CoffeeOptions => ({
    size: SIZE,
    attributeMode: { mode: 'mix', field: 'team' },
    avoid: [],
    history,
    seed,
  });

  progress(`coffee: ${count} members, forming ${weeks} weeks of history`);
  let history: PastMeeting[] = [];
  for (let week = 0; week < weeks; week++) history = withRound(history, formCoffeeGroups(members, settings(history, SEED + week)));

  const started = performance.now();
  const cpu = process.cpuUsage();
  const round = formCoffeeGroups(members, settings(history, SEED + weeks));
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuTotal(process.cpuUsage(cpu)) / 1e6;

  const overlap = meanOverlap(members, round.groups.map((g) => g.members));
  const randomOverlap = meanOverlap(members, randomGrouping(members, round));
  progress(
    `coffee: one round in ${seconds.toFixed(2)}s (${cpuSeconds.toFixed(2)}s CPU), ${round.groups.length} groups, ` +
      `mean overlap ${overlap.toFixed(0)} min against ${randomOverlap.toFixed(0)} min at random, ${history.length} past meetings`,
  );
  return [
    figure('coffee_seconds', seconds),
    figure('coffee_repeat_rate', repeatRate(round), 4),
    figure('coffee_overlap_vs_random', overlap / randomOverlap),
  ];
}

function cpuTotal(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

function repeatRate(round: CoffeeResult): number {
  const pairs = round.groups.reduce((sum, g) => sum + (g.members.length * (g.members.length - 1)) / 2, 0);
  const repeats = round.groups.reduce((sum, g) => sum + g.repeats, 0);
  return pairs === 0 ? 0 : repeats / pairs;
}

/** The members shuffled and cut into groups of the round's sizes. */
function randomGrouping(members: readonly CoffeeMember[], round: CoffeeResult): string[][] {
  const shuffled = createRandom(SEED).shuffled(round.groups.flatMap((g) => g.members));
  let next = 0;
  return round.groups.map((g) => shuffled.slice(next, (next += g.members.length)));
}

function meanOverlap(members: readonly CoffeeMember[], groups: readonly string[][]): number {
  const days = new Map(members.map((m) => [m.id, m.workingDay]));
  const total = groups.reduce((sum, group) => sum + groupOverlapMinutes(group.map((id) => days.get(id)!)), 0);
  return total / groups.length;
}
