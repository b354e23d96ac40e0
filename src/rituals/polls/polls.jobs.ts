import { z } from 'zod';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { PollsError } from './polls.errors';
import { POLL_CLOSE_JOB, POLL_REMIND_JOB, SCHEDULED_POLL_JOB } from './polls.ids';
import { POLL_KINDS } from './polls.rules';
import type { PollsService, ScheduledPoll } from './polls.service';

const pollPayload = z.object({ pollId: z.number().int() });

/** A poll's closing time: closes it (unless its creator already did) and posts the results. */
export function closeJob(deps: { polls: PollsService }): JobHandler {
  return {
    kind: POLL_CLOSE_JOB,
    async run(payload) {
      const parsed = pollPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed poll close payload');
      await deps.polls.close(parsed.data.pollId).catch((err: unknown) => {
        if (err instanceof PollsError) throw new PermanentFailure(err.message); // gone: nothing to close
        throw err;
      });
    },
  };
}

/** The reminder before the close, once; after downtime, a reminder later than an hour is skipped. */
export function remindJob(deps: { polls: PollsService }): JobHandler {
  return {
    kind: POLL_REMIND_JOB,
    staleAfterMs: 3_600_000,
    async run(payload, context) {
      const parsed = pollPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed poll reminder payload');
      const reminded = await deps.polls.remind(parsed.data.pollId).catch((err: unknown) => {
        if (err instanceof PollsError) throw new PermanentFailure(err.message);
        throw err;
      });
      context.logger.info({ pollId: parsed.data.pollId, reminded }, 'poll reminder sent');
    },
  };
}

const closing = z.union([z.object({ kind: z.literal('at'), local: z.string() }), z.object({ kind: z.literal('in'), minutes: z.number().int().positive() })]);

/** What a poll schedule carries (polls.service.ts ScheduledPoll), checked like every JSON column. */
export const scheduledPollPayload = z.object({
  teamId: z.string(),
  channelId: z.string(),
  createdBy: z.string(),
  request: z.object({
    question: z.string(),
    options: z.array(z.string()),
    kind: z.enum(POLL_KINDS),
    limit: z.number().int(),
    anonymous: z.boolean(),
    hideResults: z.boolean(),
    membersAddOptions: z.boolean(),
    closes: closing.optional(),
    remindMinutes: z.number().int().optional(),
    topicId: z.number().int().optional(),
  }),
  scheduleId: z.number().int(),
  occurrence: z.string(),
});

/** An occurrence of a poll schedule opens its poll; one more than a day late is skipped. */
export function scheduledPollJob(deps: { polls: PollsService }): JobHandler {
  return {
    kind: SCHEDULED_POLL_JOB,
    staleAfterMs: 86_400_000,
    async run(payload) {
      const parsed = scheduledPollPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed scheduled poll payload');
      const { scheduleId, occurrence, ...setup } = parsed.data;
      await deps.polls.openScheduled(setup as ScheduledPoll, `schedule:${scheduleId}:${occurrence}`).catch((err: unknown) => {
        throw err instanceof PollsError ? new PermanentFailure(`scheduled poll refused: ${err.message}`) : err;
      });
    },
  };
}
