/**
 * The rules of a poll, as pure functions: what a question, its options and its limit may be,
 * and what one click does to a person's votes. Each check returns a problem in words, never
 * throws.
 */
import { clip } from '../../slack/kit/text';

export const POLL_KINDS = ['single', 'multiple', 'ranked', 'dots'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const KIND_NAMES: Record<PollKind, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  ranked: 'Ranked choice',
  dots: 'Dot votes',
};

/** The question is shown in a section (3,000 characters); 300 keeps a poll a poll. */
export const QUESTION_MAX = 300;
/** An option is a button's neighbour and a menu's option: Slack's option text holds 75 characters. */
export const OPTION_MAX = 75;
export const OPTIONS_MIN = 2;
/**
 * Each option is one section of the poll message (its bar and its button). Slack allows 50
 * blocks in a message and 25 elements in an actions block; Guild needs up to 5 blocks around
 * the options, and holds a poll to 25 options, the most an actions block (or a person) reads.
 */
export const OPTIONS_MAX = 25;
export const DOTS_MAX = 50;
export const DEFAULT_DOTS = 5;
export const DEFAULT_RANKS = 3;

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Options are the same when they differ only in case and spacing. */
export function optionKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function checkQuestion(question: string): Check<string> {
  const text = question.trim().replace(/\s+/g, ' ');
  if (!text) return { ok: false, problem: 'The question is empty: write what you are asking, e.g. "Which topic next month?".' };
  if (text.length > QUESTION_MAX) return { ok: false, problem: `The question is ${text.length} characters long; a poll's question holds at most ${QUESTION_MAX}.` };
  return { ok: true, value: text };
}

/** One option's text, alone (as a member adds it): trimmed, not empty, not too long. */
export function checkOptionText(text: string): Check<string> {
  const value = text.trim().replace(/\s+/g, ' ');
  if (!value) return { ok: false, problem: 'The option is empty: write the choice to add.' };
  if (value.length > OPTION_MAX) return { ok: false, problem: `"${clip(value, 31)}" is ${value.length} characters long; an option holds at most ${OPTION_MAX} (Slack's limit for a choice).` };
  return { ok: true, value };
}

/** The options of a new poll: blank ones dropped, then 2 to 25, none twice, each short enough. */
export function checkOptions(texts: readonly string[]): Check<string[]> {
  const options: string[] = [];
  for (const text of texts) {
    if (!text.trim()) continue;
    const checked = checkOptionText(text);
    if (!checked.ok) return checked;
    options.push(checked.value);
  }
  if (options.length < OPTIONS_MIN) return { ok: false, problem: `A poll needs at least ${OPTIONS_MIN} options; this one has ${options.length}.` };
  if (options.length > OPTIONS_MAX) return { ok: false, problem: `A poll holds at most ${OPTIONS_MAX} options (one line each in the poll message, under Slack's 50 blocks a message); this one has ${options.length}. Split it in two, or leave some out.` };
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const option of options) {
    const key = optionKey(option);
    if (seen.has(key)) twice.push(option);
    else seen.set(key, option);
  }
  if (twice.length) return { ok: false, problem: `Each option may appear once; ${[...new Set(twice)].map((t) => `"${t}"`).join(', ')} ${twice.length === 1 ? 'is' : 'are'} there twice (case and spaces do not count).` };
  return { ok: true, value: options };
}

/**
 * The kind's limit: choices per person (multiple, ranked) or the dot budget. Undefined takes the
 * default: every option (multiple), 3 ranks at most (ranked), 5 dots.
 */
export function checkLimit(kind: PollKind, limit: number | undefined, optionCount: number): Check<number> {
  const whole = limit === undefined || Number.isInteger(limit);
  switch (kind) {
    case 'single':
      return limit === undefined || limit === 1 ? { ok: true, value: 1 } : { ok: false, problem: 'A single-choice poll takes one choice each; for more, make it multiple choice.' };
    case 'multiple':
    case 'ranked': {
      const value = limit ?? (kind === 'multiple' ? optionCount : Math.min(DEFAULT_RANKS, optionCount));
      const what = kind === 'multiple' ? 'choices each' : 'ranks each';
      if (!whole || value < 2 || value > optionCount) return { ok: false, problem: `${limit} is out of range: a ${kind === 'multiple' ? 'multiple-choice' : 'ranked'} poll of ${optionCount} options takes 2 to ${optionCount} ${what} (for one, make it single choice).` };
      return { ok: true, value };
    }
    case 'dots': {
      const value = limit ?? DEFAULT_DOTS;
      if (value === 0) return { ok: false, problem: `A dot budget of 0 gives nobody a vote: give each person 1 to ${DOTS_MAX} dots.` };
      if (!whole || value < 1 || value > DOTS_MAX) return { ok: false, problem: `${limit} is out of range: give each person 1 to ${DOTS_MAX} dots.` };
      return { ok: true, value };
    }
  }
}

/** A person's votes in a poll: option id → weight (1; the rank, 1 first; or dots). */
export type Ballot = ReadonlyMap<number, number>;
export type ClickAction = 'toggle' | 'add' | 'remove';
export type VoteDecision = { ok: true; next: Map<number, number> } | { ok: false; problem: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * What one click does to a person's votes. Single: the option, replacing any other (again: taken
 * back). Multiple: the option added or taken back, up to the limit. Ranked: the option added as
 * the next rank, or taken out with the ranks after it moving up. Dots: one dot more or one less.
 */
export function applyVote(kind: PollKind, limit: number, current: Ballot, optionId: number, action: ClickAction): VoteDecision {
  const next = new Map(current);
  const has = current.has(optionId);
  if (kind === 'dots') {
    const used = [...current.values()].reduce((sum, w) => sum + w, 0);
    const on = current.get(optionId) ?? 0;
    if (action === 'remove') {
      if (on === 0) return { ok: false, problem: 'You have no dot on that option to take back.' };
      if (on === 1) next.delete(optionId);
      else next.set(optionId, on - 1);
      return { ok: true, next };
    }
    if (used >= limit) return { ok: false, problem: `You have used all ${plural(limit, 'dot')}. Take one back from another option to move it here.` };
    next.set(optionId, on + 1);
    return { ok: true, next };
  }
  if (action === 'remove' && !has) return { ok: false, problem: 'You have not voted for that option.' };
  if (has) {
    const rank = current.get(optionId)!;
    next.delete(optionId);
    if (kind === 'ranked') for (const [id, r] of next) if (r > rank) next.set(id, r - 1);
    return { ok: true, next };
  }
  if (action === 'remove') return { ok: false, problem: 'You have not voted for that option.' };
  if (kind === 'single') return { ok: true, next: new Map([[optionId, 1]]) };
  if (current.size >= limit) {
    const what = kind === 'ranked' ? `ranked ${plural(limit, 'option')}, the most this poll takes` : `chosen ${plural(limit, 'option')}, the most this poll allows`;
    return { ok: false, problem: `You have ${what}. Click one of yours to take it back first.` };
  }
  next.set(optionId, kind === 'ranked' ? current.size + 1 : 1);
  return { ok: true, next };
}
