import { type LocalDateTime, civilDate, epochDay, localNaiveMs, parseLocalDate, parseLocalDateTime, parseTimeOfDay } from './recurrence-civil';
import { RecurrenceError } from './recurrence-error';
import { parseRRule } from './recurrence-rrule';
import type { SeriesPlan, SeriesRule } from './recurrence-series';
import { WEEKDAYS, type MonthlyNthWeekdayRecurrence, type OnceRecurrence, type Recurrence, type WeeklyRecurrence, type Weekday } from './recurrence.types';
import { type RecurrenceZone, instantOf, knownZone } from './recurrence-zone';

/*
 * Checks an untrusted recurrence (a request, or a jsonb row written by an older version) and
 * compiles it in the same pass, so that what is validated is exactly what is run. Every problem
 * is a RecurrenceError whose message can be shown to the organiser.
 */

/** A checked recurrence: `value` keeps only known fields, weekdays de-duplicated in week order. */
export type Checked =
  | { kind: 'once'; value: OnceRecurrence; instant: number }
  | { kind: 'series'; value: Exclude<Recurrence, OnceRecurrence>; plan: SeriesPlan };

const MAX_INTERVAL = 52;
const NTHS = [1, 2, 3, 4, -1] as const;
const EXAMPLE = `e.g. { "kind": "weekly", "weekdays": ["tu"], "time": "09:30", "timeZone": "Europe/Berlin" }`;

type Fields = Record<string, unknown>;

export function checkRecurrence(input: unknown): Checked {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RecurrenceError(`A recurrence must be an object with a kind, ${EXAMPLE}.`);
  }
  const fields = input as Fields;
  const zoneName = fields.timeZone;
  switch (fields.kind) {
    case 'once':
      return checkOnce(fields, zoneName);
    case 'weekly':
      return checkWeekly(fields, zoneName);
    case 'monthly-nth-weekday':
      return checkMonthly(fields, zoneName);
    case 'rrule':
      return checkRRule(fields, zoneName);
    default:
      throw new RecurrenceError(`Unknown recurrence kind ${JSON.stringify(fields.kind)}: use once, weekly, monthly-nth-weekday or rrule.`);
  }
}

function zoneFrom(name: unknown): { timeZone: string; zone: RecurrenceZone } {
  const zone = typeof name === 'string' ? knownZone(name) : undefined;
  if (typeof name !== 'string' || !zone) {
    throw new RecurrenceError(`Unknown time zone ${JSON.stringify(name)}: use an IANA time zone name such as "Europe/Berlin" or "America/New_York".`);
  }
  return { timeZone: name, zone };
}

function localDateTime(name: string, value: unknown): LocalDateTime {
  const parsed = typeof value === 'string' ? parseLocalDateTime(value) : undefined;
  if (!parsed) {
    throw new RecurrenceError(`${name} ${JSON.stringify(value)} is not a local date-time: use YYYY-MM-DDTHH:MM without an offset, e.g. "2026-03-08T09:30" (the zone goes in timeZone).`);
  }
  return parsed;
}

function timeOfDay(value: unknown): number {
  const parsed = typeof value === 'string' ? parseTimeOfDay(value) : undefined;
  if (parsed === undefined) throw new RecurrenceError(`Time ${JSON.stringify(value)} is not valid: use HH:MM on a 24-hour clock, e.g. "09:30".`);
  return parsed;
}

function weekday(value: unknown): Weekday {
  const found = WEEKDAYS.find((w) => w === value);
  if (!found) throw new RecurrenceError(`Unknown weekday ${JSON.stringify(value)}: use mo, tu, we, th, fr, sa or su.`);
  return found;
}

