import type { PollKind } from './polls.rules';

/**
 * A poll's counts as pure functions of aggregated votes: each option's score (votes, dots, or
 * Borda points for ranked polls), the bars drawn from them, and the breakdown by experience level.
 */

/** Votes on one option by voters of one level (null: no level given), as the database sums them. */
export interface VoteCell {
  optionId: number;
  level: number | null;
  /** How many voters voted for it. */
  votes: number;
  /** The sum of weights: dots; for ranked polls, ranks. */
  weight: number;
  /** Borda points (ranked): `ranks + 1 - rank` per vote. */
  points: number;
}

export interface OptionScore {
  optionId: number;
  text: string;
  score: number;
  /** The share shown beside the bar, 0..1. */
  share: number;
}

/** What a poll's score counts: votes, dots, or points. */
export function scoreOf(kind: PollKind, cell: Pick<VoteCell, 'votes' | 'weight' | 'points'>): number {
  if (kind === 'dots') return cell.weight;
  if (kind === 'ranked') return cell.points;
  return cell.votes;
}

export const SCORE_UNIT: Record<PollKind, [string, string]> = {
  single: ['vote', 'votes'],
  multiple: ['vote', 'votes'],
  ranked: ['point', 'points'],
  dots: ['dot', 'dots'],
};

export function scoreText(kind: PollKind, score: number): string {
  const [one, many] = SCORE_UNIT[kind];
  return `${score} ${score === 1 ? one : many}`;
}

/**
 * Each option's score in the poll's order. The share is of voters for single and multiple choice
 * (so multiple-choice shares add up to more than 100%), and of all dots or points otherwise.
 */
export function scores(kind: PollKind, options: readonly { id: number; text: string }[], cells: readonly VoteCell[], voters: number): OptionScore[] {
  const totals = new Map<number, number>();
  for (const cell of cells) totals.set(cell.optionId, (totals.get(cell.optionId) ?? 0) + scoreOf(kind, cell));
  const all = [...totals.values()].reduce((sum, s) => sum + s, 0);
  const base = kind === 'single' || kind === 'multiple' ? voters : all;
  return options.map((o) => {
    const score = totals.get(o.id) ?? 0;
    return { optionId: o.id, text: o.text, score, share: base > 0 ? score / base : 0 };
  });
}

/** Highest score first; ties keep the poll's order. */
export function ranking(list: readonly OptionScore[]): OptionScore[] {
  return list.map((s, i) => ({ s, i })).sort((a, b) => b.s.score - a.s.score || a.i - b.i).map(({ s }) => s);
}

export const BAR_WIDTH = 12;

/** A bar of `width` cells, filled in proportion to `share` (rounded; any share above 0 shows a cell). */
export function bar(share: number, width = BAR_WIDTH): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const filled = clamped > 0 ? Math.max(1, Math.round(clamped * width)) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Levels in the order the breakdown lists them: 1 (new to it) to 5 (expert), then no level given. */
export const LEVELS: readonly (number | null)[] = [1, 2, 3, 4, 5, null];

/** One row of the breakdown: the levels it covers, how many voters, their scores per option. */
export interface LevelGroup {
  levels: (number | null)[];
  label: string;
  voters: number;
}

/** Below this many voters, a level of an anonymous poll is never shown on its own. */
export const ANONYMOUS_GROUP_MIN = 5;

export function groupLabel(levels: readonly (number | null)[]): string {
  const numbers = levels.filter((l): l is number => l !== null);
  const parts: string[] = [];
  if (numbers.length === 1) parts.push(`level ${numbers[0]}`);
  else if (numbers.length > 1) {
    const consecutive = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
    parts.push(consecutive ? `levels ${numbers[0]}–${numbers.at(-1)}` : `levels ${numbers.join(', ')}`);
  }
  if (levels.includes(null)) parts.push('no level given');
  const label = parts.join(' and ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * The breakdown's rows. In a named poll, every level with voters is its own row. In an anonymous
 * poll every row holds at least 5 voters: levels are taken in order and merged with the next
 * until a row has 5, and a short last row joins the one before. So no row, nor the difference
 * between a total and the rows, ever shows the votes of fewer than 5 people. Fewer than 5 voters
 * in all: no breakdown (an empty list).
 */
export function levelGroups(votersByLevel: ReadonlyMap<number | null, number>, anonymous: boolean): LevelGroup[] {
  const present = LEVELS.filter((l) => (votersByLevel.get(l) ?? 0) > 0);
  const count = (levels: (number | null)[]): number => levels.reduce<number>((sum, l) => sum + (votersByLevel.get(l) ?? 0), 0);
  if (!anonymous) return present.map((l) => ({ levels: [l], label: groupLabel([l]), voters: count([l]) }));
  const groups: (number | null)[][] = [];
  let current: (number | null)[] = [];
  for (const level of present) {
    current.push(level);
    if (count(current) >= ANONYMOUS_GROUP_MIN) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length) {
    if (groups.length === 0) return [];
    groups[groups.length - 1]!.push(...current);
  }
  return groups.map((levels) => ({ levels, label: groupLabel(levels), voters: count(levels) }));
}

/** One row of the breakdown with each option's score among its voters. */
export interface BreakdownRow extends LevelGroup {
  scores: OptionScore[];
}

export function breakdown(kind: PollKind, options: readonly { id: number; text: string }[], cells: readonly VoteCell[], votersByLevel: ReadonlyMap<number | null, number>, anonymous: boolean): BreakdownRow[] {
  return levelGroups(votersByLevel, anonymous).map((group) => {
    const inGroup = cells.filter((c) => group.levels.includes(c.level));
    return { ...group, scores: scores(kind, options, inGroup, group.voters) };
  });
}
