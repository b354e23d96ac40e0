import type { Delivery } from '../../delivery/delivery';
import type { PrismaClient } from '../../db/client';
import { PermanentFailure, type JobHandler } from '../../scheduler/scheduler';
import { DEADLINE_JOB, REMINDER_JOB } from './unconference.ids';
import { deadlinePayload, reminderPayload, sendSlotReminders } from './unconference.reminders';
import type { UnconferenceService } from './unconference.service';

/** Before each slot: the people in it are reminded, each once; a reminder too late is skipped and logged. */
export function slotReminderJob(deps: { prisma: PrismaClient; messages: Delivery }): JobHandler {
  return {
    kind: REMINDER_JOB,
    async run(payload, context) {
      const parsed = reminderPayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed unconference reminder payload');
      const outcome = await sendSlotReminders(deps, parsed.data, context.now);
      if (outcome.kind === 'late') context.logger.warn({ ...parsed.data, lateMs: context.lateMs }, 'unconference reminder skipped: too late to be useful');
      else if (outcome.kind === 'stale') context.logger.info(parsed.data, 'unconference reminder stood down: not published or the slot moved');
      else context.logger.info({ ...parsed.data, people: outcome.people }, 'unconference slot reminded');
    },
  };
}

/** A deadline: proposals close (voting opens), or voting closes (the draft goes to the creator). Stands down if moved by hand. */
export function deadlineJob(service: UnconferenceService): JobHandler {
  return {
    kind: DEADLINE_JOB,
    async run(payload, context) {
      const parsed = deadlinePayload.safeParse(payload);
      if (!parsed.success) throw new PermanentFailure('malformed unconference deadline payload');
      const { unconferenceId, phase, at } = parsed.data;
      const u = await service.unconference(unconferenceId).catch(() => undefined);
      const deadline = phase === 'proposing' ? u?.proposalsCloseAt : u?.votingClosesAt;
      if (!u || deadline?.getTime() !== at) return;
      const moved = phase === 'proposing' ? await service.openVoting(unconferenceId, { deadline: true }) : await service.closeVoting(unconferenceId, { deadline: true });
      context.logger.info({ unconferenceId, phase, moved: !!moved }, 'unconference deadline');
    },
  };
}
