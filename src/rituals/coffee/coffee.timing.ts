import { DateTime } from 'luxon';
import type { WorkingDay } from '../../matching/types';
import type { Recurrence, Weekday } from '../../scheduler/recurrence.types';
import { localDate } from '../../time/zones';

/**
 * When a round happens. The intro is meant to arrive at the configured local time (09:00, say)
 * in the members' own zone, so the round has to be formed before that moment has come anywhere:
 * its schedule runs at that local time in the earliest zone on Earth (UTC+14), whose calendar
 * date is the round's date. By then it is still the day before, or earlier that day, everywhere else.
 */
export const FORMING_ZONE = 'Pacific/Kiritimati';

/** The round's calendar date for a schedule occurrence. */
export function roundDate(occurrence: Date): string {
  return localDate(occurrence, FORMING_ZONE);
}

export interface CoffeeCadence {
  cadence: 'weekly' | 'monthly';
  everyWeeks: number;
  weekday: Weekday;
  nth: number;
  time: string;
}

/** The schedule's recurrence for a community's cadence (see FORMING_ZONE); `today` anchors "every N weeks". */
export function roundRecurrence(c: CoffeeCadence, now: Date): Recurrence {
  if (c.cadence === 'monthly') return { kind: 'monthly-nth-weekday', nth: c.nth as 1 | 2 | 3 | 4 | -1, weekday: c.weekday, time: c.time, timeZone: FORMING_ZONE };
  return {
    kind: 'weekly',
    weekdays: [c.weekday],
    time: c.time,
    timeZone: FORMING_ZONE,
    ...(c.everyWeeks > 1 ? { interval: c.everyWeeks, anchor: localDate(now, FORMING_ZONE) } : {}),
  };
}

/** The instant of a local date and "HH:MM" (or minutes after midnight) in a zone; DST-aware. */
export function localInstant(date: string, time: string | number, zone: string): DateTime {
  const minutes = typeof time === 'number' ? time : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const midnight = DateTime.fromObject({ year, month, day }, { zone });
  // 24:00 is the next day's midnight; otherwise the wall-clock time (a time DST skips moves on).
  if (minutes >= 1440) return midnight.plus({ days: 1 }).set({ hour: 0, minute: minutes - 1440 });
  return midnight.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

/** Minutes of `instant` after the date's 00:00 UTC: the matching's unit (src/matching/types.ts). */
function minutesAfterUtcMidnight(date: string, instant: DateTime): number {
  return Math.round((instant.toMillis() - Date.parse(`${date}T00:00:00Z`)) / 60_000);
}

/** A person's working hours on the round's date, from their zone and workday (minutes after local midnight). */
export function workingDayOn(date: string, zone: string, workdayStart: number, workdayEnd: number): WorkingDay {
  return {
    start: minutesAfterUtcMidnight(date, localInstant(date, workdayStart, zone)),
    end: minutesAfterUtcMidnight(date, localInstant(date, workdayEnd, zone)),
  };
}

export interface Attendee {
  timeZone: string;
  workingDay: WorkingDay;
}

/**
 * When a group's intro goes out. A group DM reaches everyone at once, so one instant serves all:
 * the configured local time in the members' zone when they share one; otherwise, of the
 * instants that are that local time for some member, the one inside the most members' working
 * hours (the earliest among equals). Never before `now`.
 */
export function groupSendAt(members: readonly Attendee[], date: string, time: string, now: Date): Date {
  const zones = [...new Set(members.map((m) => m.timeZone))];
  const candidates = zones.map((zone) => localInstant(date, time, zone));
  const working = (at: DateTime) => {
    const minute = minutesAfterUtcMidnight(date, at);
    return members.filter((m) => m.workingDay.start <= minute && minute < m.workingDay.end).length;
  };
  const best = candidates
    .map((at) => ({ at, score: working(at) }))
    .sort((a, b) => b.score - a.score || a.at.toMillis() - b.at.toMillis())[0];
  const at = best ? best.at.toJSDate() : now;
  return at < now ? now : at;
}
