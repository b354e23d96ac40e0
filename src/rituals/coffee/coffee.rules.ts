import { MAX_GROUP_SIZE } from '../../matching/group-sizes';
import { WEEKDAYS, type Weekday } from '../../scheduler/recurrence.types';
import type { CoffeeField } from './coffee.ids';

/**
 * The pure checks of coffee's commands and forms. Each problem names its field, so the settings
 * form shows it beside that input; the service runs the same checks (it never trusts a caller).
 */
export interface FieldProblem {
  field: CoffeeField;
  problem: string;
}

export const GROUPING_FIELDS = ['interest', 'topic'] as const;
export type GroupingField = (typeof GROUPING_FIELDS)[number];

export interface CoffeeSettingsInput {
  groupSize: number;
  cadence: 'weekly' | 'monthly';
  everyWeeks: number;
  weekday: Weekday;
  nth: number;
  time: string;
  windowWeeks: number;
  grouping: 'none' | 'mix' | 'group';
  groupingField?: GroupingField;
  followUpDays: number;
}

export const DEFAULT_SETTINGS: CoffeeSettingsInput = {
  groupSize: 2,
  cadence: 'weekly',
  everyWeeks: 1,
  weekday: 'mo',
  nth: 1,
  time: '09:00',
  windowWeeks: 12,
  grouping: 'none',
  followUpDays: 3,
};

export const MAX_SNOOZE_WEEKS = 26;

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Every problem of a community's coffee settings at once, by field. */
export function checkCoffeeSettings(s: CoffeeSettingsInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!whole(s.groupSize, 2, 8)) problems.push({ field: 'size', problem: 'Groups have 2 to 8 people.' });
  if (s.cadence !== 'weekly' && s.cadence !== 'monthly') problems.push({ field: 'cadence', problem: 'Choose every few weeks or a weekday of the month.' });
  if (!whole(s.everyWeeks, 1, 12)) problems.push({ field: 'everyWeeks', problem: 'Rounds repeat every 1 to 12 weeks.' });
  if (!WEEKDAYS.includes(s.weekday)) problems.push({ field: 'weekday', problem: 'Choose a weekday.' });
  if (![1, 2, 3, 4, -1].includes(s.nth)) problems.push({ field: 'nth', problem: 'Choose the first, second, third, fourth or last.' });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.time)) problems.push({ field: 'time', problem: 'Pick the local time the intro arrives.' });
  if (!whole(s.windowWeeks, 1, 52)) problems.push({ field: 'windowWeeks', problem: 'The repeat window is 1 to 52 weeks.' });
  if (!whole(s.followUpDays, 1, 14)) problems.push({ field: 'followUpDays', problem: 'The follow-up comes 1 to 14 days after the intro.' });
  else if (s.cadence === 'weekly' && whole(s.everyWeeks, 1, 12) && s.followUpDays >= s.everyWeeks * 7) problems.push({ field: 'followUpDays', problem: 'The follow-up has to come before the next round.' });
  if (s.grouping !== 'none' && !s.groupingField) problems.push({ field: 'groupingField', problem: 'Choose what to mix or group by.' });
  return problems;
}

/** `snooze <weeks>`: a whole number of weeks, 1 to 26. */
export function parseSnoozeWeeks(text: string | undefined): { ok: true; weeks: number } | { ok: false; problem: string } {
  const weeks = /^\d{1,3}$/.test(text ?? '') ? Number(text) : NaN;
  if (whole(weeks, 1, MAX_SNOOZE_WEEKS)) return { ok: true, weeks };
  return { ok: false, problem: `Say for how many weeks, 1 to ${MAX_SNOOZE_WEEKS}: \`/guild coffee snooze 2\`.` };
}

/** A swap in a previewed round: two different people, in different groups of it. */
export function checkSwap(groups: readonly (readonly string[])[], first: string | undefined, second: string | undefined): FieldProblem[] {
  if (!first) return [{ field: 'first', problem: 'Choose the first person.' }];
  if (!second) return [{ field: 'second', problem: 'Choose the second person.' }];
  const groupOf = (id: string) => groups.findIndex((g) => g.includes(id));
  if (groupOf(first) < 0) return [{ field: 'first', problem: 'That person is not in this round.' }];
  if (groupOf(second) < 0) return [{ field: 'second', problem: 'That person is not in this round.' }];
  if (groupOf(first) === groupOf(second)) return [{ field: 'second', problem: 'They are in the same group already: choose someone from another group.' }];
  return [];
}

/** The groups with two people swapped (checked with checkSwap first). */
export function swapped(groups: readonly (readonly string[])[], first: string, second: string): string[][] {
  return groups.map((g) => g.map((id) => (id === first ? second : id === second ? first : id)));
}

/**
 * A previewed round as it goes out: people who can no longer take part (snoozed, paused, opted
 * out or left since the preview) are taken out; someone left alone joins the smallest other
 * group that has room (a group DM holds MAX_GROUP_SIZE people besides Guild); a group left empty is dropped. Returns each group's members by id, in
 * the order given (an empty list: drop the group).
 */
export function prunedDraft(groups: readonly { id: number; members: readonly string[] }[], eligible: ReadonlySet<string>): Map<number, string[]> {
  const kept = new Map(groups.map((g) => [g.id, g.members.filter((m) => eligible.has(m))]));
  for (const [id, members] of kept) {
    if (members.length !== 1) continue;
    const host = [...kept].filter(([other, list]) => other !== id && list.length >= 2 && list.length < MAX_GROUP_SIZE).sort((a, b) => a[1].length - b[1].length)[0];
    if (!host) continue;
    host[1].push(members[0]!);
    kept.set(id, []);
  }
  // A lone member with nowhere to go is not sent a group of one.
  for (const [id, members] of kept) if (members.length < 2) kept.set(id, []);
  return kept;
}
