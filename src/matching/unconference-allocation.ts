import { createRandom, type Random } from './random';
import { bestSlotAttendance, toAllocation } from './unconference-attendance';
import { allocationInstance, satisfactionBound, type AllocationInstance } from './unconference-instance';
import { fits, pinnedLayout, roomsBySize, sessionsInSlot, topicsByDemand, type Layout } from './unconference-layout';
import { naiveLayout } from './unconference-naive';
import type { Allocation, AllocationInput } from './unconference-types';

export { naiveAllocation } from './unconference-naive';

export interface AllocationOptions {
  /** Seeds the order in which moves are tried; the same input and seed give the same allocation. */
  seed?: number;
  /** At most this many slot attendances are solved during the search (the run time's cap). */
  maxEvaluations?: number;
}

export const DEFAULT_SEED = 2026;
export const DEFAULT_MAX_EVALUATIONS = 3000;

/**
 * Topics into rooms × slots, then people into sessions, for the greatest satisfaction (the dots
 * of the sessions people attend). Method: a constructive placement improved by local search,
 * with each candidate placement scored exactly.
 *
 * - Once topics are placed, slots are independent (each topic is held once, each person attends
 *   one session per slot), and the best attendance of a slot is an exact capacitated assignment
 *   (`bestSlotAttendance`, min-cost flow). So the only hard part is the placement.
 * - Construction: pins first; then topics most wanted first, each into the slot where it adds
 *   most (dots of its voters beyond what they already get in that slot, ignoring capacity: topics
 *   that share voters repel each other), in that slot's biggest free room that seats its hosts,
 *   never beside another session of one of its hosts.
 * - The search starts from the better of that and the naive placement (`naiveAllocation`), each
 *   seated optimally, and only ever improves: it never does worse than the naive assignment.
 * - Local search: swap two cells' topics (across slots: separates topics with shared voters; in
 *   one slot: gives the bigger room to the topic that fills it), or swap an unscheduled topic in.
 *   A move is kept when the exact satisfaction of the slots it touches strictly rises; moves are
 *   tried in a seeded order, round and round, until a full round improves nothing (a local
 *   optimum) or `maxEvaluations` slots were solved. Slot scores are memoised by content.
 *   A topic is left out only when no room it fits is free: a move that would leave a room empty
 *   while a left-out topic could take it is not made (else the search would drop a host's
 *   second session to free them for a talk they voted for).
 *
 * Why not an ILP: measured on the benchmark's unconference (500 people × 40 topics × 4 slots ×
 * 8 rooms) with HiGHS 1.15 (WebAssembly) — 1,280 binary placements, 7,468 attendance variables
 * (continuous suffices once placements are whole), 9,716 rows — the MIP's best solution after
 * 5 s had satisfaction 8 and after 60 s 1,711, where this search finds 3,917 in about 1.5 s of
 * CPU; even its LP relaxation took 24 s. That LP's value, 4,321, is a true upper bound: this
 * search is within 9.4 % of the optimum there (the cheap `bound` below, 4,810, says 19 %).
 * `bound` is each person's best `slots` topics' dots, capped by the seats (see
 * `satisfactionBound`): no allocation exceeds it, so `satisfaction / bound` bounds the gap.
 */
export function allocateSessions(input: AllocationInput, options: AllocationOptions = {}): Allocation {
  const instance = allocationInstance(input);
  const search = new PlacementSearch(instance, startingLayout(instance), createRandom(options.seed ?? DEFAULT_SEED));
  search.run(options.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS);
  const attendance = Array.from({ length: instance.slots }, (_, slot) => bestSlotAttendance(instance, sessionsInSlot(instance, search.layout, slot)));
  return toAllocation(instance, search.layout, attendance, satisfactionBound(instance));
}

/** The better of the constructed and the naive placement, each with its best attendance. */
function startingLayout(instance: AllocationInstance): Layout {
  const [constructed, naive] = [constructLayout(instance), naiveLayout(instance)].map((layout) => ({ layout, value: layoutValue(instance, layout) }));
  return naive!.value > constructed!.value ? naive!.layout : constructed!.layout;
}

function layoutValue(instance: AllocationInstance, layout: Layout): number {
  let value = 0;
  for (let slot = 0; slot < instance.slots; slot++) value += bestSlotAttendance(instance, sessionsInSlot(instance, layout, slot)).value;
  return value;
}

/** The constructive placement (see `allocateSessions`). */
function constructLayout(instance: AllocationInstance): Layout {
  const layout = pinnedLayout(instance);
  const rooms = instance.capacity.length;
  const people = instance.people.length;
  // best[slot × people + person]: the most dots the person has for a topic already in that slot.
  const best = new Int32Array(instance.slots * people);
  for (const [topic, cell] of instance.pinned) takeSeats(instance, best, topic, Math.floor(cell / rooms));
  const bySize = roomsBySize(instance);
  for (const topic of topicsByDemand(instance)) {
    if (instance.pinned.has(topic)) continue;
    const cell = bestCell(instance, layout, best, bySize, topic);
    if (cell < 0) continue;
    layout[cell] = topic;
    takeSeats(instance, best, topic, Math.floor(cell / rooms));
  }
  return layout;
}

function takeSeats(instance: AllocationInstance, best: Int32Array, topic: number, slot: number): void {
  const base = slot * instance.people.length;
  for (const { person, dots } of instance.voters[topic]!) best[base + person] = Math.max(best[base + person]!, dots);
  // A host is busy in that slot: no other topic can win them there.
  for (const host of instance.hosts[topic]!) best[base + host] = 0x7fffffff;
}

