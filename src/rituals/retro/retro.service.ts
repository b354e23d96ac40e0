import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../../db/client';
import { DateTime } from 'luxon';
import { GuildError } from '../../community/community.errors';
import type { JobStore } from '../../scheduler/job-store';
import { retroPseudonym } from './retro.anonymity';
import { retroFormat, type RetroFormat } from './retro.formats';
import { mayVote, validateVoteRules } from './retro.voting';

export const ITEM_TEXT_MAX = 3000;
export const ACTION_TEXT_MAX = 500;

export type RetroPhaseName = 'collect' | 'reveal' | 'vote' | 'discuss' | 'closed';
const NEXT_PHASE: Record<RetroPhaseName, RetroPhaseName | undefined> = {
  collect: 'reveal',
  reveal: 'vote',
  vote: 'discuss',
  discuss: 'closed',
  closed: undefined,
};

export class RetroError extends GuildError {}

export const ACTION_REMINDER_JOB = 'retro.action.reminder';

/**
 * When an owner hears about an action item due on `dueDate`: 09:00 the day before, in their own
 * time zone; straight away when that moment has already passed.
 */
export function reminderTime(dueDate: string, timeZone: string, now: Date): Date {
  const dayBefore = DateTime.fromISO(dueDate, { zone: timeZone }).minus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  const at = dayBefore.isValid ? dayBefore.toJSDate() : now;
  return at < now ? now : at;
}

export interface RetroBoard {
  id: number;
  title: string;
  phase: RetroPhaseName;
  facilitatorId: string;
  anonymous: boolean;
  voteBudget: number;
  columns: { key: string; title: string; emoji: string; count: number }[];
  /** Empty while collecting; in vote order afterwards. */
  items: { id: number; column: string; text: string; votes: number; authorId?: string }[];
  contributors: number;
  actions: { text: string; ownerId: string; dueDate?: string }[];
}

export interface NewRetro {
  teamId: string;
  channelId: string;
  title: string;
  formatId: string;
  customColumns?: string;
  anonymity: 'named' | 'anonymous_items' | 'anonymous_all';
  voteBudget?: number;
  perItemCap?: number;
  startedBy: string;
}

/**
 * The rules of a retrospective: phases, items, dot votes. Anonymous retros never store a user id
 * beside an item or a vote, only a per-retro pseudonym (see retro.anonymity.ts).
 */
export class RetroService {
  constructor(private readonly deps: { prisma: PrismaClient; logger: Logger; anonymitySecret: string; jobs?: JobStore; now?: () => Date }) {}

  async start(input: NewRetro): Promise<{ id: number; format: RetroFormat }> {
    if (input.channelId.startsWith('D')) throw new RetroError('Run `/retro` in the channel the retro is for, not in a direct message.');
    const title = input.title.trim();
    if (!title || title.length > 150) throw new RetroError('Give the retro a title of 1 to 150 characters.');
    const format = retroFormat(input.formatId, input.customColumns);
    if (!format.ok) throw new RetroError(format.problem);
    const rules = validateVoteRules(input.voteBudget ?? 3, input.perItemCap);
    if (!rules.ok) throw new RetroError(rules.problem);
    const retro = await this.deps.prisma.retro.create({
      data: {
        teamId: input.teamId,
        channelId: input.channelId,
        title,
        format: format.format as unknown as Prisma.InputJsonObject,
        anonymity: input.anonymity,
        voteBudget: rules.rules.budget,
        perItemCap: rules.rules.perItemCap,
        facilitatorId: input.startedBy,
        createdBy: input.startedBy,
      },
    });
    this.deps.logger.info({ retroId: retro.id, channelId: input.channelId, anonymity: input.anonymity }, 'retro started');
    return { id: retro.id, format: format.format };
  }

