import { z } from 'zod';
import { clip } from '../../slack/kit/text';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { ACTION_REMINDER_JOB } from './retro.action-items';
import { RetroError } from './retro.errors';
import { PHASE_DEADLINE_JOB } from './retro.lifecycle';
import { NEXT_RETRO_NOTICE_MS, NEXT_RETRO_REMINDER_JOB, queueNextRetroReminder, SCHEDULED_RETRO_JOB, type RetroSchedulingDeps } from './retro.schedule';
import type { RetroService } from './retro.service';

export { NEXT_RETRO_NOTICE_MS, NEXT_RETRO_REMINDER_JOB, SCHEDULED_RETRO_JOB } from './retro.schedule';

/**
 * Reminds an action item's owner by DM the day before it is due, if it is still open then.
 * A reminder more than two days late (after downtime) is no longer useful and is skipped.
 */
export function actionReminderJob(deps: { retros: RetroService }): JobHandler {
  return {
    kind: ACTION_REMINDER_JOB,
    staleAfterMs: 2 * 86_400_000,
    async run(payload) {
      const parsed = z.object({ actionId: z.number().int() }).safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed action reminder payload');
      await deps.retros.actionItems.remindDue(parsed.data.actionId);
    },
  };
}

const deadlinePayload = z.object({ retroId: z.number().int(), phase: z.enum(['collect', 'vote']) });

/** An async retro's deadline: moves it on (if the facilitator has not); the board follows. */
export function phaseDeadlineJob(deps: { retros: RetroService }): JobHandler {
  return {
    kind: PHASE_DEADLINE_JOB,
    async run(payload) {
      const parsed = deadlinePayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed retro deadline payload');
      await deps.retros.deadlinePassed(parsed.data.retroId, parsed.data.phase);
    },
  };
}

/** What a recurring retro's schedule carries: how each occurrence's retro is set up. */
export const scheduledRetroPayload = z.object({
  teamId: z.string(),
  channelId: z.string(),
  title: z.string(),
  formatId: z.string(),
  customColumns: z.string().optional(),
  anonymity: z.enum(['named', 'anonymous_items', 'anonymous_all']),
  voteBudget: z.number().int(),
  startedBy: z.string(),
  scheduleId: z.number().int(),
  occurrence: z.string(),
});

/**
 * Starts the retro of one occurrence of a schedule (once, however often the job runs), with its
 * board, and queues the reminder for the next occurrence. A retro more than a day late is
 * skipped: the next one will come.
 */
export function scheduledRetroJob(deps: { retros: RetroService } & Pick<RetroSchedulingDeps, 'schedules' | 'jobs'>): JobHandler {
  return {
    kind: SCHEDULED_RETRO_JOB,
    staleAfterMs: 86_400_000,
    async run(payload) {
      const parsed = scheduledRetroPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed scheduled retro payload');
      const p = parsed.data;
      const date = p.occurrence.slice(0, 10);
      await deps.retros
        .start({ ...p, title: `${clip(p.title, 136)} (${date})`, occurrenceKey: `schedule:${p.scheduleId}:${p.occurrence}` })
        .catch((err: unknown) => {
          // The schedule's set-up is refused (say, a custom format made invalid): retrying cannot help.
          throw err instanceof RetroError ? new PermanentFailure(`scheduled retro refused: ${err.message}`) : err;
        });
      await queueNextRetroReminder(deps, p.scheduleId, new Date(p.occurrence));
    },
  };
}

/** The day before a scheduled retro: DMs the owners of the channel's open action items. */
export function nextRetroReminderJob(deps: { retros: RetroService; schedules: RetroSchedulingDeps['schedules'] }): JobHandler {
  return {
    kind: NEXT_RETRO_REMINDER_JOB,
    staleAfterMs: NEXT_RETRO_NOTICE_MS,
    async run(payload) {
      const parsed = z.object({ scheduleId: z.number().int(), occurrence: z.string() }).safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed next-retro reminder payload');
      const { scheduleId, occurrence } = parsed.data;
      const schedule = await deps.schedules.find(scheduleId);
      if (!schedule || schedule.status !== 'active') return; // paused or cancelled: no retro to prepare for
      const setup = scheduledRetroPayload.omit({ scheduleId: true, occurrence: true }).safeParse(schedule.payload);
      if (!setup.success) return;
      await deps.retros.remindBeforeNextRetro(setup.data.teamId, setup.data.channelId, setup.data.title, new Date(occurrence), `${scheduleId}:${occurrence}`);
    },
  };
}
