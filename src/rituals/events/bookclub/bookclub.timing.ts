import type { NewJob } from '../../../scheduler/job-store';

export const LEADER_JOB = 'bookclub.leader';
/** The discussion leader hears of their session this long before it. */
export const LEADER_NOTICE_MS = 3 * 86_400_000;

/** The job that tells a session's leader: three days ahead, or now when that has passed. */
export function leaderNoticeJob(sessionId: number, startsAt: Date, now: Date): NewJob {
  return { key: `${LEADER_JOB}:${sessionId}`, kind: LEADER_JOB, payload: { sessionId }, runAt: new Date(Math.max(now.getTime(), startsAt.getTime() - LEADER_NOTICE_MS)) };
}
