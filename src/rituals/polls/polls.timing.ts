import { DateTime } from 'luxon';
import type { Recurrence } from '../../scheduler/recurrence.types';
import type { Check } from './polls.rules';
import type { ClosingTime } from './polls.quick';
import { localTime } from './polls.messages';

/** How a scheduled poll repeats. */
export const REPEATS = ['none', 'weekly', 'fortnightly'] as const;
export type Repeat = (typeof REPEATS)[number];

const MINUTE = 60_000;
/** A poll closes within 90 days. */
export const MAX_OPEN_MINUTES = 90 * 1440;

/** A local "YYYY-MM-DDTHH:MM" in a zone as an instant; undefined when it is no such time. */
export function localInstant(local: string, timeZone: string): Date | undefined {
  const at = DateTime.fromISO(local, { zone: timeZone });
  return at.isValid ? at.toJSDate() : undefined;
}

/** When a poll opened at `opensAt` closes: in the future, within 90 days. */
export function closingInstant(closes: ClosingTime | undefined, timeZone: string, opensAt: Date): Check<Date | undefined> {
  if (!closes) return { ok: true, value: undefined };
  const at = closes.kind === 'in' ? new Date(opensAt.getTime() + closes.minutes * MINUTE) : localInstant(closes.local, timeZone);
  if (!at) return { ok: false, problem: `${closes.kind === 'at' ? closes.local : 'That'} is not a date and time: write it as 2026-05-01T17:00 (the community's time, ${timeZone}).` };
  if (at.getTime() <= opensAt.getTime()) return { ok: false, problem: `That closing time (${localTime(at, timeZone)}) has passed: choose a later one.` };
  if (at.getTime() - opensAt.getTime() > MAX_OPEN_MINUTES * MINUTE) return { ok: false, problem: 'A poll stays open at most 90 days: choose an earlier closing time.' };
  return { ok: true, value: at };
}

/** When the reminder goes: `lead` minutes before the close, if that is still ahead. */
export function reminderInstant(closesAt: Date | undefined, leadMinutes: number | undefined, opensAt: Date): Check<Date | undefined> {
  if (leadMinutes === undefined) return { ok: true, value: undefined };
  if (!closesAt) return { ok: false, problem: 'A reminder comes before the poll closes: say when it closes too.' };
  const at = new Date(closesAt.getTime() - leadMinutes * MINUTE);
  if (at.getTime() <= opensAt.getTime()) return { ok: false, problem: 'The reminder would come before the poll opens: choose a shorter lead, or a later close.' };
  return { ok: true, value: at };
}

/**
 * A scheduled poll's recurrence: once at a local time, or weekly / fortnightly with that time as
 * its first occurrence (an RRULE with DTSTART, so the first poll opens when asked, not sooner).
 */
export function pollRecurrence(opens: string, timeZone: string, repeat: Repeat): Recurrence {
  if (repeat === 'none') return { kind: 'once', at: opens, timeZone };
  return { kind: 'rrule', rrule: `FREQ=WEEKLY;INTERVAL=${repeat === 'weekly' ? 1 : 2}`, dtstart: opens, timeZone };
}
