import { z } from 'zod';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { MENTORING_CHECKIN_JOB, MENTORING_ROUND_JOB } from './mentoring.ids';
import type { MentoringService } from './mentoring.service';

const roundPayload = z.object({ communityId: z.number().int(), occurrence: z.string() });

/**
 * A schedule's weekly occurrence: that week's mentor matches for the community. A retried job or
 * a second replica finds the week's round done and proposes nothing more. Two days late (after
 * downtime) it is skipped: next week's round comes.
 */
export function mentoringRoundJob(deps: { mentoring: MentoringService }): JobHandler {
  return {
    kind: MENTORING_ROUND_JOB,
    staleAfterMs: 2 * 86_400_000,
    async run(payload, context) {
      const parsed = roundPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed mentoring round payload');
      const round = await deps.mentoring.runRound(parsed.data.communityId, new Date(parsed.data.occurrence));
      if (!round.ran) context.logger.info({ communityId: parsed.data.communityId, week: round.week }, 'mentoring round already ran this week');
    },
  };
}

/** An active mentorship's monthly check-in (and the next one's job). */
export function mentoringCheckInJob(deps: { mentoring: MentoringService }): JobHandler {
  return {
    kind: MENTORING_CHECKIN_JOB,
    staleAfterMs: 7 * 86_400_000,
    async run(payload) {
      const parsed = z.object({ matchId: z.number().int(), month: z.number().int().min(1) }).safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed mentoring check-in payload');
      await deps.mentoring.checkIn(parsed.data.matchId, parsed.data.month);
    },
  };
}
