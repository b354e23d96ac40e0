import type { PrismaClient } from '../../db/client';
import type { Outbox } from '../../community/outbox';
import type { JobHandler } from '../../scheduler/scheduler';
import { ACTION_REMINDER_JOB } from './retro.service';

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
