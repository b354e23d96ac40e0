import { DateTime } from 'luxon';
import type { MonthMetrics } from './health.metrics';

/** The report reaches each organiser at this local time on the 1st. */
export const REPORT_HOUR = 9;
/** The earliest zone on Earth (Kiribati, UTC+14) starts the 1st this many hours before UTC does. */
const EARLIEST_OFFSET_HOURS = 14;

const startOf = (month: string, zone: string) => DateTime.fromFormat(month, 'yyyy-MM', { zone });

/** The delivery key of one organiser's report of one community and month: sent at most once. */
export const reportDeliveryKey = (communityId: number, month: string, personId: string) => `health:report:${communityId}:${month}:${personId}`;
/** The job that sends that report (one per community, month and organiser). */
export const reportSendJobKey = (communityId: number, month: string, personId: string) => `health:report-send:${communityId}:${month}:${personId}`;
/** The job that plans a month's reports for every community. */
export const reportPlanJobKey = (month: string) => `health:report-plan:${month}`;

/** "YYYY-MM" of the month after `month`. */
export function nextMonth(month: string): string {
  return startOf(month, 'UTC').plus({ months: 1 }).toFormat('yyyy-MM');
}

/** The month's last instant in a zone (the figures of the month are complete after it). */
export function monthEnd(month: string, zone: string): Date {
  return startOf(month, zone).endOf('month').toJSDate();
}

/** When the reports of `month` are planned: before its next month's 1st begins anywhere (09:00 UTC+14 comes after). */
export function planAt(month: string): Date {
  return startOf(month, 'UTC').plus({ months: 1 }).minus({ hours: EARLIEST_OFFSET_HOURS }).toJSDate();
}

/** The first month whose reports are planned after `now` (the plan Guild arms when it starts). */
export function nextPlannedMonth(now: Date): string {
  const month = DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ hours: EARLIEST_OFFSET_HOURS }).toFormat('yyyy-MM');
  return planAt(month) > now ? month : nextMonth(month);
}

/**
 * When an organiser gets the report of `month`: the 1st of the next month at 09:00 in their own
 * zone, but never before the month has ended in the community's zone, so the figures are whole
 * (an organiser far east of their community gets it as soon as the community's month is over).
 */
export function sendAt(month: string, organiserZone: string, communityZone: string): Date {
  const first = startOf(nextMonth(month), organiserZone).set({ hour: REPORT_HOUR });
  const ended = startOf(nextMonth(month), communityZone);
  return (first > ended ? first : ended).toJSDate();
}

/**
 * What a snooze does to a report due now: none or over (their local date) sends it; a snooze
 * ending before the next month's report holds it until 09:00 on the day it ends; a longer one
 * skips it (next month's report has the trend, and `/guild health` the figures).
 */
export function snoozeHold(snoozedUntil: Date | null, month: string, zone: string, communityZone: string, now: Date): 'send' | 'skip' | Date {
  if (!snoozedUntil) return 'send';
  const until = snoozedUntil.toISOString().slice(0, 10);
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  if (until <= today) return 'send';
  const resume = DateTime.fromISO(until, { zone }).set({ hour: REPORT_HOUR }).toJSDate();
  return resume < sendAt(nextMonth(month), zone, communityZone) ? resume : 'skip';
}

/** A month in which nothing happened: nobody took part, joined or left, no retro, coffee round, event or poll. */
export function isQuietMonth(m: MonthMetrics): boolean {
  return m.participants + m.joined + m.left + m.retros + m.coffeeGroupsAsked + m.eventsHeld + m.pollsClosed === 0;
}
