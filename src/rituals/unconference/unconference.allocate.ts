import { allocateSessions } from '../../matching/unconference-allocation';
import type { AllocationInput } from '../../matching/unconference-types';
import { storedAgenda, type Placement, type Room, type StoredAgenda } from './unconference.stored';

/** What the allocation is made from: the grid, the proposals and their hosts, everyone's dots. */
export interface AgendaInputs {
  slots: number;
  rooms: Room[];
  proposals: { id: number; hostId: string }[];
  dots: { personId: string; proposalId: number; count: number }[];
  pinned: Placement[];
}

/** The allocation's input: every voter and every host (a host who did not vote still attends their own). */
export function allocationInput(inputs: AgendaInputs): AllocationInput {
  const votes = new Map<string, Map<number, number>>();
  for (const host of inputs.proposals.map((p) => p.hostId)) votes.set(host, new Map());
  for (const d of inputs.dots) {
    const mine = votes.get(d.personId) ?? new Map<number, number>();
    mine.set(d.proposalId, (mine.get(d.proposalId) ?? 0) + d.count);
    votes.set(d.personId, mine);
  }
  return {
    slots: inputs.slots,
    rooms: inputs.rooms.map((r) => r.capacity),
    topics: inputs.proposals.map((p) => ({ id: p.id, hosts: [p.hostId] })),
    votes: [...votes].map(([person, dots]) => ({ person, dots })),
    ...(inputs.pinned.length > 0 ? { pinned: inputs.pinned } : {}),
  };
}

/**
 * The one place the unconference calls the allocation (src/matching/unconference-allocation.ts):
 * topics into rooms × slots, people into sessions, the organiser's pins kept.
 */
export function draftAgenda(inputs: AgendaInputs): StoredAgenda {
  return storedAgenda(allocateSessions(allocationInput(inputs)), inputs.pinned);
}
