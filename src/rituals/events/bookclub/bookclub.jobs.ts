import { z } from 'zod';
import { PermanentFailure, type JobHandler } from '../../../scheduler/scheduler';
import type { BookSessions } from './bookclub.sessions';
import { LEADER_JOB, LEADER_NOTICE_MS } from './bookclub.timing';

/**
 * A few days before a session: its discussion leader is told by DM (once). A notice that comes
 * so late that the session would have begun is skipped by the service.
 */
export function leaderNoticeJob(deps: { sessions: BookSessions }): JobHandler {
  return {
    kind: LEADER_JOB,
    staleAfterMs: LEADER_NOTICE_MS,
    async run(payload) {
      const parsed = z.object({ sessionId: z.number().int() }).safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed book club leader payload');
      await deps.sessions.tellLeader(parsed.data.sessionId);
    },
  };
}
