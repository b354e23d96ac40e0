/**
 * The unconference allocation problem (pure; solved by src/matching/unconference-allocation.ts).
 * Topics go into rooms × time slots; people go to sessions by their dot votes within room
 * capacities. Ids are plain strings/numbers from the ritual; nothing here knows Slack or Prisma.
 */
export interface AllocationInput {
  /** Time slots in order (e.g. 4). */
  slots: number;
  /** Room capacities (e.g. 8 rooms). */
  rooms: number[];
  /** Proposed topics; `hosts` must never be in two sessions at once. */
  topics: { id: number; hosts: string[] }[];
  /** Each person's dots per topic (dot voting: a budget spread over topics; 0 or absent = no interest). */
  votes: { person: string; dots: Map<number, number> }[];
  /** Organiser's fixed placements (kept as given): topic → slot and room. */
  pinned?: { topicId: number; slot: number; room: number }[];
}

export interface Allocation {
  /** Scheduled sessions: topic in a slot and room. Topics that did not fit are in `unscheduled`. */
  sessions: { topicId: number; slot: number; room: number }[];
  unscheduled: number[];
  /** For each person, per slot, the topic they attend (or undefined: free). Nobody is double-booked; hosts attend their own. */
  attendance: Map<string, (number | undefined)[]>;
  /** Sum over people of the dots of the topics they attend. */
  satisfaction: number;
  /** An upper bound on satisfaction (e.g. each person's best `slots` topics), so the gap can be reported. */
  bound: number;
}
