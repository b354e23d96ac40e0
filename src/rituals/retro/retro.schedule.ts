import type { CommunityService } from '../../community/community.service';
import type { JobStore } from '../../scheduler/job-store';
import type { Recurrence } from '../../scheduler/recurrence.types';
import type { Schedules, ScheduleSummary } from '../../scheduler/schedules';
import { canonicalZone, localDate } from '../../time/zones';
import { RetroError } from './retro.errors';
import { checkRetroSchedule, type RetroScheduleRequest } from './retro.rules';

export { checkRetroSchedule, type RetroScheduleRequest } from './retro.rules';

/** A schedule's occurrence starts a retro. */
export const SCHEDULED_RETRO_JOB = 'retro.start';
/** The day before a scheduled retro, owners of open action items hear about it. */
export const NEXT_RETRO_REMINDER_JOB = 'retro.next.reminder';
/** How long before a scheduled retro its owners are reminded. */
export const NEXT_RETRO_NOTICE_MS = 86_400_000;

export interface RetroSchedulingDeps {
  community: CommunityService;
  schedules: Schedules;
  jobs: Pick<JobStore, 'enqueue'>;
  now: () => Date;
}

/**
 * Recurring community retros: a schedule whose occurrences start a retro in the channel (see
 * retro.jobs.ts). Only the community's organisers may set one up; `/guild schedules` lists,
 * pauses, resumes and cancels it like any other.
 */
export async function scheduleRetros(deps: RetroSchedulingDeps, input: RetroScheduleRequest): Promise<ScheduleSummary> {
  const community = await deps.community.requireCommunity({ teamId: input.teamId, channelId: input.channelId });
  await deps.community.requireOrganiser(community.id, input.userId, 'schedule retros');
  RetroError.check(checkRetroSchedule(input));
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
  await queueNextRetroReminder(deps, summary.id, deps.now());
  return summary;
}

/** Queues the day-before reminder for the schedule's next occurrence after `after`. */
export async function queueNextRetroReminder(deps: Pick<RetroSchedulingDeps, 'schedules' | 'jobs'>, scheduleId: number, after: Date): Promise<void> {
  const schedule = await deps.schedules.find(scheduleId);
  if (!schedule || schedule.status !== 'active') return;
  const next = schedule.nextAfter(after);
  if (!next) return;
  const runAt = new Date(Math.max(next.getTime() - NEXT_RETRO_NOTICE_MS, after.getTime()));
  await deps.jobs.enqueue([{ key: `retro:schedule:${scheduleId}:${next.toISOString()}:notice`, kind: NEXT_RETRO_REMINDER_JOB, payload: { scheduleId, occurrence: next.toISOString() }, runAt, scheduleId }]);
}
