import { seatHosts, toAllocation, type SlotAttendance } from './unconference-attendance';
import { allocationInstance, satisfactionBound, type AllocationInstance } from './unconference-instance';
import { fits, pinnedLayout, roomsBySize, sessionsInSlot, topicsByDemand, type Layout, type SlotSession } from './unconference-layout';
import type { Allocation, AllocationInput } from './unconference-types';

/**
 * The baseline an organiser would do by hand, to measure `allocateSessions` against: pins kept;
 * then topics most voted first into the biggest room of slot 1, of slot 2, … then the second
 * biggest room of each slot, and so on (skipping a cell where a host is already busy or the room
 * cannot seat the hosts); then, slot by slot, hosts sit in their own session and people in id
 * order take their most-dotted session that still has a seat.
 */
export function naiveAllocation(input: AllocationInput): Allocation {
  const instance = allocationInstance(input);
  const layout = naiveLayout(instance);
  const attendance = Array.from({ length: instance.slots }, (_, slot) => greedySlotAttendance(instance, sessionsInSlot(instance, layout, slot)));
  return toAllocation(instance, layout, attendance, satisfactionBound(instance));
}

/** The naive placement alone (also a starting point of `allocateSessions`, which so never does worse). */
export function naiveLayout(instance: AllocationInstance): Layout {
  const layout = pinnedLayout(instance);
  const rooms = instance.capacity.length;
  const cells = roomsBySize(instance).flatMap((room) => Array.from({ length: instance.slots }, (_, slot) => slot * rooms + room));
  for (const topic of topicsByDemand(instance)) {
    if (instance.pinned.has(topic)) continue;
    const cell = cells.find((c) => layout[c] === -1 && fits(instance, layout, topic, c));
    if (cell !== undefined) layout[cell] = topic;
  }
  return layout;
}

/** First come, first served: each person in id order takes their most-dotted session with a seat left. */
function greedySlotAttendance(instance: AllocationInstance, sessions: SlotSession[]): SlotAttendance {
  const { topicOf, value: hostValue, seats } = seatHosts(instance, sessions);
  const topics = instance.topicIds.length;
  let value = hostValue;
  for (let person = 0; person < instance.people.length; person++) {
    if (topicOf[person]! >= 0) continue;
    let best = -1;
    let bestDots = 0;
    sessions.forEach(({ topic }, s) => {
      const dots = instance.dots[person * topics + topic]!;
      if (seats[s]! > 0 && dots > bestDots) [best, bestDots] = [s, dots];
    });
    if (best < 0) continue;
    seats[best]!--;
    topicOf[person] = sessions[best]!.topic;
    value += bestDots;
  }
  return { topicOf, value };
}
