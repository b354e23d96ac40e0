import { MS_PER_DAY } from './recurrence-civil';
import { checkRecurrence } from './recurrence-compile';
import { describeChecked } from './recurrence-describe';
import { instantsAfter } from './recurrence-engine';
import { RecurrenceError } from './recurrence-error';
import type { Recurrence } from './recurrence.types';

/*
 * When does a ritual happen next? Pure: the caller passes every instant; nothing reads the clock.
 *
 * A recurrence is wall-clock time in the community's IANA zone. Around daylight-saving changes
 * (the RFC 5545 §3.3.5 rules, so RRULEs agree with calendar apps):
 *  - Times away from a change keep their wall-clock time: a 09:00 meeting is at 09:00 local on
 *    both sides of a change, so its UTC instant moves by the shift.
 *  - A time that does not exist (spring-forward gap) is read with the offset from before the gap,
 *    i.e. it moves forward by the gap's length: 02:30 in New York on 2026-03-08 (02:00→03:00)
 *    happens at 03:30 EDT (07:30Z); 02:15 on Lord Howe on 2026-10-04 (02:00→02:30) at 02:45.
 *    It happens that day; it is not skipped.
 *  - A time that happens twice (fall-back overlap) happens once, at the first of the two
 *    instants (the earlier, pre-change offset): 01:30 in New York on 2026-11-01 is 01:30 EDT
 *    (05:30Z), never also 01:30 EST.
 *  - Two readings that land on the same instant (02:30 pushed to 03:30 by a gap, and 03:30
 *    itself) are one occurrence; COUNT still counts readings, as RFC 5545 generates them.
 */

export type { MonthlyNthWeekdayRecurrence, OnceRecurrence, Recurrence, RRuleRecurrence, Weekday, WeeklyRecurrence } from './recurrence.types';
export { WEEKDAYS } from './recurrence.types';
export { RecurrenceError } from './recurrence-error';

export type RecurrenceCheck = { ok: true; value: Recurrence } | { ok: false; problem: string };

/**
 * Checks untrusted input (a request body, a jsonb row). On success `value` is a clean copy with
 * only known fields, ready to store; on failure `problem` is a sentence for the organiser.
 * Also refuses RRULEs that can never produce an occurrence (e.g. 30 February).
 */
export function validateRecurrence(input: unknown): RecurrenceCheck {
  try {
    const checked = checkRecurrence(input);
    if (checked.kind === 'series' && checked.plan.startsAt !== undefined) {
      // Two days before DTSTART's wall-clock reading is before its instant in any zone.
      if (instantsAfter(checked.plan, checked.plan.startsAt - 2 * MS_PER_DAY).next().done) {
        return { ok: false, problem: 'This RRULE never produces an occurrence: check its BYMONTH, BYMONTHDAY, COUNT or UNTIL against dtstart.' };
      }
    }
    return { ok: true, value: checked.value };
  } catch (error) {
    if (error instanceof RecurrenceError) return { ok: false, problem: error.message };
    throw error;
  }
}

/**
 * The first occurrence strictly after `after`, or undefined when the rule has ended (a past
 * `once`, COUNT used up, UNTIL passed, or nothing in the next 100 years).
 * @throws RecurrenceError when the rule is invalid (see validateRecurrence).
 */
export function nextOccurrence(rule: Recurrence, after: Date): Date | undefined {
  const checked = checkRecurrence(rule);
  if (checked.kind === 'once') return checked.instant > after.getTime() ? new Date(checked.instant) : undefined;
  const next = instantsAfter(checked.plan, after.getTime()).next();
  return next.done ? undefined : new Date(next.value);
}

/**
 * Occurrences in [from, to), ascending, at most `limit` of them ("the next 5 runs").
 * @throws RecurrenceError when the rule is invalid.
 */
export function occurrencesBetween(rule: Recurrence, from: Date, to: Date, limit: number): Date[] {
  const checked = checkRecurrence(rule);
  const start = from.getTime() - 1;
  const end = to.getTime();
  const found: Date[] = [];
  if (limit <= 0) return found;
  if (checked.kind === 'once') return checked.instant > start && checked.instant < end ? [new Date(checked.instant)] : [];
  for (const instant of instantsAfter(checked.plan, start)) {
    if (instant >= end) break;
    found.push(new Date(instant));
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * Plain-English text for listings, e.g. "every 2 weeks on Tuesday and Thursday at 09:30
 * (Europe/Berlin)" or "on the last Friday of every month at 16:00 (America/New_York)".
 * @throws RecurrenceError when the rule is invalid.
 */
export function describeRecurrence(rule: Recurrence): string {
  return describeChecked(checkRecurrence(rule));
}