  /** Adds an item in the collect phase. Anonymous items keep only the author's pseudonym. */
  async addItem(retroId: number, userId: string, column: string, text: string): Promise<number> {
    const body = text.trim();
    if (!body) throw new RetroError('An item needs some text.');
    if (body.length > ITEM_TEXT_MAX) throw new RetroError(`Items can be at most ${ITEM_TEXT_MAX.toLocaleString('en')} characters; this one has ${body.length.toLocaleString('en')}.`);
    const retro = await this.requireRetro(retroId);
    if (retro.phase !== 'collect') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Items can only be added while the retro is collecting them.');
    const format = retro.format as unknown as RetroFormat;
    if (!format.columns.some((c) => c.key === column)) throw new RetroError('That column is not on this board.');
    const named = retro.anonymity === 'named';
    const item = await this.deps.prisma.retroItem.create({
      data: {
        retroId,
        column,
        text: body,
        authorId: named ? userId : null,
        authorKey: named ? null : retroPseudonym(this.deps.anonymitySecret, retroId, userId),
      },
    });
    return item.id;
  }

  /**
   * Adds one vote (or takes one back) in the vote phase. The voter's row is locked for the
   * duration, so concurrent clicks are counted one after another against the budget.
   */
  async vote(retroId: number, userId: string, itemId: number, direction: 'add' | 'remove'): Promise<{ votesLeft: number }> {
    const retro = await this.requireRetro(retroId);
    if (retro.phase !== 'vote') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Voting is not open in this retro.');
    const voterKey = retro.anonymity === 'anonymous_all' ? retroPseudonym(this.deps.anonymitySecret, retroId, userId) : userId;
    return this.deps.prisma.$transaction(async (tx) => {
      const item = await tx.retroItem.findFirst({ where: { id: itemId, retroId }, select: { id: true } });
      if (!item) throw new RetroError('That item is not in this retro.');
      await tx.retroParticipant.createMany({ data: [{ retroId, voterKey }], skipDuplicates: true });
      const [participant] = await tx.$queryRaw<{ votesCast: number }[]>`
        SELECT "votesCast" FROM "RetroParticipant" WHERE "retroId" = ${retroId} AND "voterKey" = ${voterKey} FOR UPDATE`;
      const cast = participant?.votesCast ?? 0;
      const existing = await tx.retroVote.findUnique({ where: { retroId_voterKey_itemId: { retroId, voterKey, itemId } } });
      const onItem = existing?.count ?? 0;
      if (direction === 'add') {
        const decision = mayVote({ budget: retro.voteBudget, perItemCap: retro.perItemCap }, cast, onItem);
        if (!decision.ok) throw new RetroError(decision.problem);
        await tx.retroVote.upsert({
          where: { retroId_voterKey_itemId: { retroId, voterKey, itemId } },
          create: { retroId, voterKey, itemId, count: 1 },
          update: { count: { increment: 1 } },
        });
      } else {
        if (onItem === 0) throw new RetroError('You have no vote on that item to take back.');
        if (onItem === 1) await tx.retroVote.delete({ where: { retroId_voterKey_itemId: { retroId, voterKey, itemId } } });
        else await tx.retroVote.update({ where: { retroId_voterKey_itemId: { retroId, voterKey, itemId } }, data: { count: { decrement: 1 } } });
      }
      const delta = direction === 'add' ? 1 : -1;
      await tx.retroParticipant.update({ where: { retroId_voterKey: { retroId, voterKey } }, data: { votesCast: { increment: delta } } });
      await tx.retroItem.update({ where: { id: itemId }, data: { votes: { increment: delta } } });
      return { votesLeft: retro.voteBudget - (cast + delta) };
    // A burst of clicks queues on the voter's row lock and the pool: wait for a turn rather than fail.
    }, { maxWait: 15_000, timeout: 15_000 });
  }

  /**
   * Moves the retro from `from` to the next phase. Only the facilitator (or an organiser, as the
   * caller decides) may; the update is conditional on the phase still being `from`, so two
   * facilitators pressing at once move it one step, and the second is told so.
   */
  async advance(retroId: number, userId: string, from: RetroPhaseName, isOrganiser = false): Promise<RetroPhaseName> {
    const retro = await this.requireRetro(retroId);
    if (retro.facilitatorId !== userId && !isOrganiser) throw new RetroError(`Only the facilitator, <@${retro.facilitatorId}>, or an organiser can move the retro on.`);
    const next = NEXT_PHASE[from];
    if (!next) throw new RetroError('This retro is closed.');
    const { count } = await this.deps.prisma.retro.updateMany({
      where: { id: retroId, phase: from },
      data: { phase: next, ...(next === 'closed' ? { closedAt: new Date() } : {}) },
    });
    if (count === 0) throw new RetroError(`The retro has already moved on from ${from}.`);
    this.deps.logger.info({ retroId, phase: next }, 'retro phase changed');
    return next;
  }

