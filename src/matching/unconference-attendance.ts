import { maxWeightAssignment } from './max-weight-assignment';
import type { AllocationInstance } from './unconference-instance';
import type { Layout, SlotSession } from './unconference-layout';
import type { Allocation } from './unconference-types';

/** Who attends what in one slot: per person index, the topic (−1: free); and the dots that earns. */
export interface SlotAttendance {
  topicOf: Int32Array;
  value: number;
}

/**
 * The best attendance of one slot given its sessions: hosts sit in their own session, and every
 * other seat goes to voters so that the dots earned are greatest (an exact capacitated
 * assignment, `maxWeightAssignment`). Slots are independent once topics are placed, because
 * each topic is held once and each person attends one session per slot.
 */
export function bestSlotAttendance(instance: AllocationInstance, sessions: SlotSession[]): SlotAttendance {
  const { topicOf, value: hostValue, seats } = seatHosts(instance, sessions);
  const edges = voterEdges(instance, sessions, topicOf);
  const people = edges.personOrder;
  const edgeStart = new Int32Array(people.length);
  const edgeEnd = new Int32Array(people.length);
  const edgeRight: number[] = [];
  const edgeWeight: number[] = [];
  people.forEach((person, left) => {
    edgeStart[left] = edgeRight.length;
    for (const edge of edges.byPerson.get(person)!) {
      edgeRight.push(edge.session);
      edgeWeight.push(edge.dots);
    }
    edgeEnd[left] = edgeRight.length;
  });
  const chosen = maxWeightAssignment({
    capacity: seats,
    edgeStart,
    edgeEnd,
    edgeRight: Int32Array.from(edgeRight),
    edgeWeight: Int32Array.from(edgeWeight),
  });
  let value = hostValue;
  chosen.forEach((edge, left) => {
    if (edge < 0) return;
    topicOf[people[left]!] = sessions[edgeRight[edge]!]!.topic;
    value += edgeWeight[edge]!;
  });
  return { topicOf, value };
}

/** Hosts take a seat in their own session first; returns the seats left per session. */
export function seatHosts(instance: AllocationInstance, sessions: SlotSession[]): SlotAttendance & { seats: number[] } {
  const topicOf = new Int32Array(instance.people.length).fill(-1);
  const topics = instance.topicIds.length;
  let value = 0;
  const seats = sessions.map(({ topic, room }) => {
    for (const host of instance.hosts[topic]!) {
      topicOf[host] = topic;
      value += instance.dots[host * topics + topic]!;
    }
    return Math.max(0, instance.capacity[room]! - instance.hosts[topic]!.length);
  });
  return { topicOf, value, seats };
}

/** Each free voter's sessions in this slot, people in index order (so ties go the same way every run). */
function voterEdges(instance: AllocationInstance, sessions: SlotSession[], topicOf: Int32Array) {
  const byPerson = new Map<number, { session: number; dots: number }[]>();
  sessions.forEach(({ topic }, session) => {
    for (const { person, dots } of instance.voters[topic]!) {
      if (topicOf[person]! >= 0) continue;
      let list = byPerson.get(person);
      if (!list) byPerson.set(person, (list = []));
      list.push({ session, dots });
    }
  });
  const personOrder = [...byPerson.keys()].sort((a, b) => a - b);
  return { byPerson, personOrder };
}

/** The public result from a layout and each slot's attendance. */
export function toAllocation(instance: AllocationInstance, layout: Layout, attendance: SlotAttendance[], bound: number): Allocation {
  const rooms = instance.capacity.length;
  const sessions: Allocation['sessions'] = [];
  const scheduled = new Set<number>();
  layout.forEach((topic, cell) => {
    if (topic < 0) return;
    sessions.push({ topicId: instance.topicIds[topic]!, slot: Math.floor(cell / rooms), room: cell % rooms });
    scheduled.add(topic);
  });
  const unscheduled = instance.topicIds.filter((_, t) => !scheduled.has(t));
  const byPerson = new Map<string, (number | undefined)[]>();
  instance.people.forEach((person, p) => {
    byPerson.set(
      person,
      attendance.map((slot) => (slot.topicOf[p]! >= 0 ? instance.topicIds[slot.topicOf[p]!] : undefined)),
    );
  });
  const satisfaction = attendance.reduce((sum, slot) => sum + slot.value, 0);
  return { sessions, unscheduled, attendance: byPerson, satisfaction, bound };
}
