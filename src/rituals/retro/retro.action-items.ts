import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../../db/client';
import type { Roles } from '../../community/roles';
import type { Publisher } from '../../delivery/outbox';
import type { JobStore } from '../../scheduler/job-store';
import type { RetroBoards } from './retro.board';
import { RetroError } from './retro.errors';
import { groupBy } from './retro.lifecycle';
import { actionDueNotice, nextRetroNotice } from './retro.messages';
import { openActionsBefore, type BoardAction, type OpenAction, type OwnedAction, type RetroQueries } from './retro.queries';
import { checkActionItem, reminderTime } from './retro.rules';

export const ACTION_REMINDER_JOB = 'retro.action.reminder';

export interface RetroActionItemsDeps {
  prisma: PrismaClient;
  logger: Logger;
  jobs: JobStore;
  messages: Publisher;
  roles: Roles;
  queries: RetroQueries;
  boards: RetroBoards;
  /** The time zone a person's reminders are timed in (the community module knows it). */
  timeZoneOf(userId: string): Promise<string>;
  now: () => Date;
}

/** Action items: recorded while discussing, reminded before they are due, reviewed by the next retro. */
export class RetroActionItems {
  constructor(private readonly deps: RetroActionItemsDeps) {}

  /** Records an action item while the retro is discussing; its owner is reminded the day before it is due. */
  async addAction(retroId: number, userId: string, input: { text: string; ownerId: string; dueDate?: string; today: string }): Promise<number> {
    RetroError.check(checkActionItem(input));
    const retro = await this.deps.queries.require(retroId);
    if (retro.phase !== 'discuss') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Action items are added while discussing.');
    const timeZone = input.dueDate ? await this.deps.timeZoneOf(input.ownerId) : 'UTC';
    return this.deps.prisma.$transaction(async (tx) => {
      const action = await tx.retroActionItem.create({
        data: { retroId, text: input.text.trim(), ownerId: input.ownerId, dueDate: input.dueDate ? new Date(`${input.dueDate}T00:00:00Z`) : null, createdBy: userId },
      });
      await this.remindBeforeDue(tx, action.id, input.dueDate, timeZone);
      await this.deps.boards.publish(tx, retroId);
      return action.id;
    });
  }

