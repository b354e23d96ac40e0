import { z } from 'zod';
import type { Allocation } from '../../matching/unconference-types';

/** The JSON columns of an unconference, parsed with zod on the way out of the database. */

export const roomSchema = z.object({ name: z.string().min(1), capacity: z.number().int().positive() }).strict();
export type Room = z.infer<typeof roomSchema>;
export const roomsSchema = z.array(roomSchema).min(1);

const placement = z.object({ topicId: z.number().int(), slot: z.number().int().nonnegative(), room: z.number().int().nonnegative() }).strict();
export type Placement = z.infer<typeof placement>;

/**
 * A draft or published agenda: the sessions, the topics that did not fit, each person's topic
 * per slot (null: free), the satisfaction and its bound, and the organiser's pins.
 */
export const agendaSchema = z
  .object({
    sessions: z.array(placement),
    unscheduled: z.array(z.number().int()),
    attendance: z.record(z.string(), z.array(z.number().int().nullable())),
    satisfaction: z.number(),
    bound: z.number(),
    pinned: z.array(placement),
  })
  .strict();
export type StoredAgenda = z.infer<typeof agendaSchema>;

export function parseRooms(json: unknown): Room[] {
  return roomsSchema.parse(json);
}

export function parseAgenda(json: unknown): StoredAgenda | undefined {
  if (json === null || json === undefined) return undefined;
  return agendaSchema.parse(json);
}

/** An allocation as stored: maps become plain records, absent slots null. */
export function storedAgenda(allocation: Allocation, pinned: Placement[]): StoredAgenda {
  const attendance: Record<string, (number | null)[]> = {};
  for (const [person, slots] of allocation.attendance) attendance[person] = slots.map((t) => t ?? null);
  return {
    sessions: allocation.sessions.map(({ topicId, slot, room }) => ({ topicId, slot, room })),
    unscheduled: [...allocation.unscheduled],
    attendance,
    satisfaction: allocation.satisfaction,
    bound: allocation.bound,
    pinned,
  };
}
