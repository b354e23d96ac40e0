import { MS_PER_DAY, civilDate, daysInMonth, epochDay, naiveMs, weekdayOf } from './recurrence-civil';
import type { SeriesPlan, WeekdaySpec } from './recurrence-series';
import { instantOf, wallClockOf } from './recurrence-zone';

/*
 * Walks a series period by period (a day, week, month or year, times the interval), producing
 * wall-clock candidates in wall-clock order, and turns them into instants. Without COUNT it jumps
 * straight to the period holding `after`, so finding the next occurrence costs a handful of
 * candidates however old the series is; with COUNT it must count from DTSTART (COUNT ≤ 5000).
 */

// Wall-clock and UTC differ by at most 14 h (UTC+14, Kiribati); with a margin, once the
// candidates have moved this far past an instant, no later candidate can land before it.
const SETTLE_MS = 15 * 3_600_000;
// A rule with no occurrence within this many days of the search start is treated as ended;
// it bounds the work for rules such as "every 30 February". Leap days recur within 8 years.
const HORIZON_DAYS = 100 * 366;

/** Instants (UTC ms) of the series strictly after `after`, ascending and distinct. */
export function* instantsAfter(plan: SeriesPlan, after: number): Generator<number> {
  const { rule, zone } = plan;
  const afterDay = Math.floor(wallClockOf(after, zone) / MS_PER_DAY);
  const lastPeriod = periodIndex(plan, afterDay + HORIZON_DAYS);
  // Two days back covers readings that a gap pushed forward past midnight.
  let period = rule.count === undefined ? periodIndex(plan, afterDay - 2) : 0;
  if (plan.startsAt !== undefined) period = Math.max(period, 0);

  let counted = 0;
  const pending: number[] = [];
  let lastYielded = -Infinity;
  for (; period <= lastPeriod; period++) {
    for (const day of datesOfPeriod(plan, period)) {
      for (const second of plan.timesOfDay) {
        const naive = naiveMs(day, second);
        if (plan.startsAt !== undefined && naive < plan.startsAt) continue;
        counted++;
        if (rule.count !== undefined && counted > rule.count) return yield* drain(pending, lastYielded);
        if (rule.until?.kind === 'wall-clock' && naive > rule.until.naive) return yield* drain(pending, lastYielded);
        if (rule.until?.kind === 'instant' && naive - SETTLE_MS > rule.until.ms) return yield* drain(pending, lastYielded);

        while (pending[0] !== undefined && pending[0] < naive - SETTLE_MS) {
          const settled = pending.shift() as number;
          if (settled > lastYielded) {
            lastYielded = settled;
            yield settled;
          }
        }
        // Cheap skip of readings that cannot be after `after` (COUNT series are walked from the start).
        if (naive + SETTLE_MS < after) continue;
        const instant = instantOf(naive, zone);
        if (instant <= after) continue;
        if (rule.until?.kind === 'instant' && instant > rule.until.ms) continue;
        insertDistinct(pending, instant);
      }
    }
  }
  yield* drain(pending, lastYielded);
}

function* drain(pending: number[], lastYielded: number): Generator<number> {
  for (const instant of pending) if (instant > lastYielded) yield instant;
}

// Gap readings shift forward and so may overtake later readings of the same day (02:30 → 03:30
// after a 03:15 reading); overlap readings may coincide. Hence a small sorted, distinct buffer.
function insertDistinct(sorted: number[], value: number): void {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] as number) > value) i--;
  if (sorted[i - 1] !== value) sorted.splice(i, 0, value);
}

function monthIndex(day: number): number {
  const { year, month } = civilDate(day);
  return year * 12 + month - 1;
}

function weekStartOf(day: number, weekStart: number): number {
  return day - ((weekdayOf(day) - weekStart + 7) % 7);
}

/** Which period (0 = the origin's) holds a day; negative before the origin. */
function periodIndex(plan: SeriesPlan, day: number): number {
  const { frequency, interval, weekStart } = plan.rule;
  switch (frequency) {
    case 'daily':
      return Math.floor((day - plan.originDay) / interval);
    case 'weekly':
      return Math.floor((weekStartOf(day, weekStart) - weekStartOf(plan.originDay, weekStart)) / (7 * interval));
    case 'monthly':
      return Math.floor((monthIndex(day) - monthIndex(plan.originDay)) / interval);
    case 'yearly':
      return Math.floor((civilDate(day).year - plan.origin.year) / interval);
  }
}

