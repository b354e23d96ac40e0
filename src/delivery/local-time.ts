import type { PrismaClient } from '../db/client';
import type { Outbox } from './outbox';
import { nextOccurrence, type Weekday } from '../scheduler/recurrence';

export interface LocalTimeMessage {
  /** Each recipient's message key is `<keyPrefix>:<userId>`. */
  keyPrefix: string;
  userIds: string[];
  /** The next such weekday and local time, e.g. Monday 09:00, in each recipient's own time zone. */
  weekday: Weekday;
  time: string;
  text: string;
  /** For people whose time zone Guild does not know. Default UTC. */
  fallbackTimeZone?: string;
}

/**
 * "Monday 09:00 in each recipient's time zone": one DM per person, each due at that person's
 * own 09:00 (their profile's zone, else Slack's, else the fallback).
 */
export async function sendAtLocalTime(prisma: PrismaClient, outbox: Outbox, message: LocalTimeMessage, now: Date): Promise<Map<string, Date>> {
  const people = await prisma.person.findMany({ where: { id: { in: message.userIds } }, select: { id: true, timeZone: true, slackTimeZone: true } });
  const zoneOf = new Map(people.map((p) => [p.id, p.timeZone ?? p.slackTimeZone ?? undefined]));
  const due = new Map<string, Date>();
  for (const userId of message.userIds) {
    const timeZone = zoneOf.get(userId) ?? message.fallbackTimeZone ?? 'UTC';
    const at = nextOccurrence({ kind: 'weekly', weekdays: [message.weekday], time: message.time, timeZone }, now);
    if (!at) continue; // a weekly rule always has a next occurrence
    due.set(userId, at);
    await outbox.send({ key: `${message.keyPrefix}:${userId}`, to: { users: [userId] }, text: message.text, at });
  }
  return due;
}
