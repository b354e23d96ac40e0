import { canonicalZone, localDate } from '../time/zones';
import { clip } from '../slack/kit/text';
import { z } from 'zod';

export const INTERESTS_MAX = 20;
export const INTEREST_LENGTH_MAX = 50;
export const SNOOZE_DAYS_MAX = 366;

/** What the time zone menu's choice stands for: follow Slack's zone, or one zone the person pinned. */
export type ZoneValue = { follow: true } | { zone: string };

/** The profile form as it arrives: text as typed, choices as ids. */
export interface ProfileFormInput {
  /** The time zone menu's choice; undefined when its value could not be read (an old or forged form). */
  timeZone?: ZoneValue;
  workdayStart?: string;
  workdayEnd?: string;
  /** Interests picked from the menu. */
  chosenInterests?: string[];
  /** Interests typed, comma- or line-separated. */
  interests?: string;
  snoozeUntil?: string;
  /** Topic id → level "1".."5"; absent when not given. */
  levels: Record<string, string | undefined>;
  mentorTopicIds: string[];
  learnTopicIds: string[];
}

export interface ProfileChanges {
  /** The zone the person pinned: Slack's changes (travel) leave it. Undefined: follow Slack's. */
  timeZone?: string;
  workdayStart: number;
  workdayEnd: number;
  interests: string[];
  /** ISO date (the person's local calendar), or undefined for "not snoozed". */
  snoozeUntil?: string;
  skills: { topicId: number; level?: number; canMentor: boolean; wantsToLearn: boolean }[];
}

export type ProfileParse = { ok: true; value: ProfileChanges } | { ok: false, fields: Record<string, string> };

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 09:00.');
/** A topic id as the form's options and level blocks carry it; anything else (an old or forged form) is dropped. */
function topicIdOf(text: string): number[] {
  return /^\d{1,9}$/.test(text) ? [Number(text)] : [];
}

type Problems = Record<string, string>;

/**
 * Validates a submitted profile. Field keys in `fields` are the form's field names (and
 * `level_<topicId>`), so the form can show each message beside its field.
 */
export function parseProfile(input: ProfileFormInput, context: { slackTimeZone?: string; now: Date }): ProfileParse {
  const fields: Problems = {};
  const timeZone = readZone(input, fields);
  const effectiveZone = timeZone ?? (context.slackTimeZone && canonicalZone(context.slackTimeZone)) ?? 'UTC';
  const { workdayStart, workdayEnd } = readWorkday(input, fields);
  const interests = readInterests(input, fields);
  const snoozeUntil = readSnooze(input, () => localDate(context.now, effectiveZone), fields);
  const skills = readSkills(input, fields);
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: { timeZone, workdayStart, workdayEnd, interests, snoozeUntil, skills } };
}

/** Picking a zone pins it, even one equal to Slack's today: the person said "this one". */
function readZone(input: ProfileFormInput, fields: Problems): string | undefined {
  if (!input.timeZone) {
    fields.timeZone = 'Pick your time zone from the list, or "Use my Slack time zone".';
    return undefined;
  }
  if (!('zone' in input.timeZone)) return undefined;
  const timeZone = canonicalZone(input.timeZone.zone);
  if (!timeZone) fields.timeZone = 'That time zone is not one I know. Type a city, such as Berlin, and pick it from the list.';
  return timeZone;
}

function readWorkday(input: ProfileFormInput, fields: Problems): { workdayStart: number; workdayEnd: number } {
  const start = time.safeParse(input.workdayStart ?? '09:00');
  const end = time.safeParse(input.workdayEnd ?? '17:00');
  if (!start.success) fields.workdayStart = start.error.issues[0]?.message ?? 'Invalid time.';
  if (!end.success) fields.workdayEnd = end.error.issues[0]?.message ?? 'Invalid time.';
  const workdayStart = start.success ? minutes(start.data) : 0;
  const workdayEnd = end.success ? minutes(end.data) : 0;
  if (start.success && end.success && workdayStart === workdayEnd) fields.workdayEnd = 'Your working day must end at a different time than it starts.';
  return { workdayStart, workdayEnd };
}

function readInterests(input: ProfileFormInput, fields: Problems): string[] {
  const interests = splitList([...(input.chosenInterests ?? []), input.interests ?? ''].join('\n'));
  const longInterest = interests.find((i) => i.length > INTEREST_LENGTH_MAX);
  if (interests.length > INTERESTS_MAX) fields.newInterests = `Keep at most ${INTERESTS_MAX} interests; you have ${interests.length}.`;
  else if (longInterest) fields.newInterests = `Each interest can be at most ${INTEREST_LENGTH_MAX} characters; "${clip(longInterest, 21)}" has ${[...longInterest].length}.`;
  return interests;
}

/** Calendar dates compare as text (YYYY-MM-DD); "today" is the person's own, worked out only when needed. */
function readSnooze(input: ProfileFormInput, todayOf: () => string, fields: Problems): string | undefined {
  if (!input.snoozeUntil) return undefined;
  const date = isoDate(input.snoozeUntil);
  const today = todayOf();
  if (!date) fields.snoozeUntil = 'Pick a date from the calendar.';
  else if (date <= today) fields.snoozeUntil = 'Pick a date after today, or clear the field to stay active.';
  else if (daysBetween(today, date) > SNOOZE_DAYS_MAX) fields.snoozeUntil = 'You can snooze for at most a year.';
  else return date;
  return undefined;
}

function readSkills(input: ProfileFormInput, fields: Problems): ProfileChanges['skills'] {
  const mentor = new Set(input.mentorTopicIds.flatMap(topicIdOf));
  const learn = new Set(input.learnTopicIds.flatMap(topicIdOf));
  if ([...mentor].some((id) => learn.has(id))) fields.learnTopics = 'A topic can be one you mentor or one you want to learn, not both.';
  const levels = new Map<number, number>();
  for (const [id, value] of Object.entries(input.levels)) {
    const [topic] = topicIdOf(id);
    if (!value || topic === undefined) continue;
    const level = Number(value);
    if (!Number.isInteger(level) || level < 1 || level > 5) fields[`level_${id}`] = 'Choose a level from 1 to 5.';
    else levels.set(topic, level);
  }
  const topicIds = new Set([...mentor, ...learn, ...levels.keys()]);
  return [...topicIds].map((id) => ({ topicId: id, level: levels.get(id), canMentor: mentor.has(id), wantsToLearn: learn.has(id) }));
}

/** A real calendar date in YYYY-MM-DD form, or undefined. */
function isoDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text ? text : undefined;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function formatMinutes(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Comma- or line-separated list, trimmed, without case-insensitive repeats. */
function splitList(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[,\n]/)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => {
      const key = s.toLowerCase();
      if (!s || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
