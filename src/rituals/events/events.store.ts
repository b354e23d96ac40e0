import type { Prisma, PrismaClient } from '../../db/client';
import type { RsvpCounts } from './events.messages';
import type { EventView } from './events.types';

export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;

type EventRow = Awaited<ReturnType<PrismaClient['event']['findUniqueOrThrow']>>;

/** A stored event as the rest of the ritual reads it. */
export function eventView(row: EventRow): EventView {
  return {
    id: row.id,
    communityId: row.communityId,
    seriesId: row.seriesId,
    originalStart: row.originalStart,
    kind: row.kind,
    title: row.title,
    description: row.description,
    level: row.level,
    topics: row.topics,
    hosts: row.hosts,
    guestHost: row.guestHost,
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    timeZone: row.timeZone,
    place: row.place,
    capacity: row.capacity,
    reminderLeads: row.reminderLeads,
    status: row.status,
    sequence: row.sequence,
    uid: row.uid,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
  };
}

export async function findEvent(db: Db, eventId: number): Promise<EventView | undefined> {
  const row = await db.event.findUnique({ where: { id: eventId } });
  return row ? eventView(row) : undefined;
}

/** Takes the event's row lock: RSVPs, edits and cancels of one event happen one at a time. */
export async function lockEvent(tx: Tx, eventId: number): Promise<EventView | undefined> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Event" WHERE id = ${eventId} FOR UPDATE`;
  return locked.length ? findEvent(tx, eventId) : undefined;
}

/** Who answered what; an answer awaiting reconfirmation (the event moved day) counts for nothing. */
export async function rsvpCounts(db: Db, eventId: number): Promise<RsvpCounts> {
  const rows = await db.eventRsvp.findMany({ where: { eventId, reconfirm: false }, orderBy: [{ answeredAt: 'asc' }, { personId: 'asc' }], select: { personId: true, status: true } });
  const of = (status: string) => rows.filter((r) => r.status === status).map((r) => r.personId);
  return { going: of('going'), maybe: of('maybe'), notGoing: of('not_going').length, waitlisted: of('waitlisted') };
}

/** Everyone with a live answer other than "not going": who hears of changes and cancellations. */
export async function interested(db: Db, eventId: number): Promise<string[]> {
  const rows = await db.eventRsvp.findMany({ where: { eventId, status: { in: ['going', 'maybe', 'waitlisted'] } }, select: { personId: true }, orderBy: { personId: 'asc' } });
  return rows.map((r) => r.personId);
}
