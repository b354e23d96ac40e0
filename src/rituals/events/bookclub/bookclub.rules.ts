import { DateTime } from 'luxon';
import { z } from 'zod';
import type { BookField } from './bookclub.ids';
import { MAX_RANKS } from './bookclub.ranking';

/**
 * The pure checks of book clubs' forms and commands, with zod. Each problem names its field so
 * a form shows it beside that input; the service runs the same checks (it never trusts a caller).
 */
export interface FieldProblem {
  field: BookField;
  problem: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export const TITLE_MAX = 200;
export const LINK_MAX = 500;
export const NOTE_MAX = 500;
export const PLACE_MAX = 200;
export const MAX_SESSIONS = 26;
export const DEFAULT_MIN_MEMBERS = 5;

/** Reads `input` with `schema`; each issue becomes its field's problem (the first one per field). */
function checked<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: FieldProblem[] = [];
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as BookField;
    if (!problems.some((p) => p.field === field)) problems.push({ field, problem: issue.message });
  }
  return { ok: false, problems };
}

const webLink = z
  .string()
  .trim()
  .max(LINK_MAX, `Keep the link under ${LINK_MAX} characters.`)
  .refine((text) => /^https?:\/\/[^\s<>|]+$/i.test(text) && URL.canParse(text), 'Give a web link starting with http:// or https:// (a shop, library or publisher page).');

const suggestionSchema = z.object({
  title: z.string().trim().min(1, 'Give the book\'s title.').max(TITLE_MAX, `Keep the title under ${TITLE_MAX} characters.`),
  link: webLink,
  note: z.string().trim().max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters.`).default(''),
  hideName: z.boolean().default(false),
});
export type SuggestionInput = z.output<typeof suggestionSchema>;

export function checkSuggestion(input: { title?: string; link?: string; note?: string; hideName?: boolean }): Checked<SuggestionInput> {
  return checked(suggestionSchema, { title: input.title ?? '', link: input.link ?? '', note: input.note ?? undefined, hideName: input.hideName });
}

/** The same book, however it was typed: case, spacing and punctuation at the ends folded. */
export function titleKey(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/^[\s"'“”‘’.,!?:;-]+|[\s"'“”‘’.,!?:;-]+$/g, '');
}

/** A ballot: 1 to 3 different suggestions of this vote, first choice first. */
export function checkBallot(picks: { first?: number; second?: number; third?: number }, candidates: readonly number[]): Checked<number[]> {
  const fields = ['first', 'second', 'third'] as const;
  const problems: FieldProblem[] = [];
  if (picks.first === undefined) problems.push({ field: 'first', problem: 'Pick your first choice.' });
  const seen = new Set<number>();
  for (const field of fields) {
    const id = picks[field];
    if (id === undefined) continue;
    if (!candidates.includes(id)) problems.push({ field, problem: 'That book is not on this vote\'s ballot any more.' });
    else if (seen.has(id)) problems.push({ field, problem: 'You picked this book already: each choice is a different book.' });
    seen.add(id);
  }
  if (picks.third !== undefined && picks.second === undefined) problems.push({ field: 'second', problem: 'Pick a second choice before a third.' });
  const ranking = fields.map((f) => picks[f]).filter((id): id is number => id !== undefined);
  return problems.length ? { ok: false, problems } : { ok: true, value: ranking.slice(0, MAX_RANKS) };
}

/** `/guild bookclub close-vote [N]`: how many members the club needs to start. */
export function parseMinMembers(word: string | undefined): { ok: true; minMembers: number } | { ok: false; problem: string } {
  if (word === undefined) return { ok: true, minMembers: DEFAULT_MIN_MEMBERS };
  const n = /^\d{1,3}$/.test(word) ? Number(word) : NaN;
  if (!Number.isInteger(n) || n < 2 || n > 100) return { ok: false, problem: 'The club starts once 2 to 100 members join: e.g. `/guild bookclub close-vote 5`.' };
  return { ok: true, minMembers: n };
}

const whole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `${label}: a whole number from ${min} to ${max}.`)
    .transform(Number)
    .pipe(z.number().min(min, `${label}: at least ${min}.`).max(max, `${label}: at most ${max}.`));

const planSchema = z.object({
  sessions: whole('Sessions', 1, MAX_SESSIONS),
  chapters: z.union([z.literal('').transform(() => 0), whole('Chapters per session', 1, 100)]),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick the first session\'s date.'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Pick the first session\'s time.'),
  everyWeeks: whole('Every how many weeks', 1, 8),
  duration: whole('Duration in minutes', 15, 600),
  place: z.string().trim().max(PLACE_MAX, `Keep the place under ${PLACE_MAX} characters.`),
});

/** A reading plan as the form gives it (text fields), checked. */
export interface ReadingPlan {
  sessions: number;
  /** 0: no chapter split (each session reads "the next part"). */
  chaptersPerSession: number;
  firstStart: Date;
  everyWeeks: number;
  durationMinutes: number;
  place: string;
  timeZone: string;
  /** What the organiser should know: a first time that does not exist on its day, shifted. */
  notes: string[];
}

export type PlanForm = Partial<Record<'sessions' | 'chapters' | 'date' | 'time' | 'everyWeeks' | 'duration' | 'place', string>>;

/** The plan form's fields, checked: numbers in range, and a first session in the future in `timeZone`. */
export function checkPlan(form: PlanForm, timeZone: string, now: Date): Checked<ReadingPlan> {
  const parsed = checked(planSchema, { sessions: '', chapters: '', date: '', time: '', everyWeeks: '1', duration: '60', place: '', ...definedOnly(form) });
  if (!parsed.ok) return parsed;
  const { sessions, chapters, date, time, everyWeeks, duration, place } = parsed.value;
  const local = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!local.isValid) return { ok: false, problems: [{ field: 'date', problem: 'That date does not exist.' }] };
  if (local.toMillis() <= now.getTime()) return { ok: false, problems: [{ field: 'date', problem: 'The first session is in the past: pick a later date or time.' }] };
  const shown = local.toFormat('HH:mm');
  const notes = shown === time ? [] : [`${time} does not exist on ${date} in ${timeZone} (the clocks go forward): the first session starts at ${shown}.`];
  return { ok: true, value: { sessions, chaptersPerSession: chapters, firstStart: local.toJSDate(), everyWeeks, durationMinutes: duration, place, timeZone, notes } };
}

function definedOnly(form: PlanForm): PlanForm {
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined));
}

/** What session `number` (from 1) reads. */
export function readingFor(number: number, chaptersPerSession: number): string {
  if (chaptersPerSession <= 0) return `Part ${number}`;
  const from = (number - 1) * chaptersPerSession + 1;
  const to = number * chaptersPerSession;
  return from === to ? `Chapter ${from}` : `Chapters ${from}–${to}`;
}
