/**
 * Calendar arithmetic on wall-clock readings, with no time zone involved. Days are counted as
 * "epoch days" (days since 1970-01-01) and wall-clock readings as "naive" milliseconds, i.e. as if
 * the reading were UTC; both order and subtract correctly, which keeps the recurrence engine free
 * of zone conversions until the very end.
 */

export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

// Date.UTC maps years 0..99 to 19xx, and nobody schedules a retro outside these years.
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

export function epochDay(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function civilDate(day: number): CivilDate {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday; epoch day 0 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function naiveMs(day: number, secondOfDay: number): number {
  return day * MS_PER_DAY + secondOfDay * 1000;
}

export function secondOfDay(local: LocalDateTime): number {
  return local.hour * 3600 + local.minute * 60 + local.second;
}

export function localNaiveMs(local: LocalDateTime): number {
  return naiveMs(epochDay(local.year, local.month, local.day), secondOfDay(local));
}

function validDate(year: number, month: number, day: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** "2026-03-08T02:30" or "2026-03-08T02:30:15"; anything with an offset or zone is refused. */
export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second };
}

/** "2026-03-08". */
export function parseLocalDate(text: string): CivilDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  return validDate(year, month, day) ? { year, month, day } : undefined;
}

/** "HH:MM" on a 24-hour clock, as seconds after midnight. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour <= 23 && minute <= 59 ? hour * 3600 + minute * 60 : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "09:30", or "09:30:15" when seconds are set. */
export function formatTimeOfDay(seconds: number): string {
  const base = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 === 0 ? base : `${base}:${pad(seconds % 60)}`;
}

export function formatCivilDate(date: CivilDate): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}
