import { MS_PER_DAY, epochDay, naiveMs, parseLocalDate } from './recurrence-civil';
import { RecurrenceError } from './recurrence-error';
import type { Frequency, SeriesRule, Until, WeekdaySpec } from './recurrence-series';

/*
 * The RFC 5545 RRULE subset Guild supports. Anything else is refused by name rather than
 * half-understood: a schedule that silently runs on the wrong day is worse than one that is
 * rejected when it is set up.
 */

const FREQUENCIES: Record<string, Frequency> = { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly', YEARLY: 'yearly' };
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const SUPPORTED = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYHOUR', 'BYMINUTE', 'BYSECOND', 'WKST'];
const MAX_INTERVAL = 1000;
const MAX_COUNT = 5000;

/** Parses an RRULE value (optionally prefixed "RRULE:"); throws RecurrenceError naming the problem. */
export function parseRRule(text: string): SeriesRule {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '') throw new RecurrenceError('The RRULE is empty: give at least FREQ, e.g. "FREQ=WEEKLY;BYDAY=MO".');
  if (/[\r\n]/.test(body)) throw new RecurrenceError('Give only the RRULE line; DTSTART goes in dtstart and the zone in timeZone.');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toUpperCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim().toUpperCase();
    if (!SUPPORTED.includes(name)) {
      throw new RecurrenceError(`RRULE part ${name || '(empty)'} is not supported; Guild supports ${SUPPORTED.join(', ')}.`);
    }
    if (value === '') throw new RecurrenceError(`RRULE part ${name} has no value.`);
    if (parts.has(name)) throw new RecurrenceError(`RRULE part ${name} is given twice.`);
    parts.set(name, value);
  }
  const freqText = parts.get('FREQ');
  if (freqText === undefined) throw new RecurrenceError('The RRULE needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).');
  const frequency = FREQUENCIES[freqText];
  if (frequency === undefined) {
    throw new RecurrenceError(`RRULE FREQ=${freqText} is not supported; use DAILY, WEEKLY, MONTHLY or YEARLY.`);
  }
  const rule: SeriesRule = { frequency, interval: 1, weekStart: 0 };
  const get = (name: string): string | undefined => parts.get(name);

  const interval = get('INTERVAL');
  if (interval !== undefined) rule.interval = integer('INTERVAL', interval, 1, MAX_INTERVAL);
  const count = get('COUNT');
  const until = get('UNTIL');
  if (count !== undefined && until !== undefined) throw new RecurrenceError('An RRULE may have COUNT or UNTIL, not both.');
  if (count !== undefined) rule.count = integer('COUNT', count, 1, MAX_COUNT);
  if (until !== undefined) rule.until = parseUntil(until);
  const wkst = get('WKST');
  if (wkst !== undefined) rule.weekStart = dayCode('WKST', wkst);

  const byMonth = get('BYMONTH');
  if (byMonth !== undefined) rule.byMonth = integerList('BYMONTH', byMonth, 1, 12);
  const byMonthDay = get('BYMONTHDAY');
  if (byMonthDay !== undefined) {
    if (frequency === 'weekly') throw new RecurrenceError('BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545).');
    rule.byMonthDay = integerList('BYMONTHDAY', byMonthDay, -31, 31, true);
  }
  const byDay = get('BYDAY');
  if (byDay !== undefined) rule.byDay = parseByDay(byDay, frequency);
  const byHour = get('BYHOUR');
  if (byHour !== undefined) rule.byHour = integerList('BYHOUR', byHour, 0, 23);
  const byMinute = get('BYMINUTE');
  if (byMinute !== undefined) rule.byMinute = integerList('BYMINUTE', byMinute, 0, 59);
  const bySecond = get('BYSECOND');
  if (bySecond !== undefined) rule.bySecond = integerList('BYSECOND', bySecond, 0, 59);
  return rule;
}

function integer(name: string, text: string, min: number, max: number, nonZeroSigned = false): number {
  if (!/^[+-]?\d{1,6}$/.test(text)) throw new RecurrenceError(`RRULE ${name} value "${text}" is not a whole number.`);
  const value = Number(text);
  const ok = nonZeroSigned ? value !== 0 && Math.abs(value) <= max : value >= min && value <= max;
  if (!ok) {
    const range = nonZeroSigned ? `${min}..-1 or 1..${max}` : `${min}..${max}`;
    throw new RecurrenceError(`RRULE ${name} value ${text} is out of range ${range}.`);
  }
  return value;
}

function integerList(name: string, text: string, min: number, max: number, nonZeroSigned = false): number[] {
  const values = text.split(',').map((item) => integer(name, item.trim(), min, max, nonZeroSigned));
  return [...new Set(values)].sort((a, b) => a - b);
}

function dayCode(name: string, text: string): number {
  const index = DAY_CODES.indexOf(text);
  if (index < 0) throw new RecurrenceError(`RRULE ${name} has unknown day "${text}"; use MO, TU, WE, TH, FR, SA or SU.`);
  return index;
}

function parseByDay(text: string, frequency: Frequency): WeekdaySpec[] {
  const specs: WeekdaySpec[] = [];
  for (const item of text.split(',')) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item.trim());
    if (!m || m[2] === undefined) throw new RecurrenceError(`RRULE BYDAY item "${item}" is not a day such as TU, 2TU or -1FR.`);
    const weekday = dayCode('BYDAY', m[2]);
    if (m[1] === undefined) {
      specs.push({ weekday });
      continue;
    }
    if (frequency !== 'monthly' && frequency !== 'yearly') {
      throw new RecurrenceError(`RRULE BYDAY ordinal "${item}" only makes sense with FREQ=MONTHLY or FREQ=YEARLY.`);
    }
    const limit = frequency === 'monthly' ? 5 : 53;
    const nth = Number(m[1]);
    if (nth === 0 || Math.abs(nth) > limit) {
      throw new RecurrenceError(`RRULE BYDAY ordinal in "${item}" must be 1..${limit} or -${limit}..-1 for FREQ=${frequency.toUpperCase()}.`);
    }
    specs.push({ weekday, nth });
  }
  const distinct = new Map(specs.map((s) => [`${s.nth ?? 0}:${s.weekday}`, s]));
  return [...distinct.values()];
}

/**
 * UNTIL forms: 20261231T235959Z (an instant), 20261231T235959 (wall clock in the rule's zone), and
 * 20261231, read as "through the end of that local day" since a date has no time to compare.
 */
function parseUntil(text: string): Until {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text);
  const date = m && parseLocalDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (!m || !date) throw new RecurrenceError(`RRULE UNTIL "${text}" is not a date such as 20261231T235959Z, 20261231T235959 or 20261231.`);
  const day = epochDay(date.year, date.month, date.day);
  if (m[4] === undefined) return { kind: 'wall-clock', naive: naiveMs(day, 0) + MS_PER_DAY - 1 };
  const [hour, minute, second] = [m[4], m[5], m[6]].map(Number) as [number, number, number];
  if (hour > 23 || minute > 59 || second > 59) throw new RecurrenceError(`RRULE UNTIL "${text}" has an impossible time.`);
  const naive = naiveMs(day, hour * 3600 + minute * 60 + second);
  return m[7] === 'Z' ? { kind: 'instant', ms: naive } : { kind: 'wall-clock', naive };
}
