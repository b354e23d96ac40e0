import { PermanentFailure, RetryLater, type JobHandler } from '../../scheduler/scheduler';
import type { PrismaClient } from '../../db/client';
import type { Delivery } from '../../delivery/delivery';
import { FEEDBACK_JOB, REMINDER_JOB } from './events.ids';
import { askForFeedback, feedbackPayload, reminderPayload, sendReminder } from './events.reminders';

interface JobDeps {
  prisma: PrismaClient;
  messages: Delivery;
  calendarUrl(eventId: number): string | undefined;
}

/**
 * One reminder of one event at one lead time. The job's key names the event, the lead and the
 * start, so it exists once across replicas; a reminder whose event moved, was cancelled or
 * dropped that lead stands down; one too late to be useful is skipped and logged.
 */
export function reminderJob(deps: JobDeps): JobHandler {
  return {
    kind: REMINDER_JOB,
    async run(payload, context) {
      const parsed = reminderPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed event reminder payload');
      const outcome = await sendReminder(deps, parsed.data, context.now);
      if (outcome === 'wait-for-announcement') throw new RetryLater(new Date(context.now.getTime() + 15_000), 'the announcement is not posted yet');
      if (outcome === 'late') context.logger.warn({ ...parsed.data, lateMs: context.lateMs }, 'event reminder skipped: too late to be useful');
      if (outcome === 'stale') context.logger.info(parsed.data, 'event reminder stood down: the event changed or was cancelled');
    },
  };
}

/** At the event's end: the feedback prompt to the people who said they were going. A week late, it is skipped. */
export function feedbackJob(deps: JobDeps): JobHandler {
  return {
    kind: FEEDBACK_JOB,
    staleAfterMs: 7 * 86_400_000,
    async run(payload, context) {
      const parsed = feedbackPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed event feedback payload');
      const asked = await askForFeedback(deps, parsed.data, context.now);
      context.logger.info({ eventId: parsed.data.eventId, asked }, 'event feedback asked');
    },
  };
}
