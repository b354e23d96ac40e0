import { describeGroup } from './coffee-group-details';
import { indexCoffeeRound, type CoffeeInstance } from './coffee-instance';
import { CoffeeObjective } from './coffee-objective';
import { arrangeGroups } from './coffee-search';
import { groupSizes } from './group-sizes';
import { createRandom, type Random } from './random';
import type { CoffeeMember, CoffeeOptions, CoffeeResult } from './types';

/**
 * Coffee / breakout groups for one round, deterministic for `options.seed`.
 *
 * Sizes: n members form floor(n / size) groups, the remainder spread one extra member over as many
 * groups (evenly when it exceeds their number): groups of `size` or `size` + 1, never of one;
 * 2..size − 1 members form one group; fewer than two form none ('too-few'). A size outside 2..8
 * throws a RangeError.
 *
 * Objective, in strict priority (see coffee-objective.ts): no two people from an avoid list
 * together; fewest repeats (pairs who met within the history's window, a meeting last round
 * weighing more than an older one); most working time the whole group shares; mixing (mix: most
 * distinct attribute values) or grouping (group: most members sharing a value); most pairs with a
 * shared interest.
 *
 * Algorithm (coffee-search.ts): a greedy construction along the members' working-day starts, then
 * first-improvement swaps between groups within an evaluation budget (`maxIterations`). Should an
 * avoid pair still share a group afterwards, its member with the most avoid pairs in the group is
 * left out as 'avoided' and the round is formed again without them, so as few as possible are left out.
 */
export function formCoffeeGroups(members: CoffeeMember[], options: CoffeeOptions): CoffeeResult {
  groupSizes(members.length, options.size); // validates the size before anything else
  if (members.length < 2) return { groups: [], unplaced: members.map((m) => ({ id: m.id, why: 'too-few' })) };
  const instance = indexCoffeeRound(members, options);
  const objective = new CoffeeObjective(instance);
  const random = createRandom(options.seed);
  const { groups, avoided } = groupsKeepingAvoidLists(instance, objective, options, random);
  return {
    groups: groups.map((group) => describeGroup(instance, objective, group, options.attributeMode?.field)),
    unplaced: avoided.map((member) => ({ id: instance.ids[member]!, why: 'avoided' })),
  };
}

function groupsKeepingAvoidLists(
  instance: CoffeeInstance,
  objective: CoffeeObjective,
  options: CoffeeOptions,
  random: Random,
): { groups: number[][]; avoided: number[] } {
  let active = instance.ids.map((_, i) => i);
  const avoided: number[] = [];
  for (;;) {
    const sizes = groupSizes(active.length, options.size);
    if (sizes.length === 0) return { groups: [], avoided: [...avoided, ...active] };
    const groups = arrangeGroups(instance, objective, active, sizes, random, options.maxIterations);
    const leftOut = membersToLeaveOut(instance, objective, groups);
    if (leftOut.length === 0) return { groups, avoided };
    avoided.push(...leftOut);
    const gone = new Set(leftOut);
    active = active.filter((member) => !gone.has(member));
  }
}

/** From each group that still holds an avoid pair, the member in most of its pairs (then with most avoid entries, then the first given). */
function membersToLeaveOut(instance: CoffeeInstance, objective: CoffeeObjective, groups: readonly number[][]): number[] {
  const leftOut: number[] = [];
  for (const group of groups) {
    const counts = [...objective.avoidedIn(group)];
    if (counts.length === 0) continue;
    counts.sort(([a, inGroupA], [b, inGroupB]) => inGroupB - inGroupA || instance.avoidCounts[b]! - instance.avoidCounts[a]! || a - b);
    leftOut.push(counts[0]![0]);
  }
  return leftOut;
}
