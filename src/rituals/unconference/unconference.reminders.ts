import { z } from 'zod';
import type { Delivery } from '../../delivery/delivery';
import type { NewJob } from '../../scheduler/job-store';
import { reminderToleranceMs } from '../events/events.reminders';
import { DEADLINE_JOB, deadlineJobKey, REMINDER_JOB, reminderJobKey, reminderKey } from './unconference.ids';
import { personalSchedule, slotReminderMessage } from './unconference.messages';
import { findUnconference, proposalsOf, type Db } from './unconference.store';
import type { UnconferenceView } from './unconference.types';

const MINUTE = 60_000;
/** Reminders go out this long before each slot. */
export const REMINDER_LEAD_MINUTES = 10;

export const reminderPayload = z.object({ unconferenceId: z.number().int(), slot: z.number().int().nonnegative(), startsAt: z.number().int() });
export type ReminderPayload = z.infer<typeof reminderPayload>;
export const deadlinePayload = z.object({ unconferenceId: z.number().int(), phase: z.enum(['proposing', 'voting']), at: z.number().int() });
export type DeadlinePayload = z.infer<typeof deadlinePayload>;

/** The jobs that move the phases on at their deadlines (each stands down if the phase moved by hand). */
export function deadlineJobs(u: Pick<UnconferenceView, 'id' | 'proposalsCloseAt' | 'votingClosesAt'>): NewJob[] {
  const jobs: NewJob[] = [];
  for (const [phase, at] of [['proposing', u.proposalsCloseAt], ['voting', u.votingClosesAt]] as const) {
    if (at) jobs.push({ key: deadlineJobKey(u.id, phase, at), kind: DEADLINE_JOB, runAt: at, maxAttempts: 8, payload: { unconferenceId: u.id, phase, at: at.getTime() } });
  }
  return jobs;
}

/** One reminder job per slot still ahead, keyed by unconference, slot and start. */
export function slotReminderJobs(u: Pick<UnconferenceView, 'id' | 'slotStarts'>, now: Date): NewJob[] {
  return u.slotStarts
    .map((start, slot) => ({ slot, start, runAt: new Date(start.getTime() - REMINDER_LEAD_MINUTES * MINUTE) }))
    .filter(({ runAt }) => runAt.getTime() > now.getTime())
    .map(({ slot, start, runAt }) => ({ key: reminderJobKey(u.id, slot, start), kind: REMINDER_JOB, runAt, maxAttempts: 8, payload: { unconferenceId: u.id, slot, startsAt: start.getTime() } }));
}

export type ReminderOutcome = { kind: 'sent'; people: number } | { kind: 'stale' } | { kind: 'late' };

/**
 * Before a slot: a DM to each person with a session in it (attending or hosting), keyed by
 * unconference, slot and person, so retries and replicas send each once. Too late to be useful
 * (Guild was down), it is skipped, as event reminders are.
 */
export async function sendSlotReminders(deps: { prisma: Db; messages: Delivery }, payload: ReminderPayload, now: Date): Promise<ReminderOutcome> {
  const u = await findUnconference(deps.prisma, payload.unconferenceId);
  if (!u || u.phase !== 'published' || !u.agenda || u.slotStarts[payload.slot]?.getTime() !== payload.startsAt) return { kind: 'stale' };
  const due = payload.startsAt - REMINDER_LEAD_MINUTES * MINUTE;
  if (now.getTime() - due > reminderToleranceMs(REMINDER_LEAD_MINUTES) || now.getTime() >= payload.startsAt) return { kind: 'late' };
  const proposals = await proposalsOf(deps.prisma, u.id);
  const hosts = proposals.map((p) => p.hostId);
  const people = [...new Set([...Object.keys(u.agenda.attendance), ...hosts])];
  const requests = people.flatMap((person) => {
    const item = personalSchedule(u, proposals, u.agenda!, person)[payload.slot];
    return item?.topic ? [{ key: reminderKey(u.id, payload.slot, person), to: { users: [person] }, ...slotReminderMessage(u, item, REMINDER_LEAD_MINUTES) }] : [];
  });
  await deps.messages.sendMany(requests, deps.prisma);
  return { kind: 'sent', people: requests.length };
}
