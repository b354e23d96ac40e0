/** Days of the week as stored in a recurrence, Monday first (ISO order). */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

export type Weekday = (typeof WEEKDAYS)[number];

/** One occurrence at a local date-time, e.g. a poll closing. */
export interface OnceRecurrence {
  kind: 'once';
  /** Local date-time without offset, e.g. "2026-03-08T02:30" (seconds optional). */
  at: string;
  /** IANA time zone name, e.g. "Europe/Berlin". */
  timeZone: string;
}

/** On some weekdays at one local time, every week or every N weeks. */
export interface WeeklyRecurrence {
  kind: 'weekly';
  weekdays: Weekday[];
  /** Local time "HH:MM", 24-hour clock. */
  time: string;
  timeZone: string;
  /** Every N weeks, 1..52; default 1. */
  interval?: number;
  /** Local date "YYYY-MM-DD" in week 0; required when interval > 1 (weeks start on Monday). */
  anchor?: string;
}

/** The nth (or last) given weekday of every month or every N months. */
export interface MonthlyNthWeekdayRecurrence {
  kind: 'monthly-nth-weekday';
  /** 1..4, or -1 for the last one in the month. */
  nth: 1 | 2 | 3 | 4 | -1;
  weekday: Weekday;
  time: string;
  timeZone: string;
  /** Every N months, 1..52; default 1. */
  interval?: number;
  /** Local date "YYYY-MM-DD" in month 0; required when interval > 1. */
  anchor?: string;
}

/** An RFC 5545 RRULE (the supported subset, see recurrence-rrule.ts) with a local DTSTART. */
export interface RRuleRecurrence {
  kind: 'rrule';
  /** e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;BYHOUR=9;BYMINUTE=30"; an "RRULE:" prefix is allowed. */
  rrule: string;
  /** Local date-time without offset: the first possible occurrence and the defaults for day and time. */
  dtstart: string;
  timeZone: string;
}

/** A schedule's recurrence; plain JSON so that it can live in a jsonb column. */
export type Recurrence = OnceRecurrence | WeeklyRecurrence | MonthlyNthWeekdayRecurrence | RRuleRecurrence;
