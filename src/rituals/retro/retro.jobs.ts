import type { PrismaClient } from '../../db/client';
import type { Outbox } from '../../community/outbox';
import type { JobStore } from '../../scheduler/job-store';
import { nextOccurrence, type Recurrence } from '../../scheduler/recurrence';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { z } from 'zod';
import { publishBoard, type BoardOutbox } from './retro.board';
import { ACTION_REMINDER_JOB, PHASE_DEADLINE_JOB, RetroError, type RetroService } from './retro.service';

/** A schedule's occurrence starts a retro. */
export const SCHEDULED_RETRO_JOB = 'retro.start';
/** The day before a scheduled retro, owners of open action items hear about it. */
export const NEXT_RETRO_REMINDER_JOB = 'retro.next.reminder';
/** How long before a scheduled retro its owners are reminded. */
export const NEXT_RETRO_NOTICE_MS = 86_400_000;

/**
 * Reminds an action item's owner by DM the day before it is due, if it is still open then.
 * A reminder more than two days late (after downtime) is no longer useful and is skipped.
 */
export function actionReminderJob(deps: { prisma: PrismaClient; outbox: Outbox }): JobHandler {
  return {
    kind: ACTION_REMINDER_JOB,
    staleAfterMs: 2 * 86_400_000,
    async run(payload) {
      const actionId = Number((payload as { actionId?: unknown }).actionId);
      const action = await deps.prisma.retroActionItem.findUnique({ where: { id: actionId }, include: { retro: { select: { title: true, channelId: true } } } });
      if (!action || action.status !== 'open' || !action.dueDate) return;
      const due = action.dueDate.toISOString().slice(0, 10);
      await deps.outbox.send({
        key: `retro:action:${action.id}:due-dm`,
        to: { users: [action.ownerId] },
        text: `Reminder: "${action.text}" from the retro *${action.retro.title}* in <#${action.retro.channelId}> is due ${due}.`,
      });
    },
  };
}

const deadlinePayload = z.object({ retroId: z.number().int(), phase: z.enum(['collect', 'vote']) });

/** An async retro's deadline: moves it on (if the facilitator has not) and refreshes the board. */
export function phaseDeadlineJob(deps: { retros: RetroService; outbox: BoardOutbox }): JobHandler {
  return {
    kind: PHASE_DEADLINE_JOB,
    async run(payload) {
      const parsed = deadlinePayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed retro deadline payload');
      const moved = await deps.retros.deadlinePassed(parsed.data.retroId, parsed.data.phase);
      if (moved) await publishBoard(deps.retros, deps.outbox, parsed.data.retroId);
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
 * Starts the retro of one occurrence of a schedule (once, however often the job runs), posts
 * its board, and queues the reminder for the next occurrence. A retro more than a day late is
 * skipped: the next one will come.
 */
export function scheduledRetroJob(deps: { prisma: PrismaClient; retros: RetroService; outbox: BoardOutbox; jobs: JobStore }): JobHandler {
  return {
    kind: SCHEDULED_RETRO_JOB,
    staleAfterMs: 86_400_000,
    async run(payload) {
      const parsed = scheduledRetroPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed scheduled retro payload');
      const p = parsed.data;
      const date = p.occurrence.slice(0, 10);
      const started = await deps.retros
        .start({ ...p, title: `${p.title} (${date})`.slice(0, 150), occurrenceKey: `schedule:${p.scheduleId}:${p.occurrence}` })
        .catch((err: unknown) => {
          // The schedule's set-up is refused (say, a custom format made invalid): retrying cannot help.
          throw err instanceof RetroError ? new PermanentFailure(`scheduled retro refused: ${err.message}`) : err;
        });
      await publishBoard(deps.retros, deps.outbox, started.id, p.channelId);
      await queueNextRetroReminder(deps.prisma, deps.jobs, p.scheduleId, new Date(p.occurrence));
    },
  };
}

/** Queues the day-before reminder for the schedule's next occurrence after `after`. */
export async function queueNextRetroReminder(prisma: PrismaClient, jobs: JobStore, scheduleId: number, after: Date): Promise<void> {
  const schedule = await prisma.schedule.findUnique({ where: { id: scheduleId } });
  if (!schedule || schedule.status !== 'active') return;
  const next = nextOccurrence(schedule.recurrence as unknown as Recurrence, after);
  if (!next) return;
  const runAt = new Date(Math.max(next.getTime() - NEXT_RETRO_NOTICE_MS, after.getTime()));
  await jobs.enqueue([{ key: `retro:schedule:${scheduleId}:${next.toISOString()}:notice`, kind: NEXT_RETRO_REMINDER_JOB, payload: { scheduleId, occurrence: next.toISOString() }, runAt, scheduleId }]);
}

/** The day before a scheduled retro: DMs the owners of the channel's open action items. */
export function nextRetroReminderJob(deps: { prisma: PrismaClient; retros: RetroService }): JobHandler {
  return {
    kind: NEXT_RETRO_REMINDER_JOB,
    staleAfterMs: NEXT_RETRO_NOTICE_MS,
    async run(payload) {
      const { scheduleId, occurrence } = z.object({ scheduleId: z.number().int(), occurrence: z.string() }).parse(payload);
      const schedule = await deps.prisma.schedule.findUnique({ where: { id: scheduleId } });
      if (!schedule || schedule.status !== 'active') return; // paused or cancelled: no retro to prepare for
      const setup = scheduledRetroPayload.omit({ scheduleId: true, occurrence: true }).safeParse(schedule.payload);
      if (!setup.success) return;
      await deps.retros.remindBeforeNextRetro(setup.data.teamId, setup.data.channelId, setup.data.title, new Date(occurrence), `${scheduleId}:${occurrence}`);
    },
  };
}
