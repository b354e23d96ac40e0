import type { Actor } from '../../community/community.service';
import type { Delivery } from '../../delivery/delivery';
import { EventsError } from './events.errors';
import type { RsvpAnswer } from './events.ids';
import { promotedMessage } from './events.messages';
import { lockEvent, type Tx } from './events.store';
import type { EventView, RsvpStatus } from './events.types';

/** What an RSVP did: the person's answer now, their place on the waitlist, and who moved up. */
export type RsvpOutcome =
  | { kind: 'unchanged'; status: RsvpStatus; position?: number }
  | { kind: 'answered'; status: RsvpStatus; position?: number; promoted: string[] };

/** Refuses answers to an event that is gone, cancelled or under way. */
export function assertOpenForAnswers(event: EventView | undefined, now: Date): asserts event is EventView {
  if (!event) throw new EventsError('This event no longer exists.');
  if (event.status === 'cancelled') throw new EventsError('This event was cancelled, so it takes no answers. `/guild events` lists what is coming.');
  if (event.startsAt.getTime() <= now.getTime()) throw new EventsError('This event has already started (or ended), so it takes no answers. `/guild events` lists what is coming.');
}

async function goingCount(tx: Tx, eventId: number, except: string): Promise<number> {
  return tx.eventRsvp.count({ where: { eventId, status: 'going', reconfirm: false, personId: { not: except } } });
}

async function waitlistPosition(tx: Tx, eventId: number, personId: string): Promise<number | undefined> {
  const waiting = await tx.eventRsvp.findMany({ where: { eventId, status: 'waitlisted', reconfirm: false }, orderBy: [{ answeredAt: 'asc' }, { personId: 'asc' }], select: { personId: true } });
  const index = waiting.findIndex((w) => w.personId === personId);
  return index < 0 ? undefined : index + 1;
}

/**
 * Moves people up from the waitlist, first come first served, while places are free; tells each
 * by DM. Runs under the event's lock.
 */
export async function promoteFromWaitlist(tx: Tx, messages: Delivery, event: EventView): Promise<string[]> {
  const going = await goingCount(tx, event.id, '');
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - going;
  if (free <= 0) return [];
  const next = await tx.eventRsvp.findMany({ where: { eventId: event.id, status: 'waitlisted', reconfirm: false }, orderBy: [{ answeredAt: 'asc' }, { personId: 'asc' }], take: Math.min(free, 1000), select: { personId: true, answeredAt: true } });
  const promoted = next.map((n) => n.personId);
  if (promoted.length === 0) return [];
  await tx.eventRsvp.updateMany({ where: { eventId: event.id, personId: { in: promoted } }, data: { status: 'going' } });
  // One DM per waitlist entry: its answer time tells a later entry of the same person apart.
  await messages.sendMany(next.map((n) => ({ key: `event:${event.id}:promoted:${n.personId}:${n.answeredAt.getTime()}`, to: { users: [n.personId] }, ...promotedMessage(event) })), tx);
  return promoted;
}

/**
 * Records one person's answer under the event's lock, so that concurrent clicks never overfill
 * it: "going" to a full event joins the waitlist; leaving "going" promotes the next in line. The
 * same answer twice (a double click) changes nothing.
 */
export async function recordRsvp(tx: Tx, messages: Delivery, input: { eventId: number; actor: Actor; answer: RsvpAnswer; now: Date }): Promise<{ event: EventView; outcome: RsvpOutcome }> {
  const { eventId, actor, answer, now } = input;
  const event = await lockEvent(tx, eventId);
  assertOpenForAnswers(event, now);
  const existing = await tx.eventRsvp.findUnique({ where: { eventId_personId: { eventId, personId: actor.userId } } });
  const same = existing && !existing.reconfirm && (existing.status === answer || (answer === 'going' && existing.status === 'waitlisted'));
  if (same) return { event, outcome: { kind: 'unchanged', status: existing.status, position: await waitlistPosition(tx, eventId, actor.userId) } };
  const full = answer === 'going' && event.capacity !== null && (await goingCount(tx, eventId, actor.userId)) >= event.capacity;
  const status: RsvpStatus = full ? 'waitlisted' : answer;
  await tx.eventRsvp.upsert({
    where: { eventId_personId: { eventId, personId: actor.userId } },
    create: { eventId, personId: actor.userId, status, answeredAt: now },
    update: { status, answeredAt: now, reconfirm: false },
  });
  const promoted = existing?.status === 'going' && status !== 'going' ? await promoteFromWaitlist(tx, messages, event) : [];
  return { event, outcome: { kind: 'answered', status, position: await waitlistPosition(tx, eventId, actor.userId), promoted } };
}
