import { z } from 'zod';
import type { PrismaClient } from '../../db/client';
import type { Delivery, OutboundRequest } from '../../delivery/delivery';
import type { NewJob } from '../../scheduler/job-store';
import { announcementKey, FEEDBACK_JOB, REMINDER_JOB, reminderJobKey } from './events.ids';
import { feedbackPrompt, reminderMessage } from './events.messages';
import { findEvent, type Db } from './events.store';
import type { EventView } from './events.types';

const MINUTE = 60_000;

/**
 * How late a reminder may still go out: a quarter of its lead, at most an hour, at least two
 * minutes — and never once the event has begun. Later than that (Guild was down), it is skipped
 * and logged: a "starts in 15 minutes" that arrives after the start only confuses.
 */
export function reminderToleranceMs(leadMinutes: number): number {
  return Math.min(60, Math.max(2, leadMinutes / 4)) * MINUTE;
}

export const reminderPayload = z.object({ eventId: z.number().int(), lead: z.number().int(), startsAt: z.number().int() });
export type ReminderPayload = z.infer<typeof reminderPayload>;

/** The reminder jobs of one event at its current start; leads already past are left out. */
export function reminderJobs(event: Pick<EventView, 'id' | 'startsAt' | 'reminderLeads'>, now: Date): NewJob[] {
  return event.reminderLeads
    .map((lead) => ({ lead, runAt: new Date(event.startsAt.getTime() - lead * MINUTE) }))
    .filter(({ runAt }) => runAt.getTime() > now.getTime())
    .map(({ lead, runAt }) => ({ key: reminderJobKey(event.id, lead, event.startsAt), kind: REMINDER_JOB, runAt, maxAttempts: 8, payload: { eventId: event.id, lead, startsAt: event.startsAt.getTime() } }));
}

/** The feedback prompt's job: at the event's end. */
export function feedbackJob(event: Pick<EventView, 'id' | 'startsAt' | 'durationMinutes'>): NewJob {
  const end = new Date(event.startsAt.getTime() + event.durationMinutes * MINUTE);
  return { key: `event:${event.id}:feedback:${event.startsAt.getTime()}`, kind: FEEDBACK_JOB, runAt: end, payload: { eventId: event.id, startsAt: event.startsAt.getTime() } };
}

export type ReminderOutcome = 'sent' | 'stale' | 'late' | 'wait-for-announcement';

/** Whether a reminder job still stands: the event exists, is on, still starts then and still wants this lead. */
export function reminderStands(event: EventView | undefined, payload: ReminderPayload): event is EventView {
  return !!event && event.status === 'scheduled' && event.startsAt.getTime() === payload.startsAt && event.reminderLeads.includes(payload.lead);
}

/**
 * One reminder: in the announcement's thread and by DM to everyone going or maybe. Each message
 * has a key of its own, and the job's key names the event, lead and start, so however many
 * replicas, retries and restarts there are, each goes out once.
 */
export async function sendReminder(deps: { prisma: Db; messages: Delivery; calendarUrl(eventId: number): string | undefined }, payload: ReminderPayload, now: Date): Promise<ReminderOutcome> {
  const event = await findEvent(deps.prisma, payload.eventId);
  if (!reminderStands(event, payload)) return 'stale';
  const due = payload.startsAt - payload.lead * MINUTE;
  const lateness = now.getTime() - due;
  if (lateness > reminderToleranceMs(payload.lead) || now.getTime() >= payload.startsAt) return 'late';
  const announced = await deps.messages.sent(announcementKey(event.id));
  // The announcement is normally long out; if its delivery is behind, wait a little for the thread.
  if (!announced && lateness < reminderToleranceMs(payload.lead) / 2) return 'wait-for-announcement';
  const rows = await deps.prisma.eventRsvp.findMany({ where: { eventId: event.id, status: { in: ['going', 'maybe'] }, reconfirm: false }, select: { personId: true } });
  const content = reminderMessage(event, payload.lead, deps.calendarUrl(event.id));
  const base = reminderJobKey(event.id, payload.lead, event.startsAt);
  const requests: OutboundRequest[] = rows.map((r) => ({ key: `${base}:dm:${r.personId}`, to: { users: [r.personId] }, ...content }));
  if (announced) requests.push({ key: `${base}:thread`, to: { channel: announced.channelId }, threadTs: announced.ts, ...content });
  await deps.messages.sendMany(requests, deps.prisma);
  return 'sent';
}

export const feedbackPayload = z.object({ eventId: z.number().int(), startsAt: z.number().int() });

/** After the event: the people who said they were going get the feedback prompt, once. */
export async function askForFeedback(deps: { prisma: PrismaClient; messages: Delivery }, payload: z.infer<typeof feedbackPayload>, now: Date): Promise<number> {
  const event = await findEvent(deps.prisma, payload.eventId);
  if (!event || event.status !== 'scheduled' || event.startsAt.getTime() !== payload.startsAt) return 0;
  return deps.prisma.$transaction(async (tx) => {
    // The claim and the prompts commit together: asked once, and never marked asked without them.
    const claimed = await tx.event.updateMany({ where: { id: event.id, feedbackAskedAt: null }, data: { feedbackAskedAt: now } });
    if (claimed.count === 0) return 0;
    const going = await tx.eventRsvp.findMany({ where: { eventId: event.id, status: 'going', reconfirm: false }, select: { personId: true } });
    await deps.messages.sendMany(going.map((g) => ({ key: `event:${event.id}:feedback:${g.personId}`, to: { users: [g.personId] }, ...feedbackPrompt(event) })), tx);
    return going.length;
  });
}
