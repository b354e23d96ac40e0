import type { AllocationInput } from './unconference-types';

/**
 * An unconference allocation problem in index form, shared by the allocation and its naive
 * baseline: topics are 0..T-1 in id order, people 0..P-1 in id order (voters and hosts), so the
 * result never depends on the order the ritual listed them in.
 */
export interface AllocationInstance {
  slots: number;
  capacity: number[];
  topicIds: number[];
  people: string[];
  /** Each topic's hosts (people indices, ascending). */
  hosts: number[][];
  /** Each topic's voters with their dots (people indices ascending; dots > 0). */
  voters: { person: number; dots: number }[][];
  /** Each person's dots per topic (0 when none), row-major: person × topics. */
  dots: Int32Array;
  /** Sum of dots per topic: how much a topic is wanted. */
  demand: number[];
  /** Pinned placements as topic index → cell (slot × rooms + room). */
  pinned: Map<number, number>;
}

/** Validates the input and builds the index form; throws RangeError on input that cannot be allocated. */
export function allocationInstance(input: AllocationInput): AllocationInstance {
  checkShape(input);
  const topicIds = sortedUnique(input.topics.map((t) => t.id), 'topic');
  const topicIndex = new Map(topicIds.map((id, i) => [id, i]));
  const voterNames = sortedUnique(input.votes.map((v) => v.person), 'voter');
  const people = [...new Set([...voterNames, ...input.topics.flatMap((t) => t.hosts)])].sort(compareStrings);
  const personIndex = new Map(people.map((p, i) => [p, i]));
  const hosts = topicIds.map(() => [] as number[]);
  for (const topic of input.topics) hosts[topicIndex.get(topic.id)!] = [...new Set(topic.hosts.map((h) => personIndex.get(h)!))].sort((a, b) => a - b);
  const dots = new Int32Array(people.length * topicIds.length);
  for (const vote of input.votes) {
    for (const [topicId, count] of vote.dots) {
      const topic = topicIndex.get(topicId);
      if (topic === undefined || count === 0) continue;
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`dots must be whole and not negative: ${vote.person} gave ${count}`);
      dots[personIndex.get(vote.person)! * topicIds.length + topic] = count;
    }
  }
  const voters = topicIds.map((_, t) => votersOf(dots, people.length, topicIds.length, t));
  const demand = voters.map((list) => list.reduce((sum, v) => sum + v.dots, 0));
  const pinned = pinnedCells(input, topicIndex, hosts);
  return { slots: input.slots, capacity: [...input.rooms], topicIds, people, hosts, voters, dots, demand, pinned };
}

function checkShape(input: AllocationInput): void {
  if (!Number.isInteger(input.slots) || input.slots < 1) throw new RangeError(`slots must be a positive whole number, not ${input.slots}`);
  for (const c of input.rooms) if (!Number.isInteger(c) || c < 0) throw new RangeError(`a room's capacity must be whole and not negative, not ${c}`);
}

function votersOf(dots: Int32Array, people: number, topics: number, topic: number): { person: number; dots: number }[] {
  const list: { person: number; dots: number }[] = [];
  for (let p = 0; p < people; p++) {
    const d = dots[p * topics + topic]!;
    if (d > 0) list.push({ person: p, dots: d });
  }
  return list;
}

/** Pins kept as given; a pin that cannot hold (no such room, a cell or a host used twice) is refused. */
function pinnedCells(input: AllocationInput, topicIndex: Map<number, number>, hosts: number[][]): Map<number, number> {
  const rooms = input.rooms.length;
  const pinned = new Map<number, number>();
  const cells = new Set<number>();
  const hostSlots = new Set<string>();
  for (const pin of input.pinned ?? []) {
    const topic = topicIndex.get(pin.topicId);
    if (topic === undefined) throw new RangeError(`pinned topic ${pin.topicId} is not proposed`);
    if (!inRange(pin.slot, input.slots) || !inRange(pin.room, rooms)) throw new RangeError(`topic ${pin.topicId} is pinned to a slot or room that does not exist`);
    const cell = pin.slot * rooms + pin.room;
    if (hosts[topic]!.length > input.rooms[pin.room]!) throw new RangeError(`topic ${pin.topicId} is pinned to a room too small for its hosts`);
    if (pinned.has(topic) || cells.has(cell)) throw new RangeError(`topic ${pin.topicId} or its slot and room is pinned twice`);
    for (const h of hosts[topic]!) {
      const key = `${h}:${pin.slot}`;
      if (hostSlots.has(key)) throw new RangeError(`topic ${pin.topicId} is pinned beside another session of the same host`);
      hostSlots.add(key);
    }
    pinned.set(topic, cell);
    cells.add(cell);
  }
  return pinned;
}

function inRange(value: number, bound: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < bound;
}

function sortedUnique<T extends string | number>(values: T[], role: string): T[] {
  const sorted = [...values].sort((a, b) => (typeof a === 'number' ? a - (b as number) : compareStrings(a as string, b as string)));
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) throw new RangeError(`${role} ${sorted[i]} is listed twice`);
  return sorted;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * No allocation can give more: each person attends at most `slots` sessions, so at best their
 * best `slots` topics; and every attendance takes one of the `slots × Σ capacity` seats, so at
 * best the most valuable of those person-slots fill them (a person's best topics come first).
 */
export function satisfactionBound(instance: AllocationInstance): number {
  const topics = instance.topicIds.length;
  const units: number[] = [];
  for (let p = 0; p < instance.people.length; p++) {
    const row = Array.from(instance.dots.subarray(p * topics, (p + 1) * topics)).sort((a, b) => b - a);
    for (let k = 0; k < Math.min(instance.slots, topics) && row[k]! > 0; k++) units.push(row[k]!);
  }
  const seats = instance.slots * instance.capacity.reduce((sum, c) => sum + c, 0);
  return units
    .sort((a, b) => b - a)
    .slice(0, seats)
    .reduce((sum, v) => sum + v, 0);
}
