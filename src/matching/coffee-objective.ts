import { pairKey, SLOT_WORDS, type CoffeeInstance } from './coffee-instance';

/**
 * The coffee round's objective, one number per group (higher is better), summed over groups.
 * It is lexicographic in practice: each tier's weight exceeds the most the lower tiers can change
 * in one swap between two groups of up to nine, so the search never trades a higher tier for a lower.
 *
 * 1. avoid: every pair from an avoid list costs AVOID (a hard constraint; leftovers are unplaced);
 * 2. repeats: every past meeting of a pair costs REPEAT × its weight (101..200, more when recent);
 * 3. overlap: every quarter hour all members fully work earns OVERLAP;
 * 4. attribute: mix earns MIX for every distinct value beyond the first; group earns MIX for every
 *    member who shares a value with someone earlier in the group (size − 1 when all share one);
 * 5. interests: every pair sharing at least one interest earns INTEREST.
 */
const INTEREST = 1;
const MIX = 100; // > 2 groups × 36 pairs × INTEREST
const OVERLAP = 2_000; // > 2 groups × 8 × MIX + 72 × INTEREST
const REPEAT = 1_000_000; // > 2 groups × 96 quarter hours × OVERLAP + the tiers below
const AVOID = 1e12; // > 72 pairs × 5000 (the largest pair weight) × REPEAT

/** Scores groups of member indices; built once per round. */
export class CoffeeObjective {
  private readonly penalty = new Map<number, number>();
  private readonly count: number;

  constructor(private readonly instance: CoffeeInstance) {
    this.count = instance.ids.length;
    for (const [key, weight] of instance.met) this.penalty.set(key, REPEAT * weight);
    for (const key of instance.avoid) this.penalty.set(key, (this.penalty.get(key) ?? 0) + AVOID);
  }

  /** The group's score; `members` holds member indices. */
  score(members: readonly number[]): number {
    return this.pairTerms(members) + OVERLAP * this.sharedSlots(members) + MIX * this.attributeScore(members);
  }

  /** What placing `candidate` into a group of `members` costs in avoid entries and repeats (0: neither). */
  conflict(members: readonly number[], candidate: number): number {
    let cost = 0;
    for (const member of members) cost += this.penalty.get(pairKey(this.count, member, candidate)) ?? 0;
    return cost;
  }

  /** True when some pair in the group is on an avoid list. */
  violatesAvoid(members: readonly number[]): boolean {
    return this.pairsWhere(members, (key) => this.instance.avoid.has(key)) > 0;
  }

  /** Members of the group in an avoid pair with another member, each with how many. */
  avoidedIn(members: readonly number[]): Map<number, number> {
    const counts = new Map<number, number>();
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (!this.instance.avoid.has(pairKey(this.count, members[i]!, members[j]!))) continue;
        counts.set(members[i]!, (counts.get(members[i]!) ?? 0) + 1);
        counts.set(members[j]!, (counts.get(members[j]!) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** Pairs in the group who met within the window. */
  repeats(members: readonly number[]): number {
    return this.pairsWhere(members, (key) => this.instance.met.has(key));
  }

  private pairsWhere(members: readonly number[], test: (key: number) => boolean): number {
    let pairs = 0;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) if (test(pairKey(this.count, members[i]!, members[j]!))) pairs += 1;
    }
    return pairs;
  }

  private pairTerms(members: readonly number[]): number {
    let total = 0;
    for (let i = 0; i < members.length; i++) {
      const a = members[i]!;
      for (let j = i + 1; j < members.length; j++) {
        const b = members[j]!;
        total -= this.penalty.get(pairKey(this.count, a, b)) ?? 0;
        if (shareAny(this.instance.interests[a]!, this.instance.interests[b]!)) total += INTEREST;
      }
    }
    return total;
  }

  private sharedSlots(members: readonly number[]): number {
    const slots = this.instance.slots;
    let shared = 0;
    for (let w = 0; w < SLOT_WORDS; w++) {
      let word = 0xffffffff;
      for (const member of members) word &= slots[member * SLOT_WORDS + w]!;
      shared += bitCount(word);
    }
    return shared;
  }

  private attributeScore(members: readonly number[]): number {
    const mode = this.instance.attributeMode;
    if (mode === undefined) return 0;
    const attribute = this.instance.attribute;
    let distinct = 0;
    let sharing = 0;
    for (let i = 0; i < members.length; i++) {
      const value = attribute[members[i]!]!;
      if (value < 0) continue;
      let seen = false;
      for (let j = 0; j < i && !seen; j++) seen = attribute[members[j]!] === value;
      if (seen) sharing += 1;
      else distinct += 1;
    }
    return mode === 'mix' ? Math.max(0, distinct - 1) : sharing;
  }
}

function shareAny(a: Int32Array, b: Int32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
