import { MS_PER_DAY, civilDate, epochDay, formatCivilDate, formatTimeOfDay, parseLocalDateTime, secondOfDay, weekdayOf } from './recurrence-civil';
import type { Checked } from './recurrence-compile';
import type { Frequency, SeriesPlan, Until, WeekdaySpec } from './recurrence-series';
import { WEEKDAYS } from './recurrence.types';

/*
 * Plain-English text for `/guild schedules`, e.g. "every 2 weeks on Tuesday and Thursday at 09:30
 * (Europe/Berlin)". A weekly rule and the equivalent RRULE read the same, apart from the RRULE's
 * start, so organisers can compare them.
 */

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth'];
const UNITS: Record<Frequency, string> = { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' };

export function describeChecked(checked: Checked): string {
  if (checked.kind === 'once') return onceText(checked.value.at, checked.value.timeZone);
  const { value, plan } = checked;
  const zone = `(${value.timeZone})`;
  const times = plan.timesOfDay.map(formatTimeOfDay);
  if (value.kind === 'weekly') {
    const every = value.interval ?? 1;
    if (every === 1 && value.weekdays.length === 7) return `every day at ${list(times)} ${zone}`;
    const days = value.weekdays.map((w) => DAY_NAMES[WEEKDAYS.indexOf(w)] ?? w);
    return `${every === 1 ? 'every week' : `every ${every} weeks`} on ${list(days)} at ${list(times)} ${zone}`;
  }
  if (value.kind === 'monthly-nth-weekday') {
    return `on the ${ordinalWeekday({ weekday: WEEKDAYS.indexOf(value.weekday), nth: value.nth }, 'month')} of ${every(plan)} at ${list(times)} ${zone}`;
  }
  return `${seriesText(plan)} at ${list(times)} ${zone}${ending(plan.rule.count, plan.rule.until)}, starting ${formatCivilDate(plan.origin)}`;
}

function onceText(at: string, timeZone: string): string {
  const local = parseLocalDateTime(at);
  if (!local) return `once at ${at} (${timeZone})`;
  const day = epochDay(local.year, local.month, local.day);
  const date = `${DAY_NAMES[weekdayOf(day)]} ${local.day} ${MONTH_NAMES[local.month - 1]} ${local.year}`;
  return `once on ${date} at ${formatTimeOfDay(secondOfDay(local))} (${timeZone})`;
}

function every(plan: SeriesPlan): string {
  const { frequency, interval } = plan.rule;
  return interval === 1 ? `every ${UNITS[frequency]}` : `every ${interval} ${UNITS[frequency]}s`;
}

function seriesText(plan: SeriesPlan): string {
  const { rule, origin } = plan;
  const months = rule.byMonth ? ` in ${list(rule.byMonth.map((m) => MONTH_NAMES[m - 1] ?? String(m)))}` : '';
  const allOrdinal = rule.byDay?.every((d) => d.nth !== undefined) ?? false;
  if (rule.byDay && allOrdinal && !rule.byMonthDay && rule.frequency === 'monthly') {
    return `on the ${list(rule.byDay.map((d) => ordinalWeekday(d, 'month')))} of ${every(plan)}${months}`;
  }
  const [onlyMonth, ...otherMonths] = rule.byMonth ?? [];
  const [onlyDay, ...otherDays] = rule.byMonthDay ?? [];
  if (rule.frequency === 'yearly' && !rule.byDay && onlyMonth && onlyDay && onlyDay > 0 && !otherMonths.length && !otherDays.length) {
    return `${every(plan)} on ${onlyDay} ${MONTH_NAMES[onlyMonth - 1]}`;
  }
  const scope = rule.frequency === 'yearly' && !rule.byMonth ? 'year' : 'month';
  const days: string[] = [];
  // Days counted from the end read best after those counted from the start.
  const monthDays = rule.byMonthDay && [...rule.byMonthDay.filter((d) => d > 0), ...rule.byMonthDay.filter((d) => d < 0).reverse()];
  if (monthDays) days.push(`day ${list(monthDays.map(monthDay))}`);
  if (rule.byDay) days.push(list(rule.byDay.map((d) => (d.nth === undefined ? (DAY_NAMES[d.weekday] ?? '') : `the ${ordinalWeekday(d, scope)}`))));
  if (days.length === 0 && rule.frequency === 'weekly') days.push(DAY_NAMES[weekdayOf(plan.originDay)] ?? '');
  if (days.length === 0 && rule.frequency === 'monthly') days.push(`day ${origin.day}`);
  if (days.length === 0 && rule.frequency === 'yearly') {
    return `${every(plan)} on ${rule.byMonth ? `day ${origin.day}` : `${origin.day} ${MONTH_NAMES[origin.month - 1]}`}${months}`;
  }
  // Both kinds of day given means days that match both (RFC 5545), hence "that is".
  const dayText = days.length === 0 ? '' : ` on ${days.join(' that is ')}`;
  return `${every(plan)}${dayText}${months}`;
}

function ordinal(n: number): string {
  if (n > 0) return ORDINAL_WORDS[n - 1] ?? `${n}${suffix(n)}`;
  if (n === -1) return 'last';
  return `${ordinal(-n)}-to-last`;
}

function suffix(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

function ordinalWeekday(spec: WeekdaySpec, scope: string): string {
  const name = DAY_NAMES[spec.weekday] ?? '';
  const text = `${ordinal(spec.nth ?? 1)} ${name}`;
  return scope === 'year' ? `${text} of the year` : text;
}

function monthDay(n: number): string {
  return n > 0 ? String(n) : n === -1 ? 'the last day' : `the ${ordinal(n)} day`;
}

function ending(count: number | undefined, until: Until | undefined): string {
  if (count !== undefined) return count === 1 ? ', once' : `, ${count} times`;
  if (!until) return '';
  const ms = until.kind === 'instant' ? until.ms : until.naive;
  const day = Math.floor(ms / MS_PER_DAY);
  const time = formatTimeOfDay(Math.floor((ms - day * MS_PER_DAY) / 1000));
  return `, until ${formatCivilDate(civilDate(day))} ${time}${until.kind === 'instant' ? ' UTC' : ''}`;
}

/** "a", "a and b", "a, b and c". */
function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
