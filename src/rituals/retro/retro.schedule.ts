import type { PrismaClient } from '../../db/client';
import type { CommunityService } from '../../community/community.service';
import type { JobStore } from '../../scheduler/job-store';
import type { Recurrence, Weekday } from '../../scheduler/recurrence.types';
import type { Schedules, ScheduleSummary } from '../../scheduler/schedules';
import { canonicalZone, localDate } from '../../time/zones';
import { queueNextRetroReminder, SCHEDULED_RETRO_JOB } from './retro.jobs';
import { retroFormat } from './retro.formats';
import { RetroError } from './retro.service';
import { validateVoteRules } from './retro.voting';

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
  anonymity: 'named' | 'anonymous_items' | 'anonymous_all';
  voteBudget: number;
}

export type RetroScheduleProblem = { field: 'title' | 'timeZone' | 'format' | 'columns' | 'budget' | 'every' | 'time'; problem: string };

/** Checks the form; every problem at once, by field. */
export function checkRetroSchedule(input: RetroScheduleRequest): RetroScheduleProblem[] {
  const problems: RetroScheduleProblem[] = [];
  const title = input.title.trim();
  if (!title || title.length > 120) problems.push({ field: 'title', problem: 'Give the retros a title of 1 to 120 characters.' });
  if (!canonicalZone(input.timeZone)) problems.push({ field: 'timeZone', problem: `"${input.timeZone.slice(0, 64)}" is not a time zone Guild knows; use an IANA name such as Europe/Berlin.` });
  const format = retroFormat(input.formatId, input.customColumns);
  if (!format.ok) problems.push({ field: input.formatId === 'custom' ? 'columns' : 'format', problem: format.problem });
  const rules = validateVoteRules(input.voteBudget);
  if (!rules.ok) problems.push({ field: 'budget', problem: rules.problem });
  if (!Number.isInteger(input.every) || input.every < 1 || input.every > 52) problems.push({ field: 'every', problem: 'Retros repeat every 1 to 52 weeks.' });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) problems.push({ field: 'time', problem: 'Pick a time of day.' });
  return problems;
}

/**
 * Recurring community retros: a schedule whose occurrences start a retro in the channel (see
 * retro.jobs.ts). Only the community's organisers may set one up; `/guild schedules` lists,
 * pauses, resumes and cancels it like any other.
 */
export async function scheduleRetros(
  deps: { prisma: PrismaClient; community: CommunityService; schedules: Schedules; jobs: JobStore; now: () => Date },
  input: RetroScheduleRequest,
): Promise<ScheduleSummary> {
  const community = await deps.community.requireCommunity({ teamId: input.teamId, channelId: input.channelId });
  await deps.community.requireOrganiser(community.id, input.userId, 'schedule retros');
  const [problem] = checkRetroSchedule(input);
  if (problem) throw new RetroError(problem.problem);
  const timeZone = canonicalZone(input.timeZone)!;
  const recurrence: Recurrence = {
    kind: 'weekly',
    weekdays: [input.weekday],
    time: input.time,
    timeZone,
    ...(input.every > 1 ? { interval: input.every, anchor: localDate(deps.now(), timeZone) } : {}),
  };
  const title = input.title.trim();
  const summary = await deps.schedules.create({
    communityId: community.id,
    kind: SCHEDULED_RETRO_JOB,
    name: `Retro: ${title}`,
    recurrence,
    payload: {
      teamId: input.teamId,
      channelId: input.channelId,
      title,
      formatId: input.formatId,
      ...(input.formatId === 'custom' && input.customColumns ? { customColumns: input.customColumns } : {}),
      anonymity: input.anonymity,
      voteBudget: input.voteBudget,
      startedBy: input.userId,
    },
    createdBy: input.userId,
  });
  await queueNextRetroReminder(deps.prisma, deps.jobs, summary.id, deps.now());
  return summary;
}
