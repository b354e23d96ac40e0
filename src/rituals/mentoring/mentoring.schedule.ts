import { WEEKDAYS, type Weekday } from '../../scheduler/recurrence.types';
import type { Schedules, ScheduleSummary } from '../../scheduler/schedules';
import { clip } from '../../slack/kit/text';
import { MentoringError } from './mentoring.errors';
import { MENTORING_ROUND_JOB } from './mentoring.ids';
import type { Checked } from './mentoring.rules';

const DAY_WORDS: Record<string, Weekday> = {
  mon: 'mo', monday: 'mo', tue: 'tu', tues: 'tu', tuesday: 'tu', wed: 'we', wednesday: 'we', thu: 'th', thur: 'th', thurs: 'th', thursday: 'th',
  fri: 'fr', friday: 'fr', sat: 'sa', saturday: 'sa', sun: 'su', sunday: 'su',
  ...Object.fromEntries(WEEKDAYS.map((d) => [d, d])),
};

/** `/guild mentoring schedule <day> <HH:MM>`: a weekday and a 24-hour time. */
export function parseScheduleWords(words: string[]): Checked<{ weekday: Weekday; time: string }> {
  const usage = 'Give a weekday and a time, e.g. `/guild mentoring schedule mon 10:00`.';
  if (words.length !== 2) return { ok: false, problem: usage };
  const weekday = DAY_WORDS[words[0]!.toLowerCase()];
  if (!weekday) return { ok: false, problem: `"${clip(words[0]!, 20)}" is not a weekday. ${usage}` };
  const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(words[1]!);
  if (!time) return { ok: false, problem: `"${clip(words[1]!, 20)}" is not a time like 10:00. ${usage}` };
  return { ok: true, value: { weekday, time: `${time[1]!.padStart(2, '0')}:${time[2]}` } };
}

/**
 * The weekly mentor-matching schedule of a community: each occurrence runs that week's round
 * (see mentoring.jobs.ts). One per community; `/guild schedules` pauses or cancels it.
 */
export async function scheduleMentoring(
  schedules: Schedules,
  input: { communityId: number; timeZone: string; weekday: Weekday; time: string; createdBy: string },
): Promise<ScheduleSummary> {
  const existing = (await schedules.list(input.communityId)).find((s) => s.kind === MENTORING_ROUND_JOB && s.status !== 'ended');
  if (existing) throw new MentoringError(`Mentor matches are scheduled already: ${existing.description} (schedule #${existing.id}). Cancel it with \`/guild schedules cancel ${existing.id}\` to set another.`);
  return schedules.create({
    communityId: input.communityId,
    kind: MENTORING_ROUND_JOB,
    name: 'Mentor matches',
    recurrence: { kind: 'weekly', weekdays: [input.weekday], time: input.time, timeZone: input.timeZone },
    payload: { communityId: input.communityId },
    createdBy: input.createdBy,
  });
}
