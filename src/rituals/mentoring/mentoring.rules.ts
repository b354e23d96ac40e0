import { DateTime } from 'luxon';
import type { MatchReason, WorkingDay } from '../../matching/types';
import { offsetMinutes } from '../../time/zone-search';
import { REASON_MAX } from './mentoring.ids';

/** Mentor capacity: whole mentees at a time; 0 says "not taking mentees now". */
export const CAPACITY_MAX = 10;
export const DEFAULT_CAPACITY = 1;
/** A topic's level when the person has not given one (src/matching/types.ts TopicLevel). */
export const UNKNOWN_LEVEL = 3;
/** How often an active mentorship gets a check-in DM. */
export const CHECKIN_EVERY_DAYS = 30;

/** The level gap mentor − mentee organisers can ask the matching to prefer. */
export const GAP_MIN = 1;
export const GAP_MAX = 4;

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** `/guild mentoring capacity <n>`: a whole number from 0 to 10. */
export function parseCapacity(words: string[]): Checked<number> {
  const usage = `Give a number of mentees from 0 to ${CAPACITY_MAX}, e.g. \`/guild mentoring capacity 2\` (0: not taking mentees now).`;
  if (words.length !== 1 || !/^\d{1,3}$/.test(words[0]!)) return { ok: false, problem: usage };
  const n = Number(words[0]);
  return n <= CAPACITY_MAX ? { ok: true, value: n } : { ok: false, problem: `${n} is more than ${CAPACITY_MAX} mentees. ${usage}` };
}

/** `/guild mentoring gap <n>`: the preferred level gap, a whole number from 1 to 4. */
export function parseGap(words: string[]): Checked<number> {
  const usage = `Give the level gap mentors should ideally have over mentees, ${GAP_MIN} to ${GAP_MAX}, e.g. \`/guild mentoring gap 2\` (the default).`;
  if (words.length !== 1 || !/^\d$/.test(words[0]!)) return { ok: false, problem: usage };
  const n = Number(words[0]);
  return n >= GAP_MIN && n <= GAP_MAX ? { ok: true, value: n } : { ok: false, problem: usage };
}

/** An optional private reason (decline, end): trimmed, empty means none, at most 500 characters. */
export function checkReason(text: string | undefined): Checked<string | undefined> {
  const reason = text?.trim() ?? '';
  if ([...reason].length > REASON_MAX) return { ok: false, problem: `Keep the reason to ${REASON_MAX} characters; it has ${[...reason].length}.` };
  return { ok: true, value: reason || undefined };
}

/** The ISO week of an instant in a zone, "2026-W49": one mentoring round per community and week. */
export function isoWeek(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/**
 * A person's working hours on the date of `at`, as minutes after that date's 00:00 UTC (see
 * WorkingDay): local minutes minus the zone's offset on that date; a day ending before it starts
 * (a night shift) runs past midnight.
 */
export function workingDayOn(person: { timeZone: string; workdayStart: number; workdayEnd: number }, at: Date): WorkingDay {
  const offset = offsetMinutes(person.timeZone, at) ?? 0;
  const end = person.workdayEnd > person.workdayStart ? person.workdayEnd : person.workdayEnd + 1440;
  return { start: person.workdayStart - offset, end: end - offset };
}

/** Whole hours (or minutes, under one) of a shared working day, "3 h". */
export function overlapText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 30) / 2;
  return `${hours} h`;
}

/**
 * Why a pair was matched, in words for one side of it: the mentor reads "you can mentor
 * accessibility, level 4 vs 2", the mentee "they can mentor you in accessibility, level 4 vs
 * your 2". Topic names are the community's own (escaped by the caller's view).
 */
export function reasonPhrases(reasons: readonly MatchReason[], side: 'mentor' | 'mentee'): string[] {
  const phrases: string[] = [];
  for (const reason of reasons) {
    if (reason.kind === 'topic-fit') {
      phrases.push(side === 'mentor'
        ? `you can mentor ${reason.topic}, level ${reason.mentorLevel} vs ${reason.menteeLevel}`
        : `they can mentor you in ${reason.topic}, level ${reason.mentorLevel} vs your ${reason.menteeLevel}`);
    } else if (reason.kind === 'overlap') {
      phrases.push(reason.minutes > 0 ? `${overlapText(reason.minutes)} of working hours overlap` : 'no working hours overlap (plan around your zones)');
    } else if (reason.kind === 'first-meeting') {
      phrases.push('you have not been matched before');
    }
  }
  return phrases;
}

/** Splits a list into pages of at most `size` (a DM holds at most 50 blocks). */
export function pages<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Counts per level 1..5 of one topic, and how many members gave none. */
export interface LevelDistribution {
  topic: string;
  counts: [number, number, number, number, number];
  notGiven: number;
}

/** Per-topic distributions from levels (null: not given): counts only, never who said what. */
export function distribution(topic: string, levels: readonly (number | null)[], members: number): LevelDistribution {
  const counts: LevelDistribution['counts'] = [0, 0, 0, 0, 0];
  let given = 0;
  for (const level of levels) {
    if (level === null || level < 1 || level > 5) continue;
    counts[level - 1]! += 1;
    given += 1;
  }
  return { topic, counts, notGiven: Math.max(0, members - given) };
}
