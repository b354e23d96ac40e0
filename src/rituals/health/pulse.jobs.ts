import { z } from 'zod';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { PULSE_ROUND_JOB } from './pulse.ids';
import type { PulseService } from './pulse.service';

const roundPayload = z.object({ communityId: z.number().int(), occurrence: z.string().datetime(), scheduleId: z.number().int().optional() });

/**
 * A schedule's monthly occurrence: that month's pulse round. A retried job or a second replica
 * finds the occurrence's round made and sends nothing more. Three days late (after downtime) it
 * is skipped: next month's comes.
 */
export function pulseRoundJob(deps: { pulse: PulseService }): JobHandler {
  return {
    kind: PULSE_ROUND_JOB,
    staleAfterMs: 3 * 86_400_000,
    async run(payload, context) {
      const parsed = roundPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed pulse round payload');
      const { communityId, scheduleId, occurrence } = parsed.data;
      const round = await deps.pulse.runScheduled(communityId, scheduleId, new Date(occurrence));
      if (!round.sent) context.logger.info({ communityId, roundId: round.roundId }, 'pulse round of this occurrence already sent');
    },
  };
}