/** The days (epoch days, ascending, distinct) on which period `period` has occurrences. */
function datesOfPeriod(plan: SeriesPlan, period: number): number[] {
  const { rule, originDay } = plan;
  switch (rule.frequency) {
    case 'daily': {
      const day = originDay + period * rule.interval;
      return dayPassesFilters(plan, day) ? [day] : [];
    }
    case 'weekly': {
      const start = weekStartOf(originDay, rule.weekStart) + 7 * period * rule.interval;
      const weekdays = rule.byDay?.map((d) => d.weekday) ?? [weekdayOf(originDay)];
      const days = weekdays.map((wd) => start + ((wd - rule.weekStart + 7) % 7));
      return distinctSorted(days.filter((d) => !rule.byMonth || rule.byMonth.includes(civilDate(d).month)));
    }
    case 'monthly': {
      const index = plan.origin.year * 12 + plan.origin.month - 1 + period * rule.interval;
      const year = Math.floor(index / 12);
      const month = index - year * 12 + 1;
      return !rule.byMonth || rule.byMonth.includes(month) ? daysOfMonth(plan, year, month) : [];
    }
    case 'yearly': {
      const year = plan.origin.year + period * rule.interval;
      return rule.byMonth ? rule.byMonth.flatMap((month) => daysOfMonth(plan, year, month)) : daysOfYear(plan, year);
    }
  }
}

// DAILY: BYMONTH, BYMONTHDAY and BYDAY only filter the days.
function dayPassesFilters(plan: SeriesPlan, day: number): boolean {
  const { byMonth, byMonthDay, byDay } = plan.rule;
  if (!byMonth && !byMonthDay && !byDay) return true;
  const date = civilDate(day);
  if (byMonth && !byMonth.includes(date.month)) return false;
  if (byDay && !byDay.some((d) => d.weekday === weekdayOf(day))) return false;
  if (byMonthDay) {
    const length = daysInMonth(date.year, date.month);
    if (!byMonthDay.some((md) => (md > 0 ? md : length + md + 1) === date.day)) return false;
  }
  return true;
}

// RFC 5545: within a month, BYMONTHDAY and BYDAY each expand; given both, a day must match both.
function daysOfMonth(plan: SeriesPlan, year: number, month: number): number[] {
  const first = epochDay(year, month, 1);
  const length = daysInMonth(year, month);
  const { byMonthDay, byDay } = plan.rule;
  const fromMonthDays = byMonthDay && monthDays(byMonthDay, first, length);
  const fromWeekdays = byDay && weekdayDays(byDay, first, first + length - 1);
  const fallback = (): number[] => (plan.origin.day <= length ? [first + plan.origin.day - 1] : []);
  return combine(fromMonthDays, fromWeekdays, fallback);
}

// YEARLY without BYMONTH: BYDAY ordinals count within the year ("20MO" = the 20th Monday).
function daysOfYear(plan: SeriesPlan, year: number): number[] {
  const { byMonthDay, byDay } = plan.rule;
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const fromMonthDays = byMonthDay && months.flatMap((m) => monthDays(byMonthDay, epochDay(year, m, 1), daysInMonth(year, m)));
  const fromWeekdays = byDay && weekdayDays(byDay, epochDay(year, 1, 1), epochDay(year, 12, 31));
  const { month, day } = plan.origin;
  // A series starting on 29 February skips the years without one, as RFC 5545 requires.
  const fallback = (): number[] => (day <= daysInMonth(year, month) ? [epochDay(year, month, day)] : []);
  return combine(fromMonthDays, fromWeekdays, fallback);
}

function combine(a: number[] | undefined, b: number[] | undefined, fallback: () => number[]): number[] {
  if (a && b) return distinctSorted(a.filter((d) => b.includes(d)));
  return distinctSorted(a ?? b ?? fallback());
}

// Days that do not exist in the month (31 in April, -30 in February) are skipped, not moved.
function monthDays(list: number[], first: number, length: number): number[] {
  return list.map((md) => (md > 0 ? md : length + md + 1)).filter((d) => d >= 1 && d <= length).map((d) => first + d - 1);
}

function weekdayDays(specs: WeekdaySpec[], first: number, last: number): number[] {
  const days: number[] = [];
  for (const { weekday, nth } of specs) {
    const firstMatch = first + ((weekday - weekdayOf(first) + 7) % 7);
    if (nth === undefined) {
      for (let d = firstMatch; d <= last; d += 7) days.push(d);
    } else if (nth > 0) {
      const d = firstMatch + 7 * (nth - 1);
      if (d <= last) days.push(d);
    } else {
      const d = last - ((weekdayOf(last) - weekday + 7) % 7) + 7 * (nth + 1);
      if (d >= first) days.push(d);
    }
  }
  return days;
}

function distinctSorted(days: number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}