  /** Records an action item while the retro is discussing. */
  async addAction(retroId: number, userId: string, input: { text: string; ownerId: string; dueDate?: string; today: string }): Promise<number> {
    const retro = await this.requireRetro(retroId);
    if (retro.phase !== 'discuss') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Action items are added while discussing.');
    const text = input.text.trim();
    if (!text) throw new RetroError('Say what is to be done.');
    if (text.length > ACTION_TEXT_MAX) throw new RetroError(`Action items can be at most ${ACTION_TEXT_MAX} characters; this one has ${text.length}.`);
    if (!/^[UW][A-Z0-9]+$/.test(input.ownerId)) throw new RetroError('Choose who owns it.');
    if (input.dueDate !== undefined && input.dueDate < input.today) throw new RetroError('Pick a due date from today on.');
    return this.deps.prisma.$transaction(async (tx) => {
      const action = await tx.retroActionItem.create({
        data: { retroId, text, ownerId: input.ownerId, dueDate: input.dueDate ? new Date(`${input.dueDate}T00:00:00Z`) : null, createdBy: userId },
      });
      if (input.dueDate && this.deps.jobs) {
        const owner = await tx.person.findUnique({ where: { id: input.ownerId }, select: { timeZone: true, slackTimeZone: true } });
        const runAt = reminderTime(input.dueDate, owner?.timeZone ?? owner?.slackTimeZone ?? 'UTC', (this.deps.now ?? (() => new Date()))());
        await this.deps.jobs.enqueue([{ key: `retro:action:${action.id}:due`, kind: ACTION_REMINDER_JOB, payload: { actionId: action.id }, runAt }], tx);
      }
      return action.id;
    });
  }

  /** Open action items of the retros held in a channel, oldest first. */
  async openActions(teamId: string, channelId: string): Promise<{ id: number; text: string; ownerId: string; dueDate?: string; retroTitle: string }[]> {
    const rows = await this.deps.prisma.retroActionItem.findMany({
      where: { status: 'open', retro: { teamId, channelId } },
      include: { retro: { select: { title: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((a) => ({ id: a.id, text: a.text, ownerId: a.ownerId, retroTitle: a.retro.title, ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}) }));
  }

  /** What the board shows. Item texts stay hidden while items are being collected. */
  async board(retroId: number): Promise<RetroBoard> {
    const retro = await this.requireRetro(retroId);
    const format = retro.format as unknown as RetroFormat;
    const items = await this.deps.prisma.retroItem.findMany({ where: { retroId }, orderBy: [{ votes: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }] });
    const contributors = new Set(items.map((i) => i.authorId ?? i.authorKey)).size;
    const revealed = retro.phase !== 'collect';
    return {
      id: retro.id,
      title: retro.title,
      phase: retro.phase,
      facilitatorId: retro.facilitatorId,
      anonymous: retro.anonymity !== 'named',
      voteBudget: retro.voteBudget,
      columns: format.columns.map((c) => ({ ...c, count: items.filter((i) => i.column === c.key).length })),
      items: revealed
        ? items.map((i) => ({ id: i.id, column: i.column, text: i.text, votes: i.votes, ...(i.authorId ? { authorId: i.authorId } : {}) }))
        : [],
      contributors,
      actions: (await this.deps.prisma.retroActionItem.findMany({ where: { retroId }, orderBy: { id: 'asc' } })).map((a) => ({
        text: a.text,
        ownerId: a.ownerId,
        ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}),
      })),
    };
  }

  private async requireRetro(retroId: number) {
    const retro = await this.deps.prisma.retro.findUnique({ where: { id: retroId } });
    if (!retro) throw new RetroError('That retro does not exist any more.');
    return retro;
  }
}
