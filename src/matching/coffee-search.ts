import type { CoffeeInstance } from './coffee-instance';
import { CoffeeObjective } from './coffee-objective';
import type { Random } from './random';

/** How far ahead of the earliest unplaced member the greedy fill looks for someone without a conflict. */
const FILL_WINDOW = 48;
/** The polish phase tries the groups this many places either side in start order… */
const NEARBY_GROUPS = 4;
/** …and this many groups drawn at random, for the mixing and interest tiers. */
const RANDOM_GROUPS = 2;
/** The share of changes that leave the objective as it was which the search makes anyway. */
const SIDEWAYS = 0.1;
/** Polishing stops after this many passes in a row without an improvement. */
const IDLE_PASSES = 3;
/** Swap evaluations allowed when the caller sets no maxIterations: a fixed base plus some per member. */
const BASE_EVALUATIONS = 100_000;
const EVALUATIONS_PER_MEMBER = 30;

/**
 * Groups of the `active` members with the given sizes (which sum to their number):
 * construct, then improve by swaps.
 *
 * Construction: members in order of their working day's start on the circular UTC clock (ties in
 * seeded random order), so neighbours share hours; each group is filled from the front of that
 * order with the first member of the next FILL_WINDOW who meets nobody already in it from the
 * history or an avoid list (else the least costly of them).
 *
 * Local search: swaps of two members between groups, first improvement, in seeded order, counted
 * against an evaluation budget (no clock, so it is deterministic). A repair phase first takes each
 * member in a repeat or avoid pair and tries every other group, nearest in start order first; then
 * polish passes try nearby and a few random groups for each member until three passes in a row
 * find nothing better or the budget runs out. Between a larger and a smaller group a member may
 * also move, or a member move into a group of their own group's size while a member of a larger
 * group takes their place (either way the set of sizes stays the same); a change that leaves the
 * objective equal is taken with probability SIDEWAYS during the first polish passes, to cross plateaus.
 */
export function arrangeGroups(
  instance: CoffeeInstance,
  objective: CoffeeObjective,
  active: readonly number[],
  sizes: readonly number[],
  random: Random,
  maxIterations: number | undefined,
): number[][] {
  const groups = fillGreedily(objective, startOrder(instance, active, random), sizes);
  const budget = maxIterations ?? BASE_EVALUATIONS + EVALUATIONS_PER_MEMBER * active.length;
  new SwapSearch(objective, groups, instance.ids.length, random, budget).run();
  return groups;
}

function startOrder(instance: CoffeeInstance, active: readonly number[], random: Random): number[] {
  const start = (member: number) => ((instance.days[member]!.start % 1440) + 1440) % 1440;
  const tieBreak = new Map(active.map((member) => [member, random.next()]));
  return [...active].sort((a, b) => start(a) - start(b) || tieBreak.get(a)! - tieBreak.get(b)!);
}

function fillGreedily(objective: CoffeeObjective, order: readonly number[], sizes: readonly number[]): number[][] {
  const end = order.length;
  // A linked list over positions in `order`, so taking someone from inside the window is O(1).
  const next = Int32Array.from({ length: end }, (_, p) => p + 1);
  const previous = Int32Array.from({ length: end }, (_, p) => p - 1);
  let head = 0;
  const take = (p: number) => {
    if (previous[p]! >= 0) next[previous[p]!] = next[p]!;
    else head = next[p]!;
    if (next[p]! < end) previous[next[p]!] = previous[p]!;
  };
  return sizes.map((size) => {
    const group: number[] = [];
    while (group.length < size) {
      const p = bestCandidate(objective, order, next, head, end, group);
      take(p);
      group.push(order[p]!);
    }
    return group;
  });
}

