import { z } from 'zod';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { FOLLOW_UP_JOB } from './coffee.rounds';
import { ROUND_JOB, type CoffeeService } from './coffee.service';

const roundPayload = z.object({ communityId: z.number().int(), scheduleId: z.number().int(), occurrence: z.iso.datetime() });

/**
 * A schedule's occurrence forms and sends the community's round (once, however often the job
 * runs: the round is claimed by its occurrence). A round more than a day late is skipped: its
 * intros' local times have passed, and the next round will come.
 */
export function roundJob(deps: { coffee: CoffeeService }): JobHandler {
  return {
    kind: ROUND_JOB,
    staleAfterMs: 86_400_000,
    async run(payload) {
      const parsed = roundPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed coffee round payload');
      await deps.coffee.scheduledRound(parsed.data.communityId, parsed.data.scheduleId, new Date(parsed.data.occurrence));
    },
  };
}

/** N days after a group's intro: the follow-up asking whether they met. */
export function followUpJob(deps: { coffee: CoffeeService }): JobHandler {
  return {
    kind: FOLLOW_UP_JOB,
    async run(payload) {
      const parsed = z.object({ groupId: z.number().int() }).safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed coffee follow-up payload');
      await deps.coffee.rounds.followUp(parsed.data.groupId);
    },
  };
}
