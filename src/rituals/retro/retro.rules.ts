import { DateTime } from 'luxon';
import { clip } from '../../slack/kit/text';
import type { Weekday } from '../../scheduler/recurrence.types';
import { canonicalZone } from '../../time/zones';
import { retroFormat } from './retro.formats';
import type { RetroField } from './retro.ids';
import { validateVoteRules } from './retro.voting';

/**
 * The pure checks of a retro's forms and commands. Each problem names its field, so a form
 * shows it beside that input, and the same checks run in the listener (before the ack) and in
 * the service (which must never trust its caller).
 */
export interface FieldProblem {
  field: RetroField;
  problem: string;
}

export const TITLE_MAX = 150;
export const SCHEDULE_TITLE_MAX = 120;
export const ITEM_TEXT_MAX = 3000;
export const ACTION_TEXT_MAX = 500;
export const NOTE_TEXT_MAX = 3000;
/** The longest an async retro may run; deadlines further out are surely typos. */
const MAX_RETRO_DAYS = 60;

export type Anonymity = 'named' | 'anonymous_items' | 'anonymous_all';

/** How a retro is set up, from the start form, `/retro <title>` or a schedule's occurrence. */
export interface RetroSetup {
  title: string;
  formatId: string;
  customColumns?: string;
  voteBudget?: number;
  perItemCap?: number;
  /** Items stay hidden until this many people have added one. */
  revealThreshold?: number;
  /** Async retros: when collecting ends (voting opens) and when voting ends (discussion starts). */
  collectUntil?: Date;
  voteUntil?: Date;
}

/** Every problem of a retro's set-up at once, by field. */
export function checkRetroSetup(input: RetroSetup, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  if (!title || [...title].length > TITLE_MAX) problems.push({ field: 'title', problem: `Give the retro a title of 1 to ${TITLE_MAX} characters.` });
  const format = retroFormat(input.formatId, input.customColumns);
  if (!format.ok) problems.push({ field: input.formatId === 'custom' ? 'columns' : 'format', problem: format.problem });
  const budget = input.voteBudget ?? 3;
  const rules = validateVoteRules(budget, input.perItemCap);
  if (!rules.ok) problems.push({ field: Number.isInteger(budget) && budget >= 1 && budget <= 20 ? 'cap' : 'budget', problem: rules.problem });
  problems.push(...checkDeadlines(input, now));
  return problems;
}

/** An async retro's deadlines and its reveal threshold. */
export function checkDeadlines(input: { revealThreshold?: number; collectUntil?: Date; voteUntil?: Date }, now: Date): FieldProblem[] {
  const { revealThreshold: n, collectUntil, voteUntil } = input;
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 100)) return [{ field: 'threshold', problem: 'The reveal threshold is a whole number of people from 1 to 100.' }];
  const latest = now.getTime() + MAX_RETRO_DAYS * 86_400_000;
  if (collectUntil && collectUntil <= now) return [{ field: 'collectUntil', problem: 'Collecting has to end in the future.' }];
  if (collectUntil && collectUntil.getTime() > latest) return [{ field: 'collectUntil', problem: `Deadlines can be at most ${MAX_RETRO_DAYS} days away.` }];
  if (voteUntil && voteUntil <= now) return [{ field: 'voteUntil', problem: 'Voting has to end in the future.' }];
  if (voteUntil && voteUntil.getTime() > latest) return [{ field: 'voteUntil', problem: `Deadlines can be at most ${MAX_RETRO_DAYS} days away.` }];
  if (collectUntil && voteUntil && voteUntil <= collectUntil) return [{ field: 'voteUntil', problem: 'Voting has to end after collecting does.' }];
  return [];
}

/** An item's text. */
export function checkItemText(text: string): FieldProblem[] {
  const body = text.trim();
  if (!body) return [{ field: 'text', problem: 'An item needs some text.' }];
  const length = [...body].length;
  if (length > ITEM_TEXT_MAX) return [{ field: 'text', problem: `Items can be at most ${ITEM_TEXT_MAX.toLocaleString('en')} characters; this one has ${length.toLocaleString('en')}.` }];
  return [];
}

const USER_ID = /^[UW][A-Z0-9]+$/;

/** An action item: what, who, by when (`today` is the earliest date anywhere on Earth now). */
export function checkActionItem(input: { text: string; ownerId: string; dueDate?: string; today: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = input.text.trim();
  const length = [...text].length;
  if (!text) problems.push({ field: 'text', problem: 'Say what is to be done.' });
  else if (length > ACTION_TEXT_MAX) problems.push({ field: 'text', problem: `Action items can be at most ${ACTION_TEXT_MAX} characters; this one has ${length}.` });
  if (!USER_ID.test(input.ownerId)) problems.push({ field: 'owner', problem: 'Choose who owns it.' });
  if (input.dueDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) problems.push({ field: 'due', problem: 'Pick a due date from the calendar.' });
  else if (input.dueDate !== undefined && input.dueDate < input.today) problems.push({ field: 'due', problem: 'Pick a due date from today on.' });
  return problems;
}

/** Who takes the retro over. */
export function checkHandOver(toUserId: string): FieldProblem[] {
  return USER_ID.test(toUserId) ? [] : [{ field: 'facilitator', problem: 'Choose who takes over.' }];
}

/**
 * The earliest calendar date anywhere on Earth now (UTC−12): a due date picked as "today" by
 * someone west of UTC in their evening is already "yesterday" in UTC, and must still be taken.
 */
export function earliestToday(now: Date): string {
  return new Date(now.getTime() - 12 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * When an owner hears about an action item due on `dueDate`: 09:00 the day before, in their own
 * time zone; straight away when that moment has already passed.
 */
export function reminderTime(dueDate: string, timeZone: string, now: Date): Date {
  const dayBefore = DateTime.fromISO(dueDate, { zone: timeZone }).minus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const at = dayBefore.isValid ? dayBefore.toJSDate() : now;
  return at < now ? now : at;
}

export interface RetroScheduleRequest {
  teamId: string;
  channelId: string;
  userId: string;
  title: string;
  /** Every N weeks. */
  every: number;
  weekday: Weekday;
  /** "HH:MM", local. */
  time: string;
  timeZone: string;
  formatId: string;
  customColumns?: string;
  anonymity: Anonymity;
  voteBudget: number;
}

/** The schedule form; every problem at once, by field. */
export function checkRetroSchedule(input: RetroScheduleRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  if (!title || [...title].length > SCHEDULE_TITLE_MAX) problems.push({ field: 'title', problem: `Give the retros a title of 1 to ${SCHEDULE_TITLE_MAX} characters.` });
  if (!canonicalZone(input.timeZone)) problems.push({ field: 'timeZone', problem: `"${clip(input.timeZone, 64)}" is not a time zone Guild knows; use an IANA name such as Europe/Berlin.` });
  const format = retroFormat(input.formatId, input.customColumns);
  if (!format.ok) problems.push({ field: input.formatId === 'custom' ? 'columns' : 'format', problem: format.problem });
  const rules = validateVoteRules(input.voteBudget);
  if (!rules.ok) problems.push({ field: 'budget', problem: rules.problem });
  if (!Number.isInteger(input.every) || input.every < 1 || input.every > 52) problems.push({ field: 'every', problem: 'Retros repeat every 1 to 52 weeks.' });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) problems.push({ field: 'time', problem: 'Pick a time of day.' });
  return problems;
}
