import { createHash, createHmac } from 'node:crypto';
import { WEEKDAYS, type Weekday } from '../../scheduler/recurrence.types';
import { clip } from '../../slack/kit/text';
import { COMMENT_MAX, SCORES } from './pulse.ids';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Aggregates are shown only from this many responses: fewer could point at people. */
export const MIN_RESPONSES = 5;

/** When a community's monthly pulse goes out: a day of the month, or the nth weekday. */
export type PulseDay = { kind: 'day-of-month'; day: number } | { kind: 'nth-weekday'; nth: 1 | 2 | 3 | 4 | -1; weekday: Weekday };
export interface PulseWhen {
  day: PulseDay;
  time: string;
}

/** The default when an organiser gives no day: the first Monday of the month at 10:00. */
export const DEFAULT_PULSE_WHEN: PulseWhen = { day: { kind: 'nth-weekday', nth: 1, weekday: 'mo' }, time: '10:00' };

const NTH: Record<string, 1 | 2 | 3 | 4 | -1> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };
const DAY_WORDS: Record<string, Weekday> = {
  monday: 'mo', mon: 'mo', tuesday: 'tu', tue: 'tu', wednesday: 'we', wed: 'we', thursday: 'th', thu: 'th',
  friday: 'fr', fri: 'fr', saturday: 'sa', sat: 'sa', sunday: 'su', sun: 'su',
  ...Object.fromEntries(WEEKDAYS.map((d) => [d, d])),
};
const SCHEDULE_USAGE = 'Give a day of the month (1 to 28) or a weekday like `first-monday` or `last-friday`, and a time: e.g. `/guild pulse schedule 1 10:00` or `/guild pulse schedule first-monday 09:30`. With nothing after it, the pulse goes out on the first Monday at 10:00.';

/** `/guild pulse schedule [<day-of-month>|<nth>-<weekday>] [<HH:MM>]`. */
export function parsePulseSchedule(words: string[]): Checked<PulseWhen> {
  if (words.length === 0) return { ok: true, value: DEFAULT_PULSE_WHEN };
  if (words.length !== 2) return { ok: false, problem: SCHEDULE_USAGE };
  const day = parsePulseDay(words[0]!);
  if (!day.ok) return day;
  const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(words[1]!);
  if (!time) return { ok: false, problem: `"${clip(words[1]!, 20)}" is not a time like 10:00. ${SCHEDULE_USAGE}` };
  return { ok: true, value: { day: day.value, time: `${time[1]!.padStart(2, '0')}:${time[2]}` } };
}

function parsePulseDay(word: string): Checked<PulseDay> {
  const text = word.toLowerCase();
  if (/^\d{1,2}$/.test(text)) {
    const day = Number(text);
    // 29 to 31 are missing from some months: a monthly pulse should not skip February.
    if (day >= 1 && day <= 28) return { ok: true, value: { kind: 'day-of-month', day } };
    return { ok: false, problem: `Day ${day} is not in every month: give 1 to 28, or \`last-friday\` and the like. ${SCHEDULE_USAGE}` };
  }
  const [nthWord, dayWord] = text.split('-');
  const nth = nthWord === undefined ? undefined : NTH[nthWord];
  const weekday = dayWord === undefined ? undefined : DAY_WORDS[dayWord];
  if (nth === undefined || weekday === undefined) return { ok: false, problem: `"${clip(word, 20)}" is not a day. ${SCHEDULE_USAGE}` };
  return { ok: true, value: { kind: 'nth-weekday', nth, weekday } };
}

/** An optional comment: trimmed, empty means none, at most 1,000 characters. */
export function checkComment(text: string | undefined): Checked<string | undefined> {
  const comment = text?.trim() ?? '';
  if (comment.length > COMMENT_MAX) return { ok: false, problem: `Keep it to ${COMMENT_MAX} characters; it has ${comment.length}.` };
  return { ok: true, value: comment || undefined };
}

/** A score from a menu: a whole number from 1 to 5. */
export function isScore(n: number): boolean {
  return (SCORES as readonly number[]).includes(n);
}

/**
 * The pseudonym under which "this person answered this round" is kept: an HMAC keyed by
 * GUILD_SECRET, so the database alone cannot tell whose it is, and a person's pseudonym differs
 * from round to round (rounds cannot be linked to each other either).
 */
export function pulsePseudonym(secret: string, roundId: number, personId: string): string {
  return createHmac('sha256', secret).update(`pulse\n${roundId}\n${personId}`).digest('base64url');
}

export interface PulseResponse {
  value: number | null;
  safety: number | null;
  comment: string | null;
}

export interface ScoreSummary {
  /** How many gave this score. */
  answered: number;
  average: number;
  /** Counts of 1, 2, 3, 4 and 5, in that order. */
  distribution: number[];
}

export type RoundResults =
  | { shown: false; responses: number }
  | { shown: true; responses: number; value?: ScoreSummary; safety?: ScoreSummary; comments: string[] };

/** A round's results: the count always; averages, distributions and comments only from 5 responses. */
export function roundResults(responses: readonly PulseResponse[], shuffleKey: string): RoundResults {
  if (responses.length < MIN_RESPONSES) return { shown: false, responses: responses.length };
  const value = scoreSummary(responses.map((r) => r.value));
  const safety = scoreSummary(responses.map((r) => r.safety));
  const comments = deterministicShuffle(responses.flatMap((r) => (r.comment ? [r.comment] : [])), shuffleKey);
  return { shown: true, responses: responses.length, ...(value ? { value } : {}), ...(safety ? { safety } : {}), comments };
}

export function scoreSummary(scores: readonly (number | null)[]): ScoreSummary | undefined {
  const given = scores.filter((s): s is number => s !== null && isScore(s));
  if (given.length === 0) return undefined;
  const distribution = SCORES.map((score) => given.filter((s) => s === score).length);
  return { answered: given.length, average: given.reduce((a, b) => a + b, 0) / given.length, distribution };
}

/**
 * The same texts in an order that depends only on the texts and the key (the round): the order
 * people answered in (and so who wrote what) does not show, and the order is stable between reads.
 */
export function deterministicShuffle(texts: readonly string[], key: string): string[] {
  const rank = (text: string, i: number) => createHash('sha256').update(`${key}\n${text}\n${i}`).digest('hex');
  const sorted = [...texts].sort();
  return sorted.map((text, i) => ({ text, rank: rank(text, i) })).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0)).map((r) => r.text);
}
