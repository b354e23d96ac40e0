import { DateTime } from 'luxon';
import { nextOccurrence, occurrencesBetween, RecurrenceError, type Recurrence } from '../../scheduler/recurrence';
import { MAX_OCCURRENCES, type SeriesDraft, type SeriesEnd } from './events.types';

/*
 * The events of a recurring series, from its first start. Pure: the recurrence engine of
 * src/scheduler does the calendar work, so a series means what a schedule means: each event at
 * the series' local wall-clock time (an 18:00 Berlin event is 17:00Z in winter and 16:00Z in
 * summer), a time that does not exist on a spring-forward day moved forward by the gap, a time
 * that happens twice on a fall-back day taken at its first instant.
 */

export interface Occurrence {
  startsAt: Date;
  /** Where the series put this event: the same as `startsAt` until one occurrence is moved. */
  originalStart: Date;
}

export interface SeriesExpansion {
  occurrences: Occurrence[];
  /** The series would have gone on past MAX_OCCURRENCES (it had no end, or a later one). */
  capped: boolean;
  /** Sentences for the organiser: the cap, and events moved by a daylight-saving gap. */
  notes: string[];
}

const EARLIEST = new Date(-8.64e15);
const LATEST = new Date(8.64e15);

/** "29 Mar 2026": a local date ("2026-03-29") in words. */
export function dateInWords(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale('en-GB').toFormat('d LLL yyyy');
}

/** The date of an instant in `zone`, in words. */
export function dayInWords(instant: Date, zone: string): string {
  return dateInWords(DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd'));
}

/**
 * A local date ("2026-03-29") and time ("02:30") in `zone` as an instant, the way the scheduler
 * reads it, with a sentence when that time does not exist that day (it is moved forward).
 * @throws RecurrenceError when the zone, date or time is not valid.
 */
export function localStart(date: string, time: string, zone: string): { startsAt: Date; note?: string } {
  const rule: Recurrence = { kind: 'once', at: `${date}T${time}`, timeZone: zone };
  const startsAt = nextOccurrence(rule, EARLIEST);
  if (!startsAt) throw new RecurrenceError(`${date} ${time} is not a local date and time.`);
  const note = gapNote(date, time, zone, startsAt);
  return note ? { startsAt, note } : { startsAt };
}

/** The sentence for a reading that the zone's clocks skipped, or undefined when it exists. */
function gapNote(date: string, time: string, zone: string, startsAt: Date): string | undefined {
  const actual = DateTime.fromJSDate(startsAt, { zone });
  if (actual.toFormat('yyyy-MM-dd') === date && actual.toFormat('HH:mm') === time) return undefined;
  const intended = dateInWords(date);
  const becomes = actual.toFormat('yyyy-MM-dd') === date ? actual.toFormat('HH:mm') : `${actual.toFormat('HH:mm')} on ${dayInWords(startsAt, zone)}`;
  return `${time} on ${intended} does not exist in ${zone} (the clocks go forward); the event starts at ${becomes}.`;
}

/**
 * The events of a series, the first at `first.startsAt`, then as the recurrence gives them, up
 * to the series' end (a last local date, inclusive, or a number of events, the first included)
 * and never more than MAX_OCCURRENCES. When the first start is not itself on the pattern it is
 * still the first event (as DTSTART is in iCalendar), and a note says so.
 * @throws RecurrenceError when the recurrence or the end date is not valid, or the recurrence's
 * zone is not the event's.
 */
export function expandSeries(first: { startsAt: Date; timeZone: string }, series: SeriesDraft): SeriesExpansion {
  const rule = series.recurrence;
  if (rule.timeZone !== first.timeZone) {
    throw new RecurrenceError(`The recurrence is in ${rule.timeZone} but the event in ${first.timeZone}: a series has one time zone.`);
  }
  const wanted = series.end && 'count' in series.end ? Math.min(series.end.count, MAX_OCCURRENCES) : MAX_OCCURRENCES;
  const until = series.end && 'untilDate' in series.end ? endOfDay(series.end.untilDate, first.timeZone) : LATEST;
  if (until <= first.startsAt) throw new RecurrenceError(`The series ends before its first event on ${dayInWords(first.startsAt, first.timeZone)}.`);
  const notes: string[] = [];
  const onPattern = occurrencesBetween(rule, first.startsAt, new Date(first.startsAt.getTime() + 1), 1).length === 1;
  if (!onPattern) notes.push(`The first event (${dayInWords(first.startsAt, first.timeZone)}) is not on the repeat pattern; the others follow the pattern.`);
  // One more than wanted tells whether a series with an until date would have gone on.
  const found = occurrencesBetween(rule, first.startsAt, until, wanted + 1);
  if (!onPattern) found.unshift(first.startsAt);
  const starts = found.slice(0, wanted);
  const end = series.end;
  const capped = end === null || ('count' in end ? end.count > MAX_OCCURRENCES : found.length > wanted);
  if (capped) notes.push(capNote(end, starts, first.timeZone));
  notes.push(...gapNotes(rule, starts, first.timeZone));
  return { occurrences: starts.map((startsAt) => ({ startsAt, originalStart: startsAt })), capped, notes };
}

/** The first instant after the local date `untilDate` in `zone`. */
function endOfDay(untilDate: string, zone: string): Date {
  const day = DateTime.fromISO(untilDate, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(untilDate) || !day.isValid) throw new RecurrenceError(`Until date "${untilDate}" is not a date: use YYYY-MM-DD.`);
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

function capNote(end: SeriesEnd | null, starts: Date[], zone: string): string {
  const last = starts.at(-1);
  const lastDay = last ? ` (the last on ${dayInWords(last, zone)})` : '';
  if (end === null) {
    return `No end was given, so the series stops after ${MAX_OCCURRENCES} events${lastDay}. Give an end date or a number of times to end it sooner.`;
  }
  const asked = 'count' in end ? `${end.count} times` : `until ${dateInWords(end.untilDate)}`;
  return `A series has at most ${MAX_OCCURRENCES} events, so this one stops after ${MAX_OCCURRENCES}${lastDay} instead of running ${asked}.`;
}

/** A note for each event whose local time the zone's clocks skipped. */
function gapNotes(rule: Recurrence, starts: Date[], zone: string): string[] {
  const time = 'time' in rule ? rule.time : undefined;
  if (time === undefined) return [];
  const notes: string[] = [];
  for (const startsAt of starts) {
    const local = DateTime.fromJSDate(startsAt, { zone });
    if (local.toFormat('HH:mm') === time) continue;
    // A gap moves a reading forward by an hour or so; past midnight, it was meant for the day before.
    const date = (local.toFormat('HH:mm') < time ? local.minus({ days: 1 }) : local).toFormat('yyyy-MM-dd');
    const meant = localStart(date, time, zone);
    // Only a skipped reading of the pattern's own time: a first start off the pattern is not moved.
    if (meant.note && meant.startsAt.getTime() === startsAt.getTime()) notes.push(meant.note);
  }
  return notes;
}