/** The free cell where `topic` adds most; ties to the bigger room, then the earlier slot. −1: none fits. */
function bestCell(instance: AllocationInstance, layout: Layout, best: Int32Array, bySize: number[], topic: number): number {
  const rooms = instance.capacity.length;
  let chosen = -1;
  let chosenGain = -1;
  let chosenSeats = -1;
  for (let slot = 0; slot < instance.slots; slot++) {
    const room = bySize.find((r) => layout[slot * rooms + r] === -1 && fits(instance, layout, topic, slot * rooms + r));
    if (room === undefined) continue;
    const gain = addedDots(instance, best, topic, slot);
    const seats = instance.capacity[room]!;
    if (gain > chosenGain || (gain === chosenGain && seats > chosenSeats)) [chosen, chosenGain, chosenSeats] = [slot * rooms + room, gain, seats];
  }
  return chosen;
}

function addedDots(instance: AllocationInstance, best: Int32Array, topic: number, slot: number): number {
  const base = slot * instance.people.length;
  let gain = 0;
  for (const { person, dots } of instance.voters[topic]!) gain += Math.max(0, dots - best[base + person]!);
  return gain;
}

/**
 * Hill climbing over placements. Positions are the cells, then a shelf of unscheduled topics;
 * a move swaps the contents of two positions, at least one of them a cell.
 */
class PlacementSearch {
  readonly layout: Layout;
  private readonly shelf: number[];
  private readonly slotValue: number[];
  private readonly memo = new Map<string, number>();
  private evaluations = 0;

  constructor(
    private readonly instance: AllocationInstance,
    layout: Layout,
    private readonly random: Random,
  ) {
    this.layout = layout;
    const placed = new Set(layout);
    this.shelf = instance.topicIds.map((_, t) => t).filter((t) => !placed.has(t));
    if (this.shelf.length === 0) this.shelf.push(-1);
    this.slotValue = Array.from({ length: instance.slots }, (_, slot) => this.value(slot));
  }

  run(maxEvaluations: number): void {
    const moves = this.moves();
    let quiet = 0;
    for (let i = 0; quiet < moves.length && this.evaluations < maxEvaluations; i = (i + 1) % moves.length) {
      const [a, b] = moves[i]!;
      quiet = this.tryMove(a, b) ? 0 : quiet + 1;
    }
  }

  private moves(): [number, number][] {
    const cells = this.layout.length;
    const moves: [number, number][] = [];
    for (let a = 0; a < cells; a++) {
      for (let b = a + 1; b < cells + this.shelf.length; b++) moves.push([a, b]);
    }
    return this.random.shuffled(moves);
  }

  /** Swaps positions a (a cell) and b (a cell or the shelf) if that strictly raises satisfaction. */
  private tryMove(a: number, b: number): boolean {
    const x = this.layout[a]!;
    const y = this.at(b);
    if ((x < 0 && y < 0) || this.instance.pinned.has(x) || this.instance.pinned.has(y)) return false;
    if (!this.allowed(y, a, x) || !this.allowed(x, b, y)) return false;
    this.put(a, y);
    this.put(b, x);
    if (this.leavesRoomUnused()) {
      this.put(a, x);
      this.put(b, y);
      return false;
    }
    const slots = this.touchedSlots(a, b);
    const before = slots.reduce((sum, s) => sum + this.slotValue[s]!, 0);
    const values = slots.map((s) => this.value(s));
    if (values.reduce((sum, v) => sum + v, 0) > before) {
      slots.forEach((s, k) => (this.slotValue[s] = values[k]!));
      return true;
    }
    this.put(a, x);
    this.put(b, y);
    return false;
  }

  /** Whether a topic on the shelf could go into an empty room: such a layout is not allowed. */
  private leavesRoomUnused(): boolean {
    return this.layout.some((topic, cell) => topic < 0 && this.shelf.some((u) => u >= 0 && fits(this.instance, this.layout, u, cell)));
  }

  /** Whether `topic` may enter position `at` while `leaving` moves out of it. */
  private allowed(topic: number, at: number, leaving: number): boolean {
    if (topic < 0 || at >= this.layout.length) return true;
    return fits(this.instance, this.layout, topic, at, leaving);
  }

  private at(position: number): number {
    return position < this.layout.length ? this.layout[position]! : this.shelf[position - this.layout.length]!;
  }

  private put(position: number, topic: number): void {
    if (position < this.layout.length) this.layout[position] = topic;
    else this.shelf[position - this.layout.length] = topic;
  }

  private touchedSlots(a: number, b: number): number[] {
    const rooms = this.instance.capacity.length;
    const first = Math.floor(a / rooms);
    if (b >= this.layout.length) return [first];
    const second = Math.floor(b / rooms);
    return first === second ? [first] : [first, second];
  }

  /** The exact best attendance value of one slot as the layout stands, memoised by the slot's content. */
  private value(slot: number): number {
    const rooms = this.instance.capacity.length;
    const key = this.layout.subarray(slot * rooms, (slot + 1) * rooms).join(',');
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    this.evaluations++;
    const value = bestSlotAttendance(this.instance, sessionsInSlot(this.instance, this.layout, slot)).value;
    this.memo.set(key, value);
    return value;
  }
}
