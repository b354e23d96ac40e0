import type { AllocationInstance } from './unconference-instance';

/** Which topic is in each cell (slot × rooms + room); −1 for an empty room. */
export type Layout = Int32Array;

/** A session of one slot: topic and room. */
export interface SlotSession {
  topic: number;
  room: number;
}

export function emptyLayout(instance: AllocationInstance): Layout {
  return new Int32Array(instance.slots * instance.capacity.length).fill(-1);
}

/** The layout with only the organiser's pins. */
export function pinnedLayout(instance: AllocationInstance): Layout {
  const layout = emptyLayout(instance);
  for (const [topic, cell] of instance.pinned) layout[cell] = topic;
  return layout;
}

export function sessionsInSlot(instance: AllocationInstance, layout: Layout, slot: number): SlotSession[] {
  const rooms = instance.capacity.length;
  const sessions: SlotSession[] = [];
  for (let room = 0; room < rooms; room++) {
    const topic = layout[slot * rooms + room]!;
    if (topic >= 0) sessions.push({ topic, room });
  }
  return sessions;
}

/**
 * Whether `topic` may go into `cell`: the room seats its hosts, and none of them hosts another
 * session in that slot (`leaving`, a topic that moves out of that slot at the same time, aside).
 */
export function fits(instance: AllocationInstance, layout: Layout, topic: number, cell: number, leaving = -1): boolean {
  const rooms = instance.capacity.length;
  const hosts = instance.hosts[topic]!;
  if (hosts.length > instance.capacity[cell % rooms]!) return false;
  if (hosts.length === 0) return true;
  const first = cell - (cell % rooms);
  for (let c = first; c < first + rooms; c++) {
    const other = layout[c]!;
    if (other < 0 || other === topic || other === leaving) continue;
    if (sharesHost(instance.hosts[other]!, hosts)) return false;
  }
  return true;
}

function sharesHost(a: number[], b: number[]): boolean {
  for (const h of a) if (b.includes(h)) return true;
  return false;
}

/** Rooms largest first (ties: lower index), so more wanted topics get more seats. */
export function roomsBySize(instance: AllocationInstance): number[] {
  return instance.capacity.map((_, r) => r).sort((a, b) => instance.capacity[b]! - instance.capacity[a]! || a - b);
}

/** Topic indices most wanted first (ties: lower id). */
export function topicsByDemand(instance: AllocationInstance): number[] {
  return instance.topicIds.map((_, t) => t).sort((a, b) => instance.demand[b]! - instance.demand[a]! || a - b);
}
