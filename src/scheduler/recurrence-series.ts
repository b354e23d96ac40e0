import type { RecurrenceZone } from './recurrence-zone';
import type { LocalDateTime } from './recurrence-civil';

/*
 * The internal form every repeating recurrence is compiled to: the parts of an RFC 5545 RRULE
 * that Guild supports, plus where the series starts. Weekly and monthly-nth-weekday rules are
 * special cases of it, so that all three kinds share one engine.
 */

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'yearly';

/** A weekday (0 = Monday) and optionally which one in the month or year (2 = second, -1 = last). */
export interface WeekdaySpec {
  weekday: number;
  nth?: number;
}

/** UNTIL with Z is an instant; without, a wall-clock reading in the rule's zone. */
export type Until = { kind: 'instant'; ms: number } | { kind: 'wall-clock'; naive: number };

export interface SeriesRule {
  frequency: Frequency;
  interval: number;
  /** 0 = Monday; only matters for weekly rules with interval > 1. */
  weekStart: number;
  byMonth?: number[];
  byMonthDay?: number[];
  byDay?: WeekdaySpec[];
  byHour?: number[];
  byMinute?: number[];
  bySecond?: number[];
  count?: number;
  until?: Until;
}

export interface SeriesPlan {
  rule: SeriesRule;
  /** Period 0 is the one holding this reading; it also supplies the default day and time. */
  origin: LocalDateTime;
  originDay: number;
  /** Naive wall-clock ms before which nothing occurs (RRULE DTSTART); absent for weekly rules. */
  startsAt?: number;
  /** Seconds after midnight, sorted, distinct. */
  timesOfDay: number[];
  zone: RecurrenceZone;
}