  /**
   * Reviews an action item: done, dropped, or carried over into the running retro `inRetroId`
   * (a new action item there, same owner; the old one is marked carried). Its owner, the
   * facilitator of the retro reviewing it, or an organiser may; a second review is refused.
   */
  async reviewAction(actionId: number, userId: string, decision: 'done' | 'drop' | 'carry', options: { inRetroId?: number; today: string }): Promise<BoardAction> {
    const action = await this.deps.prisma.retroActionItem.findUnique({ where: { id: actionId }, include: { retro: { select: { teamId: true, channelId: true } } } });
    if (!action) throw new RetroError('That action item does not exist any more.');
    const reviewing = options.inRetroId !== undefined ? await this.deps.queries.require(options.inRetroId) : undefined;
    if (reviewing && (reviewing.channelId !== action.retro.channelId || reviewing.teamId !== action.retro.teamId)) throw new RetroError("That action item belongs to another channel's retros.");
    if (action.ownerId !== userId && reviewing?.facilitatorId !== userId && !(await this.deps.roles.isOrganiser(action.retro, userId))) {
      throw new RetroError(`Only its owner, <@${action.ownerId}>, the facilitator or an organiser can mark this action item.`);
    }
    if (decision === 'carry') {
      if (!reviewing || reviewing.id === action.retroId) throw new RetroError('Action items are carried over from the board of the next retro.');
      if (reviewing.phase === 'closed') throw new RetroError('This retro is closed.');
    }
    const status = decision === 'done' ? 'done' : decision === 'drop' ? 'dropped' : 'carried';
    const carriedDue = action.dueDate && action.dueDate.toISOString().slice(0, 10) >= options.today ? action.dueDate : null;
    const timeZone = decision === 'carry' && carriedDue ? await this.deps.timeZoneOf(action.ownerId) : 'UTC';
    return this.deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.retroActionItem.updateMany({
        where: { id: actionId, status: 'open' },
        data: { status, reviewedBy: userId, reviewedAt: this.deps.now(), reviewedInRetroId: reviewing?.id ?? null },
      });
      if (count === 0) throw new RetroError(`That action item was already marked ${action.status === 'dropped' ? 'dropped' : action.status === 'carried' ? 'carried over' : action.status}.`);
      if (decision === 'carry' && reviewing) {
        const carried = await tx.retroActionItem.create({ data: { retroId: reviewing.id, text: action.text, ownerId: action.ownerId, dueDate: carriedDue, createdBy: userId, carriedFromId: action.id } });
        await this.remindBeforeDue(tx, carried.id, carriedDue?.toISOString().slice(0, 10), timeZone);
      }
      await this.publishBoardsShowing(tx, action, reviewing?.id);
      this.deps.logger.info({ actionId, status }, 'action item reviewed');
      return { id: action.id, text: action.text, ownerId: action.ownerId, status, ...(action.dueDate ? { dueDate: action.dueDate.toISOString().slice(0, 10) } : {}) };
    });
  }

  /**
   * A person's open action items in a workspace, for their App Home: those due soonest first
   * (undated ones last, oldest first), at most `limit`, and how many there are in all.
   */
  async openActionsOwnedBy(teamId: string, ownerId: string, limit: number): Promise<{ actions: OwnedAction[]; total: number }> {
    const where = { ownerId, status: 'open' as const, retro: { teamId } };
    const [rows, total] = await Promise.all([
      this.deps.prisma.retroActionItem.findMany({
        where,
        include: { retro: { select: { title: true, channelId: true } } },
        orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
      }),
      this.deps.prisma.retroActionItem.count({ where }),
    ]);
    const actions = rows.map((a) => ({ id: a.id, text: a.text, ownerId: a.ownerId, retroTitle: a.retro.title, channelId: a.retro.channelId, ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}) }));
    return { actions, total };
  }

  /** Open action items of the retros held in a channel, oldest first. */
  async openActions(teamId: string, channelId: string): Promise<OpenAction[]> {
    return openActionsBefore(this.deps.prisma, teamId, channelId);
  }

  /**
   * Tells the owners of a channel's open action items that its next retro is coming (a day
   * before a scheduled one). One DM per owner and occurrence.
   */
  async remindBeforeNextRetro(teamId: string, channelId: string, title: string, at: Date, occurrence: string): Promise<number> {
    const open = await openActionsBefore(this.deps.prisma, teamId, channelId);
    const owners = groupBy(open, (a) => a.ownerId);
    for (const [ownerId, actions] of owners) {
      await this.deps.messages.send({ key: `retro:next:${occurrence}:${ownerId}`, to: { users: [ownerId] }, text: nextRetroNotice(title, channelId, at, actions) });
    }
    return owners.size;
  }

  /** The day before an action item is due: its owner hears of it, if it is still open. */
  async remindDue(actionId: number): Promise<boolean> {
    const action = await this.deps.prisma.retroActionItem.findUnique({ where: { id: actionId }, include: { retro: { select: { title: true, channelId: true } } } });
    if (!action || action.status !== 'open' || !action.dueDate) return false;
    const due = action.dueDate.toISOString().slice(0, 10);
    await this.deps.messages.send({ key: `retro:action:${action.id}:due-dm`, to: { users: [action.ownerId] }, text: actionDueNotice(action.text, action.retro.title, action.retro.channelId, due) });
    return true;
  }

  /**
   * Refreshes every board that shows a reviewed action item: its own retro's (its list of
   * action items) and the channel's later retros still running (their "from earlier retros").
   * Ascending ids, so two reviews at once lock the boards in the same order.
   */
  private async publishBoardsShowing(tx: Prisma.TransactionClient, action: { retroId: number; retro: { teamId: string; channelId: string } }, reviewingId: number | undefined): Promise<void> {
    const later = await tx.retro.findMany({
      where: { teamId: action.retro.teamId, channelId: action.retro.channelId, id: { gt: action.retroId }, phase: { not: 'closed' } },
      select: { id: true },
    });
    const ids = new Set([action.retroId, ...later.map((r) => r.id), ...(reviewingId !== undefined ? [reviewingId] : [])]);
    for (const id of [...ids].sort((a, b) => a - b)) await this.deps.boards.publish(tx, id);
  }

  private async remindBeforeDue(tx: Prisma.TransactionClient, actionId: number, dueDate: string | undefined, timeZone: string): Promise<void> {
    if (!dueDate) return;
    const runAt = reminderTime(dueDate, timeZone, this.deps.now());
    await this.deps.jobs.enqueue([{ key: `retro:action:${actionId}:due`, kind: ACTION_REMINDER_JOB, payload: { actionId }, runAt }], tx);
  }
}