function bestCandidate(objective: CoffeeObjective, order: readonly number[], next: Int32Array, head: number, end: number, group: number[]): number {
  let best = head;
  let bestCost = Infinity;
  for (let p = head, seen = 0; p < end && seen < FILL_WINDOW; p = next[p]!, seen++) {
    const cost = objective.conflict(group, order[p]!);
    if (cost === 0) return p;
    if (cost < bestCost) {
      best = p;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * First-improvement swaps between groups, within an evaluation budget. A swap is judged by its
 * change to the two groups' scores: each member's pair values with their groupmates are kept, so
 * only the newcomer's pairs and the two groups' overlap and attribute terms are worked out. While
 * one member u is tried against other groups, the penalties u has with anyone, and those u's
 * groupmates have with anyone, are marked in arrays (stamped with a generation, never cleared), so
 * no pair is looked up in a map.
 */
class SwapSearch {
  private readonly groupOf: Int32Array;
  /** Per member, the sum of their pair values with their groupmates. */
  private readonly contribution: Float64Array;
  /** Per group, its overlap and attribute terms. */
  private readonly terms: number[];
  private evaluations = 0;
  private improvements = 0;
  /** The chance of taking a change that leaves the total as it was (none while repairing). */
  private sideways = 0;
  private generation = 0;
  /** Penalty of the tried member with x, valid where stampOfTried[x] is the generation. */
  private readonly penaltyWithTried: Float64Array;
  private readonly stampOfTried: Int32Array;
  /** Summed penalty of the tried member's groupmates with x, valid where stampOfMates[x] is the generation. */
  private readonly penaltyWithMates: Float64Array;
  private readonly stampOfMates: Int32Array;

  constructor(
    private readonly objective: CoffeeObjective,
    private readonly groups: number[][],
    memberCount: number,
    private readonly random: Random,
    private readonly budget: number,
  ) {
    this.groupOf = new Int32Array(memberCount).fill(-1);
    this.contribution = new Float64Array(memberCount);
    this.penaltyWithTried = new Float64Array(memberCount);
    this.stampOfTried = new Int32Array(memberCount);
    this.penaltyWithMates = new Float64Array(memberCount);
    this.stampOfMates = new Int32Array(memberCount);
    groups.forEach((group, g) => {
      for (const member of group) this.groupOf[member] = g;
      this.recount(group);
    });
    this.terms = groups.map((group) => objective.groupTerms(group));
  }

  run(): void {
    if (this.groups.length < 2) return;
    this.repair();
    this.polish();
  }

  private get exhausted(): boolean {
    return this.evaluations >= this.budget;
  }

  private repair(): void {
    const conflicted = this.random.shuffled(this.groups.flat().filter((member) => this.inConflict(member)));
    for (const member of conflicted) {
      if (this.exhausted) return;
      if (this.inConflict(member)) this.tryGroups(member, this.groupsByDistance(this.groupOf[member]!, this.groups.length - 1));
    }
  }

  /** Passes until IDLE_PASSES in a row improve nothing, then passes without sideways steps until one improves nothing. */
  private polish(): void {
    for (const [sideways, idleLimit] of [[SIDEWAYS, IDLE_PASSES], [0, 1]] as const) {
      this.sideways = sideways;
      let idlePasses = 0;
      while (idlePasses < idleLimit && !this.exhausted) {
        const before = this.improvements;
        this.polishPass();
        idlePasses = this.improvements === before ? idlePasses + 1 : 0;
      }
    }
  }

  private polishPass(): void {
    for (const member of this.random.shuffled(this.groups.flat())) {
      if (this.exhausted) return;
      this.tryGroups(member, this.nearbyGroups(this.groupOf[member]!));
    }
  }

  private inConflict(member: number): boolean {
    const group = this.groups[this.groupOf[member]!]!;
    return this.objective.conflict(group.filter((other) => other !== member), member) > 0;
  }

  /** Other groups in order of distance in start order (the order wraps round, as the clock does). */
  private groupsByDistance(g: number, count: number): number[] {
    const total = this.groups.length;
    const wanted = Math.min(count, total - 1);
    const found: number[] = [];
    for (let d = 1; found.length < wanted; d++) {
      found.push((g + d) % total);
      if (found.length < wanted && (g - d + total) % total !== (g + d) % total) found.push((g - d + total) % total);
    }
    return found;
  }

  private nearbyGroups(g: number): number[] {
    const total = this.groups.length;
    if (total - 1 <= 2 * NEARBY_GROUPS + RANDOM_GROUPS) return this.groupsByDistance(g, total - 1);
    const chosen = this.groupsByDistance(g, 2 * NEARBY_GROUPS);
    while (chosen.length < 2 * NEARBY_GROUPS + RANDOM_GROUPS) {
      const other = this.random.int(total);
      if (other !== g && !chosen.includes(other)) chosen.push(other);
    }
    return chosen;
  }

  /** Swaps `member` with the first member of `candidates`' groups whose swap improves the total. */
  private tryGroups(member: number, candidates: readonly number[]): boolean {
    const g = this.groupOf[member]!;
    const p = this.groups[g]!.indexOf(member);
    this.markPenalties(member, this.groups[g]!);
    for (const h of candidates) {
      if (this.exhausted) return false;
      if (this.groups[g]!.length === this.groups[h]!.length + 1 && this.tryMove(g, p, h)) return true;
      for (let q = 0; q < this.groups[h]!.length; q++) {
        if (this.exhausted) return false;
        if (this.trySwap(g, p, h, q)) return true;
      }
    }
    return this.tryChain(g, p, candidates);
  }

  /**
   * Where groups differ in size, a larger group elsewhere may be the one that should shrink: the
   * member at `p` of group g moves to a group `to` of g's size while a member of a group one
   * larger takes their place (the set of sizes stays the same). Judged on the three groups' whole
   * scores; only improvements are taken.
   */
  private tryChain(g: number, p: number, candidates: readonly number[]): boolean {
    const group = this.groups[g]!;
    const u = group[p]!;
    for (const to of candidates) {
      if (this.groups[to]!.length !== group.length) continue;
      for (const from of candidates) {
        if (from === to || this.groups[from]!.length !== group.length + 1) continue;
        if (this.tryChainThrough(g, p, to, from)) {
          this.groupOf[u] = to;
          return true;
        }
      }
    }
    return false;
  }

  private tryChainThrough(g: number, p: number, to: number, from: number): boolean {
    const [group, target, source] = [this.groups[g]!, this.groups[to]!, this.groups[from]!];
    const u = group[p]!;
    const before = this.objective.score(group) + this.objective.score(target) + this.objective.score(source);
    target.push(u);
    for (let q = 0; q < source.length; q++) {
      if (this.exhausted) break;
      this.evaluations += 1;
      const [w] = source.splice(q, 1);
      group[p] = w!;
      if (this.objective.score(group) + this.objective.score(target) + this.objective.score(source) > before) {
        for (const changed of [g, to, from]) {
          this.terms[changed] = this.objective.groupTerms(this.groups[changed]!);
          this.recount(this.groups[changed]!);
        }
        this.groupOf[w!] = g;
        this.improvements += 1;
        return true;
      }
      source.splice(q, 0, w!);
    }
    group[p] = u;
    target.pop();
    return false;
  }

  /** Moves the member at `p` of the larger group `g` to `h`, one smaller: the sizes stay the same set. */
  private tryMove(g: number, p: number, h: number): boolean {
    this.evaluations += 1;
    const from = this.groups[g]!;
    const to = this.groups[h]!;
    const u = from[p]!;
    const pairs = this.joiningOthers(u, to, -1) - this.contribution[u]!;
    if (pairs <= -CoffeeObjective.MAX_TERMS_CHANGE) return false;
    from.splice(p, 1);
    to.push(u);
    if (this.keepIfBetter(g, h, pairs)) {
      this.groupOf[u] = h;
      return true;
    }
    to.pop();
    from.splice(p, 0, u);
    return false;
  }

  private markPenalties(member: number, group: readonly number[]): void {
    const generation = ++this.generation;
    const { partnerStart, partnerOf, partnerPenalty } = this.objective;
    for (let i = partnerStart[member]!; i < partnerStart[member + 1]!; i++) {
      this.stampOfTried[partnerOf[i]!] = generation;
      this.penaltyWithTried[partnerOf[i]!] = partnerPenalty[i]!;
    }
    for (const mate of group) {
      if (mate === member) continue;
      for (let i = partnerStart[mate]!; i < partnerStart[mate + 1]!; i++) {
        const other = partnerOf[i]!;
        if (this.stampOfMates[other] !== generation) {
          this.stampOfMates[other] = generation;
          this.penaltyWithMates[other] = 0;
        }
        this.penaltyWithMates[other]! += partnerPenalty[i]!;
      }
    }
  }

  private trySwap(g: number, p: number, h: number, q: number): boolean {
    this.evaluations += 1;
    const first = this.groups[g]!;
    const second = this.groups[h]!;
    const u = first[p]!;
    const v = second[q]!;
    const pairs = this.joiningMates(v, first, u) - this.contribution[u]! + this.joiningOthers(u, second, v) - this.contribution[v]!;
    if (pairs <= -CoffeeObjective.MAX_TERMS_CHANGE) return false;
    first[p] = v;
    second[q] = u;
    if (this.keepIfBetter(g, h, pairs)) {
      this.groupOf[u] = h;
      this.groupOf[v] = g;
      return true;
    }
    first[p] = u;
    second[q] = v;
    return false;
  }

  /**
   * With groups g and h already changed and `pairs` their change in pair values: keeps the change
   * when the total improved, and now and then when it stayed the same, so the search can cross a
   * plateau (two groups of two teams each, say, on the way to two groups of one team).
   */
  private keepIfBetter(g: number, h: number, pairs: number): boolean {
    const first = this.groups[g]!;
    const second = this.groups[h]!;
    const firstTerms = this.objective.groupTerms(first);
    const secondTerms = this.objective.groupTerms(second);
    const change = pairs + firstTerms + secondTerms - this.terms[g]! - this.terms[h]!;
    if (change < 0 || (change === 0 && !(this.sideways > 0 && this.random.next() < this.sideways))) return false;
    if (change > 0) this.improvements += 1;
    this.terms[g] = firstTerms;
    this.terms[h] = secondTerms;
    this.recount(first);
    this.recount(second);
    return true;
  }

  /** The pair values `newcomer` would have with the tried member's groupmates, in the tried member's place. */
  private joiningMates(newcomer: number, group: readonly number[], tried: number): number {
    let value = this.stampOfMates[newcomer] === this.generation ? -this.penaltyWithMates[newcomer]! : 0;
    for (let i = 0; i < group.length; i++) if (group[i] !== tried) value += this.objective.interestValue(newcomer, group[i]!);
    return value;
  }

  /** The pair values the tried member would have in another group, in place of `leaving`. */
  private joiningOthers(tried: number, group: readonly number[], leaving: number): number {
    let value = 0;
    for (let i = 0; i < group.length; i++) {
      const other = group[i]!;
      if (other === leaving) continue;
      value += this.objective.interestValue(tried, other);
      if (this.stampOfTried[other] === this.generation) value -= this.penaltyWithTried[other]!;
    }
    return value;
  }

  private recount(group: readonly number[]): void {
    for (const member of group) {
      let value = 0;
      for (const other of group) if (other !== member) value += this.objective.pairValue(member, other);
      this.contribution[member] = value;
    }
  }
}
