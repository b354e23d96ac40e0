import { pairKey, SLOT_WORDS, type CoffeeInstance } from './coffee-instance';

/**
 * The coffee round's objective, one number per group (higher is better), summed over groups.
 * It is lexicographic in practice: each tier's weight exceeds the most the lower tiers can change
 * in one swap between two groups of up to nine, so the search never trades a higher tier for a lower.
 *
 * 1. avoid: every pair from an avoid list costs AVOID (a hard constraint; leftovers are unplaced);
 * 2. repeats: every past meeting of a pair costs REPEAT × its weight (101..200, more when recent);
 * 3. overlap: every quarter hour all members fully work earns OVERLAP;
 * 4. attribute: every pair with the same value costs MIX when mixing and earns MIX when grouping
 *    (pairs rather than distinct values, so that each step towards one value, or away, counts);
 * 5. interests: every pair sharing at least one interest earns INTEREST.
 */
const INTEREST = 1;
const MIX = 100; // > 2 groups × 36 pairs × INTEREST
const OVERLAP = 10_000; // > 2 groups × 36 pairs × MIX + 72 × INTEREST
const REPEAT = 10_000_000; // > 2 groups × 96 quarter hours × OVERLAP + the tiers below
const AVOID = 1e13; // > 72 pairs × 5000 (the largest pair weight) × REPEAT

/** Scores groups of member indices; built once per round. */
export class CoffeeObjective {
  private readonly count: number;
  private readonly slots: Uint32Array;
  private readonly words: number;
  private readonly met: Map<number, number>;
  private readonly avoid: Set<number>;
  private readonly interestBits: Uint32Array;
  private readonly interestWords: number;
  /**
   * Everyone each member must not meet or has met, as one list per member (CSR: member m's are at
   * partnerStart[m] .. partnerStart[m + 1] − 1), with the pair's penalty: the search marks them
   * in arrays instead of looking pairs up in a map.
   */
  readonly partnerStart: Int32Array;
  readonly partnerOf: Int32Array;
  readonly partnerPenalty: Float64Array;

  constructor(private readonly instance: CoffeeInstance) {
    // Read once: inside the search's loops even a module binding's lookup shows up.
    this.count = instance.ids.length;
    this.slots = instance.slots;
    this.words = SLOT_WORDS;
    this.met = instance.met;
    this.avoid = instance.avoid;
    this.interestBits = instance.interestBits;
    this.interestWords = instance.interestWords;
    const keys = new Set([...instance.met.keys(), ...instance.avoid]);
    this.partnerStart = new Int32Array(this.count + 1);
    for (const key of keys) {
      this.partnerStart[Math.floor(key / this.count) + 1]! += 1;
      this.partnerStart[(key % this.count) + 1]! += 1;
    }
    for (let m = 0; m < this.count; m++) this.partnerStart[m + 1]! += this.partnerStart[m]!;
    this.partnerOf = new Int32Array(this.partnerStart[this.count]!);
    this.partnerPenalty = new Float64Array(this.partnerOf.length);
    const filled = this.partnerStart.slice(0, this.count);
    for (const key of keys) {
      const a = Math.floor(key / this.count);
      const b = key % this.count;
      const penalty = this.penalty(key);
      this.partnerOf[filled[a]!] = b;
      this.partnerPenalty[filled[a]!++] = penalty;
      this.partnerOf[filled[b]!] = a;
      this.partnerPenalty[filled[b]!++] = penalty;
    }
  }

  /** The group's score; `members` holds member indices. */
  score(members: readonly number[]): number {
    let total = this.groupTerms(members);
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) total += this.pairValue(members[i]!, members[j]!);
    }
    return total;
  }

  /** The pair's part of a group's score: its avoid and repeat costs and its shared-interest bonus. */
  pairValue(a: number, b: number): number {
    return this.interestValue(a, b) - this.penalty(a < b ? a * this.count + b : b * this.count + a);
  }

  /** INTEREST when the two share an interest, else 0. */
  interestValue(a: number, b: number): number {
    const bits = this.interestBits;
    const words = this.interestWords;
    for (let w = 0; w < words; w++) if ((bits[a * words + w]! & bits[b * words + w]!) !== 0) return INTEREST;
    return 0;
  }

  private penalty(key: number): number {
    const weight = this.met.get(key);
    const repeat = weight === undefined ? 0 : REPEAT * weight;
    return this.avoid.size > 0 && this.avoid.has(key) ? repeat + AVOID : repeat;
  }

  /** The part of a group's score that is not a sum over pairs: shared working time and the attribute. */
  groupTerms(members: readonly number[]): number {
    return OVERLAP * this.sharedSlots(members) + MIX * this.attributeScore(members);
  }

  /** The most groupTerms can change when two groups swap a member: a pair value below minus this is never worth it. */
  static readonly MAX_TERMS_CHANGE = 2 * (96 * OVERLAP + 36 * MIX);

  /** What placing `candidate` into a group of `members` costs in avoid entries and repeats (0: neither). */
  conflict(members: readonly number[], candidate: number): number {
    let cost = 0;
    for (const member of members) cost += this.penalty(member < candidate ? member * this.count + candidate : candidate * this.count + member);
    return cost;
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
    let pairs = 0;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) if (this.instance.met.has(pairKey(this.count, members[i]!, members[j]!))) pairs += 1;
    }
    return pairs;
  }

  private sharedSlots(members: readonly number[]): number {
    const slots = this.slots;
    const words = this.words;
    let shared = 0;
    for (let w = 0; w < words; w++) {
      let word = 0xffffffff;
      for (let i = 0; i < members.length; i++) word &= slots[members[i]! * words + w]!;
      shared += bitCount(word);
    }
    return shared;
  }

  private attributeScore(members: readonly number[]): number {
    const mode = this.instance.attributeMode;
    if (mode === undefined) return 0;
    const attribute = this.instance.attribute;
    let samePairs = 0;
    for (let i = 0; i < members.length; i++) {
      const value = attribute[members[i]!]!;
      if (value < 0) continue;
      for (let j = 0; j < i; j++) if (attribute[members[j]!] === value) samePairs += 1;
    }
    return mode === 'mix' ? -samePairs : samePairs;
  }
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