function interval(value: unknown, unit: string): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INTERVAL) {
    throw new RecurrenceError(`Interval must be a whole number of ${unit} from 1 to ${MAX_INTERVAL}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** The anchor's day; a repeat every N > 1 periods is ambiguous without one, so it is then required. */
function anchor(value: unknown, every: number, unit: string): { anchor?: string; day?: number } {
  if (value === undefined) {
    if (every > 1) {
      throw new RecurrenceError(`Every ${every} ${unit} needs an anchor: a date in the first ${unit.slice(0, -1)} it runs, e.g. "2026-01-05".`);
    }
    return {};
  }
  const date = typeof value === 'string' ? parseLocalDate(value) : undefined;
  if (typeof value !== 'string' || !date) throw new RecurrenceError(`Anchor ${JSON.stringify(value)} is not a date: use YYYY-MM-DD, e.g. "2026-01-05".`);
  return { anchor: value, day: epochDay(date.year, date.month, date.day) };
}

function originAt(day: number, second: number): LocalDateTime {
  return { ...civilDate(day), hour: Math.floor(second / 3600), minute: Math.floor(second / 60) % 60, second: second % 60 };
}

function checkOnce(fields: Fields, zoneName: unknown): Checked {
  const { timeZone, zone } = zoneFrom(zoneName);
  const at = localDateTime('at', fields.at);
  return { kind: 'once', value: { kind: 'once', at: fields.at as string, timeZone }, instant: instantOf(localNaiveMs(at), zone) };
}

function checkWeekly(fields: Fields, zoneName: unknown): Checked {
  const { timeZone, zone } = zoneFrom(zoneName);
  if (!Array.isArray(fields.weekdays) || fields.weekdays.length === 0) {
    throw new RecurrenceError('Pick at least one weekday (mo, tu, we, th, fr, sa, su).');
  }
  const picked = new Set(fields.weekdays.map(weekday));
  const weekdays = WEEKDAYS.filter((w) => picked.has(w));
  const second = timeOfDay(fields.time);
  const every = interval(fields.interval, 'weeks');
  const anchored = anchor(fields.anchor, every, 'weeks');
  // Without an anchor any Monday will do as week 0: with interval 1 every week is alike.
  const originDay = anchored.day ?? epochDay(2024, 1, 1);
  const rule: SeriesRule = {
    frequency: 'weekly',
    interval: every,
    weekStart: 0,
    byDay: weekdays.map((w) => ({ weekday: WEEKDAYS.indexOf(w) })),
  };
  const value: WeeklyRecurrence = { kind: 'weekly', weekdays, time: fields.time as string, timeZone };
  if (fields.interval !== undefined) value.interval = every;
  if (anchored.anchor !== undefined) value.anchor = anchored.anchor;
  const plan: SeriesPlan = { rule, origin: originAt(originDay, second), originDay, timesOfDay: [second], zone };
  return { kind: 'series', value, plan };
}

function checkMonthly(fields: Fields, zoneName: unknown): Checked {
  const { timeZone, zone } = zoneFrom(zoneName);
  const nth = NTHS.find((n) => n === fields.nth);
  if (nth === undefined) throw new RecurrenceError(`nth must be 1, 2, 3, 4 or -1 (the last one), got ${JSON.stringify(fields.nth)}.`);
  const day = weekday(fields.weekday);
  const second = timeOfDay(fields.time);
  const every = interval(fields.interval, 'months');
  const anchored = anchor(fields.anchor, every, 'months');
  const originDay = anchored.day ?? epochDay(2024, 1, 1);
  const rule: SeriesRule = { frequency: 'monthly', interval: every, weekStart: 0, byDay: [{ weekday: WEEKDAYS.indexOf(day), nth }] };
  const value: MonthlyNthWeekdayRecurrence = { kind: 'monthly-nth-weekday', nth, weekday: day, time: fields.time as string, timeZone };
  if (fields.interval !== undefined) value.interval = every;
  if (anchored.anchor !== undefined) value.anchor = anchored.anchor;
  const plan: SeriesPlan = { rule, origin: originAt(originDay, second), originDay, timesOfDay: [second], zone };
  return { kind: 'series', value, plan };
}

function checkRRule(fields: Fields, zoneName: unknown): Checked {
  const { timeZone, zone } = zoneFrom(zoneName);
  if (typeof fields.rrule !== 'string') throw new RecurrenceError('rrule must be an RRULE string, e.g. "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30".');
  const rule = parseRRule(fields.rrule);
  const origin = localDateTime('dtstart', fields.dtstart);
  const hours = rule.byHour ?? [origin.hour];
  const minutes = rule.byMinute ?? [origin.minute];
  const seconds = rule.bySecond ?? [origin.second];
  const timesOfDay = hours.flatMap((h) => minutes.flatMap((m) => seconds.map((s) => h * 3600 + m * 60 + s))).sort((a, b) => a - b);
  const plan: SeriesPlan = {
    rule,
    origin,
    originDay: epochDay(origin.year, origin.month, origin.day),
    startsAt: localNaiveMs(origin),
    timesOfDay,
    zone,
  };
  return { kind: 'series', value: { kind: 'rrule', rrule: fields.rrule, dtstart: fields.dtstart as string, timeZone }, plan };
}
