import { DateTime } from 'luxon';
import type { Recurrence } from '../../scheduler/recurrence.types';
import type { Schedules, ScheduleSummary } from '../../scheduler/schedules';
import { PulseError } from './pulse.errors';
import { PULSE_ROUND_JOB } from './pulse.ids';
import type { PulseWhen } from './pulse.rules';

/** The monthly recurrence of a pulse: the nth weekday natively, a day of the month as an RRULE. */
export function pulseRecurrence(when: PulseWhen, timeZone: string, now: Date): Recurrence {
  if (when.day.kind === 'nth-weekday') return { kind: 'monthly-nth-weekday', nth: when.day.nth, weekday: when.day.weekday, time: when.time, timeZone };
  const [hour, minute] = when.time.split(':').map(Number);
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate();
  return { kind: 'rrule', rrule: `FREQ=MONTHLY;BYMONTHDAY=${when.day.day};BYHOUR=${hour};BYMINUTE=${minute}`, dtstart: `${today}T${when.time}`, timeZone };
}

/**
 * A community's monthly pulse schedule: each occurrence sends one round (see pulse.jobs.ts). One
 * per community; `/guild schedules` pauses or cancels it.
 */
export async function schedulePulse(
  schedules: Schedules,
  input: { communityId: number; timeZone: string; when: PulseWhen; createdBy: string; now: Date },
): Promise<ScheduleSummary> {
  const existing = (await schedules.list(input.communityId)).find((s) => s.kind === PULSE_ROUND_JOB && s.status !== 'ended');
  if (existing) throw new PulseError(`The pulse survey is scheduled already: ${existing.description} (schedule #${existing.id}). Cancel it with \`/guild schedules cancel ${existing.id}\` to set another.`);
  return schedules.create({
    communityId: input.communityId,
    kind: PULSE_ROUND_JOB,
    name: 'Pulse survey',
    recurrence: pulseRecurrence(input.when, input.timeZone, input.now),
    payload: { communityId: input.communityId },
    createdBy: input.createdBy,
  });
}
