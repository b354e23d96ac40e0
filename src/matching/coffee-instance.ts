import type { CoffeeMember, CoffeeOptions, PastMeeting, WorkingDay } from './types';

/** Minutes in a day; working days are read on a circular clock, as working-hours.ts reads them. */
const DAY = 1440;
/** The search ranks shared working time in whole quarter hours: 96 slots, three 32-bit words. */
export const SLOT_MINUTES = 15;
export const SLOT_WORDS = 3;
const SLOTS = DAY / SLOT_MINUTES;

/** A meeting last round weighs 200, one twelve rounds ago 108: recent repeats cost more, every repeat costs roughly the same as another. */
const MEETING_WEIGHT_BASE = 100;
/** Bounds one pair's summed weight, so no history outweighs an avoid-list entry. */
const MAX_PAIR_WEIGHT = 5000;

/**
 * The members and settings of one round with ids turned into indices 0..n−1, so the search works on
 * typed arrays and integer-keyed maps: past meetings and avoid entries are looked up by pair key.
 */
export interface CoffeeInstance {
  ids: string[];
  days: WorkingDay[];
  /** SLOT_WORDS words per member: bit k set when the member works all of quarter hour k of the UTC day. */
  slots: Uint32Array;
  /** Index into attributeValues per member, −1 without a value (or without attributeMode). */
  attribute: Int32Array;
  attributeValues: string[];
  attributeMode: 'mix' | 'group' | undefined;
  /** Per member, the sorted indices of their interests into topics. */
  interests: Int32Array[];
  /** The same as bit sets, interestWords words per member, so "share any?" is a few ANDs. */
  interestBits: Uint32Array;
  interestWords: number;
  topics: string[];
  /** Pair key → summed recency weight of the pair's meetings within the window. */
  met: Map<number, number>;
  /** Per member, how many different people they met within the window. */
  partnerCounts: Int32Array;
  /** Pair keys that must never share a group. */
  avoid: Set<number>;
  /** Per member, how many avoid pairs they are in. */
  avoidCounts: Int32Array;
}

/** Indexes the members; throws on a repeated id, since every member is placed exactly once. */
export function indexCoffeeRound(members: readonly CoffeeMember[], options: CoffeeOptions): CoffeeInstance {
  const ids = members.map((m) => m.id);
  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (indexOf.has(id)) throw new RangeError(`member ${id} appears twice`);
    indexOf.set(id, i);
  });
  const mode = options.attributeMode?.mode;
  const attributes = indexValues(members.map((m) => (mode === undefined ? undefined : m.attribute)));
  const topics = indexTopics(members);
  const met = pastMeetings(options.history, indexOf);
  const avoid = avoidedPairs(options.avoid, indexOf);
  return {
    ids,
    days: members.map((m) => m.workingDay),
    slots: workedSlots(members),
    attribute: attributes.indices,
    attributeValues: attributes.values,
    attributeMode: mode,
    interests: topics.interests,
    ...interestBits(topics.interests, topics.names.length),
    topics: topics.names,
    met,
    partnerCounts: pairCounts(met.keys(), ids.length),
    avoid,
    avoidCounts: pairCounts(avoid.keys(), ids.length),
  };
}

/** One number for an unordered pair of indices among `count` members (a small integer up to ~30,000 members). */
export function pairKey(count: number, a: number, b: number): number {
  return a < b ? a * count + b : b * count + a;
}

export function meetingWeight(roundsAgo: number): number {
  return MEETING_WEIGHT_BASE + Math.round(MEETING_WEIGHT_BASE / Math.max(1, roundsAgo));
}

function pastMeetings(history: readonly PastMeeting[], indexOf: Map<string, number>): Map<number, number> {
  const met = new Map<number, number>();
  for (const meeting of history) {
    const a = indexOf.get(meeting.a);
    const b = indexOf.get(meeting.b);
    if (a === undefined || b === undefined || a === b) continue;
    const key = pairKey(indexOf.size, a, b);
    met.set(key, Math.min(MAX_PAIR_WEIGHT, (met.get(key) ?? 0) + meetingWeight(meeting.roundsAgo)));
  }
  return met;
}

/** Per member, how many of the pair keys include them. */
function pairCounts(keys: Iterable<number>, count: number): Int32Array {
  const partners = new Int32Array(count);
  for (const key of keys) {
    partners[Math.floor(key / count)]! += 1;
    partners[key % count]! += 1;
  }
  return partners;
}

function avoidedPairs(avoid: ReadonlyArray<readonly [string, string]>, indexOf: Map<string, number>): Set<number> {
  const pairs = new Set<number>();
  for (const [first, second] of avoid) {
    const a = indexOf.get(first);
    const b = indexOf.get(second);
    if (a !== undefined && b !== undefined && a !== b) pairs.add(pairKey(indexOf.size, a, b));
  }
  return pairs;
}

function indexValues(values: ReadonlyArray<string | undefined>): { indices: Int32Array; values: string[] } {
  const known = new Map<string, number>();
  const indices = new Int32Array(values.length).fill(-1);
  values.forEach((value, i) => {
    if (value === undefined || value === '') return;
    let index = known.get(value);
    if (index === undefined) {
      index = known.size;
      known.set(value, index);
    }
    indices[i] = index;
  });
  return { indices, values: [...known.keys()] };
}

function indexTopics(members: readonly CoffeeMember[]): { interests: Int32Array[]; names: string[] } {
  const known = new Map<string, number>();
  const interests = members.map((member) => {
    const own = new Set<number>();
    for (const topic of member.interests) {
      let index = known.get(topic);
      if (index === undefined) {
        index = known.size;
        known.set(topic, index);
      }
      own.add(index);
    }
    return Int32Array.from(own).sort();
  });
  return { interests, names: [...known.keys()] };
}

function interestBits(interests: readonly Int32Array[], topicCount: number): { interestBits: Uint32Array; interestWords: number } {
  const words = Math.max(1, Math.ceil(topicCount / 32));
  const bits = new Uint32Array(interests.length * words);
  interests.forEach((own, i) => {
    for (const topic of own) bits[i * words + (topic >>> 5)]! |= 1 << (topic & 31);
  });
  return { interestBits: bits, interestWords: words };
}

function workedSlots(members: readonly CoffeeMember[]): Uint32Array {
  const slots = new Uint32Array(members.length * SLOT_WORDS);
  members.forEach((member, i) => {
    const { start, end } = member.workingDay;
    const length = Math.min(end - start, DAY);
    if (!(length > 0)) return;
    const from = ((start % DAY) + DAY) % DAY;
    for (let k = 0; k < SLOTS; k++) {
      const offset = (((k * SLOT_MINUTES - from) % DAY) + DAY) % DAY;
      if (offset + SLOT_MINUTES <= length) slots[i * SLOT_WORDS + (k >>> 5)]! |= 1 << (k & 31);
    }
  });
  return slots;
}
