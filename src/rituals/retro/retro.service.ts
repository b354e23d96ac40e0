import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../../db/client';
import { DateTime } from 'luxon';
import { GuildError } from '../../community/community.errors';
import { sqlPool } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { JobStore } from '../../scheduler/job-store';
import type { Outbox } from '../../community/outbox';
import { retroPseudonym } from './retro.anonymity';
import { retroFormat, type RetroFormat } from './retro.formats';
import { nextRetroNotice, reviewNotice, summaryMessage, threadMessage } from './retro.messages';
import { summarise, type RetroRecord, type RetroSummary } from './retro.summary';
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
/** Payload { retroId, phase }: an async retro's phase deadline. */
export const PHASE_DEADLINE_JOB = 'retro.phase.deadline';

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
  teamId: string;
  channelId: string;
  title: string;
  phase: RetroPhaseName;
  facilitatorId: string;
  anonymous: boolean;
  voteBudget: number;
  perItemCap: number;
  revealThreshold?: number;
  collectUntil?: Date;
  voteUntil?: Date;
  columns: { key: string; title: string; emoji: string; count: number }[];
  /** Empty while collecting; afterwards the leading BOARD_ITEMS items, in vote order. */
  items: { id: number; column: string; text: string; votes: number; authorId?: string; notes: number }[];
  /** All items once revealed (the board says how many it leaves out). */
  itemCount: number;
  contributors: number;
  actions: BoardAction[];
  /** Action items of this channel's earlier retros: open ones, and those this retro has reviewed. */
  review: (BoardAction & { retroTitle: string })[];
}

export interface BoardAction {
  id: number;
  text: string;
  ownerId: string;
  dueDate?: string;
  status: 'open' | 'done' | 'dropped' | 'carried';
  carried?: boolean;
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
  /** Items stay hidden until this many people have added one. */
  revealThreshold?: number;
  /** Async retros: when collecting ends (voting opens) and when voting ends (discussion starts). */
  collectUntil?: Date;
  voteUntil?: Date;
  startedBy: string;
  /** A scheduled occurrence: starting it twice starts one retro. */
  occurrenceKey?: string;
}

export interface RetroServiceDeps {
  prisma: PrismaClient;
  logger: Logger;
  anonymitySecret: string;
  jobs: JobStore;
  outbox: Outbox;
  now?: () => Date;
}

/**
 * The rules of a retrospective: phases, items, dot votes, discussion notes, closing. Anonymous
 * retros never store a user id beside an item or a vote, only a per-retro pseudonym (see
 * retro.anonymity.ts).
 */
export class RetroService {
  constructor(private readonly deps: RetroServiceDeps) {}

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /**
   * Starts a retro. Deadlines become scheduler jobs, and the owners of the channel's open action
   * items hear that this retro will review them.
   */
  async start(input: NewRetro): Promise<{ id: number; format: RetroFormat; created: boolean }> {
    if (input.channelId.startsWith('D')) throw new RetroError('Run `/retro` in the channel the retro is for, not in a direct message.');
    const title = input.title.trim();
    if (!title || title.length > 150) throw new RetroError('Give the retro a title of 1 to 150 characters.');
    const format = retroFormat(input.formatId, input.customColumns);
    if (!format.ok) throw new RetroError(format.problem);
    const rules = validateVoteRules(input.voteBudget ?? 3, input.perItemCap);
    if (!rules.ok) throw new RetroError(rules.problem);
    const schedule = validateRetroSchedule(input, this.now());
    if (!schedule.ok) throw new RetroError(schedule.problem);
    if (input.occurrenceKey) {
      const existing = await this.deps.prisma.retro.findUnique({ where: { occurrenceKey: input.occurrenceKey } });
      if (existing) return { id: existing.id, format: existing.format as unknown as RetroFormat, created: false };
    }
    const retro = await this.deps.prisma.$transaction(async (tx) => {
      const created = await tx.retro.create({
        data: {
          teamId: input.teamId,
          channelId: input.channelId,
          title,
          format: format.format as unknown as Prisma.InputJsonObject,
          anonymity: input.anonymity,
          voteBudget: rules.rules.budget,
          perItemCap: rules.rules.perItemCap,
          revealThreshold: input.revealThreshold ?? null,
          collectUntil: input.collectUntil ?? null,
          voteUntil: input.voteUntil ?? null,
          facilitatorId: input.startedBy,
          createdBy: input.startedBy,
          occurrenceKey: input.occurrenceKey ?? null,
        },
      });
      const deadlines = [
        ...(input.collectUntil ? [{ phase: 'collect', at: input.collectUntil }] : []),
        ...(input.voteUntil ? [{ phase: 'vote', at: input.voteUntil }] : []),
      ];
      await this.deps.jobs.enqueue(
        deadlines.map((d) => ({ key: `retro:${created.id}:deadline:${d.phase}`, kind: PHASE_DEADLINE_JOB, payload: { retroId: created.id, phase: d.phase }, runAt: d.at })),
        tx,
      );
      const open = await openActionsBefore(tx, input.teamId, input.channelId, created.id);
      for (const [ownerId, actions] of groupBy(open, (a) => a.ownerId)) {
        await this.deps.outbox.send({ key: `retro:${created.id}:review:${ownerId}`, to: { users: [ownerId] }, text: reviewNotice(title, input.channelId, actions) }, tx);
      }
      return created;
    }).catch(async (err: unknown) => {
      // The same occurrence started at the same moment elsewhere (a retried job): that one stands.
      const existing = input.occurrenceKey && isUniqueViolation(err) ? await this.deps.prisma.retro.findUnique({ where: { occurrenceKey: input.occurrenceKey } }) : null;
      if (!existing) throw err;
      return { ...existing, duplicate: true as const };
    });
    if ('duplicate' in retro) return { id: retro.id, format: retro.format as unknown as RetroFormat, created: false };
    this.deps.logger.info({ retroId: retro.id, channelId: input.channelId, anonymity: input.anonymity }, 'retro started');
    return { id: retro.id, format: format.format, created: true };
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
   *
   * The hottest path of a retro (a room of people clicking at once), so it runs on the pg pool
   * in four short statements rather than Prisma's interactive transaction (~10 queries, each
   * costing far more CPU): lock the voter's row, read what the rules need, write, commit.
   */
  async vote(retroId: number, userId: string, itemId: number, direction: 'add' | 'remove'): Promise<{ votesLeft: number }> {
    const pseudonym = retroPseudonym(this.deps.anonymitySecret, retroId, userId);
    const client = await sqlPool(this.deps.prisma).connect();
    let committed = false;
    try {
      await client.query('BEGIN');
      // Creates or locks the voter's row, as long as the retro is voting; the key is the
      // pseudonym when votes are anonymous. A burst of clicks by one person queues here.
      const locked = await client.query<{ voterKey: string; votesCast: number; voteBudget: number; perItemCap: number }>({
        name: 'retro-vote-lock',
        text: `INSERT INTO "RetroParticipant" ("retroId", "voterKey")
                 SELECT r.id, CASE WHEN r.anonymity = 'anonymous_all' THEN $3 ELSE $2 END FROM "Retro" r WHERE r.id = $1 AND r.phase = 'vote'
               ON CONFLICT ("retroId", "voterKey") DO UPDATE SET "votesCast" = "RetroParticipant"."votesCast"
               RETURNING "voterKey", "votesCast",
                 (SELECT "voteBudget" FROM "Retro" WHERE id = $1) AS "voteBudget", (SELECT "perItemCap" FROM "Retro" WHERE id = $1) AS "perItemCap"`,
        values: [retroId, userId, pseudonym],
      });
      const voter = locked.rows[0];
      if (!voter) {
        const retro = await this.requireRetro(retroId);
        throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Voting is not open in this retro.');
      }
      // A new statement after the lock: it sees every vote this person's earlier clicks committed.
      const seen = await client.query<{ item: boolean; onItem: number | null }>({
        name: 'retro-vote-read',
        text: `SELECT EXISTS (SELECT 1 FROM "RetroItem" WHERE id = $3 AND "retroId" = $1) AS item,
                      (SELECT count FROM "RetroVote" WHERE "retroId" = $1 AND "voterKey" = $2 AND "itemId" = $3) AS "onItem"`,
        values: [retroId, voter.voterKey, itemId],
      });
      if (!seen.rows[0]?.item) throw new RetroError('That item is not in this retro.');
      const onItem = seen.rows[0].onItem ?? 0;
      if (direction === 'add') {
        const decision = mayVote({ budget: voter.voteBudget, perItemCap: voter.perItemCap }, voter.votesCast, onItem);
        if (!decision.ok) throw new RetroError(decision.problem);
      } else if (onItem === 0) {
        throw new RetroError('You have no vote on that item to take back.');
      }
      const delta = direction === 'add' ? 1 : -1;
      // The voter's row on the item: added to, taken from, or gone with its last vote.
      const [name, change] =
        direction === 'add'
          ? ['retro-vote-add', `INSERT INTO "RetroVote" ("retroId", "voterKey", "itemId", count) VALUES ($1, $2, $3, 1)
                                 ON CONFLICT ("retroId", "voterKey", "itemId") DO UPDATE SET count = "RetroVote".count + 1`]
          : onItem > 1
            ? ['retro-vote-less', `UPDATE "RetroVote" SET count = count - 1 WHERE "retroId" = $1 AND "voterKey" = $2 AND "itemId" = $3`]
            : ['retro-vote-drop', `DELETE FROM "RetroVote" WHERE "retroId" = $1 AND "voterKey" = $2 AND "itemId" = $3`];
      await client.query({
        name,
        text: `WITH vote AS (${change}),
                    voter AS (UPDATE "RetroParticipant" SET "votesCast" = "votesCast" + $4 WHERE "retroId" = $1 AND "voterKey" = $2)
               UPDATE "RetroItem" SET votes = votes + $4 WHERE id = $3`,
        values: [retroId, voter.voterKey, itemId, delta],
      });
      await client.query('COMMIT');
      committed = true;
      return { votesLeft: voter.voteBudget - (voter.votesCast + delta) };
    } finally {
      if (!committed) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
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
    return this.moveTo(retro, from, next);
  }

  /** Ends the retro from whatever phase it is in (the facilitator's "Close" button). */
  async close(retroId: number, userId: string, from: RetroPhaseName, isOrganiser = false): Promise<void> {
    const retro = await this.requireRetro(retroId);
    if (retro.facilitatorId !== userId && !isOrganiser) throw new RetroError(`Only the facilitator, <@${retro.facilitatorId}>, or an organiser can close the retro.`);
    if (from === 'closed') throw new RetroError('This retro is closed.');
    await this.moveTo(retro, from, 'closed');
  }

  /**
   * A phase's deadline has passed (async retros): collecting ends by opening the vote, voting
   * ends by starting the discussion. Nothing happens if the facilitator moved on already; a
   * reveal threshold not yet met keeps the items hidden and says so in the channel.
   */
  async deadlinePassed(retroId: number, phase: 'collect' | 'vote'): Promise<RetroPhaseName | undefined> {
    const retro = await this.deps.prisma.retro.findUnique({ where: { id: retroId } });
    if (!retro || retro.phase !== phase) return undefined;
    try {
      return await this.moveTo(retro, phase, phase === 'collect' ? 'vote' : 'discuss');
    } catch (err) {
      if (!(err instanceof RetroError)) throw err;
      await this.deps.outbox.send({ key: `retro:${retroId}:deadline:${phase}:held`, to: { channel: retro.channelId }, text: `The retro *${retro.title}* reached its deadline for collecting, but: ${err.message} <@${retro.facilitatorId}> can reveal the items once enough people have added one.` });
      return undefined;
    }
  }

  /** Hands the facilitation to someone else. */
  async handOver(retroId: number, userId: string, toUserId: string, isOrganiser = false): Promise<void> {
    const retro = await this.requireRetro(retroId);
    if (retro.phase === 'closed') throw new RetroError('This retro is closed.');
    if (retro.facilitatorId !== userId && !isOrganiser) throw new RetroError(`Only the facilitator, <@${retro.facilitatorId}>, or an organiser can hand the retro over.`);
    if (!/^[UW][A-Z0-9]+$/.test(toUserId)) throw new RetroError('Choose who takes over.');
    if (toUserId === retro.facilitatorId) throw new RetroError(`<@${toUserId}> is facilitating already.`);
    const { count } = await this.deps.prisma.retro.updateMany({ where: { id: retroId, facilitatorId: retro.facilitatorId, phase: { not: 'closed' } }, data: { facilitatorId: toUserId } });
    if (count === 0) throw new RetroError('The retro changed hands or closed meanwhile; look at the board again.');
    this.deps.logger.info({ retroId, from: retro.facilitatorId, to: toUserId }, 'retro handed over');
  }

  /**
   * Opens a discussion thread for an item: a channel message whose replies become the item's
   * notes. Once per item, however often it is asked for.
   */
  async openThread(retroId: number, itemId: number): Promise<void> {
    const retro = await this.requireRetro(retroId);
    if (retro.phase !== 'discuss') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Threads open when the discussion starts.');
    const item = await this.deps.prisma.retroItem.findFirst({ where: { id: itemId, retroId } });
    if (!item) throw new RetroError('That item is not in this retro.');
    await this.deps.outbox.send(threadMessage(retro, item));
  }

  /**
   * A reply in a channel thread: kept as a note when the thread is a retro item's discussion
   * thread and the retro is discussing. Returns the retro it belongs to, or undefined when the
   * thread is not one of ours. Replayed events store the note once; anonymous retros store no
   * author.
   */
  async addNote(input: { channelId: string; threadTs: string; messageTs: string; userId: string; text: string }): Promise<number | undefined> {
    const root = await this.deps.prisma.outboundMessage.findFirst({ where: { channelId: input.channelId, ts: input.threadTs, key: { startsWith: 'retro:' } }, select: { key: true } });
    const match = root && /^retro:(\d+):item:(\d+):thread$/.exec(root.key);
    if (!match) return undefined;
    const [retroId, itemId] = [Number(match[1]), Number(match[2])];
    const retro = await this.deps.prisma.retro.findUnique({ where: { id: retroId }, select: { phase: true, anonymity: true } });
    const text = input.text.trim();
    if (!retro || retro.phase !== 'discuss' || !text) return undefined;
    await this.deps.prisma.retroNote.createMany({
      data: [{ retroId, itemId, text: text.length > NOTE_TEXT_MAX ? `${text.slice(0, NOTE_TEXT_MAX - 1)}…` : text, authorId: retro.anonymity === 'named' ? input.userId : null, messageTs: input.messageTs }],
      skipDuplicates: true,
    });
    return retroId;
  }

  /** Everything a closed (or running) retro holds, with authors only where the retro is named. */
  async record(retroId: number): Promise<RetroRecord> {
    return buildRecord(this.deps.prisma, this.deps.anonymitySecret, await this.requireRetro(retroId));
  }

  /** The closed retros of a channel, newest first, a page at a time. */
  async history(teamId: string, channelId: string, page: number): Promise<{ retros: HistoryEntry[]; page: number; pages: number }> {
    const where = { teamId, channelId, phase: 'closed' as const };
    const total = await this.deps.prisma.retro.count({ where });
    const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE));
    const current = Math.min(Math.max(1, page), pages);
    const rows = await this.deps.prisma.retro.findMany({ where, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], skip: (current - 1) * HISTORY_PAGE, take: HISTORY_PAGE });
    const done = await this.deps.prisma.retroActionItem.groupBy({ by: ['retroId', 'status'], where: { retroId: { in: rows.map((r) => r.id) } }, _count: true });
    return {
      page: current,
      pages,
      retros: rows.map((r) => {
        const summary = r.summary as unknown as RetroSummary | null;
        const counts = done.filter((d) => d.retroId === r.id);
        return {
          id: r.id,
          title: r.title,
          closedAt: r.closedAt ?? r.createdAt,
          participants: summary?.participants ?? 0,
          items: summary?.items ?? 0,
          actions: counts.reduce((sum, c) => sum + c._count, 0),
          actionsDone: counts.find((c) => c.status === 'done')?._count ?? 0,
        };
      }),
    };
  }

  /** The retro an export or history command means: the given id in this channel, or its latest closed one. */
  async closedRetroIn(teamId: string, channelId: string, retroId?: number): Promise<number> {
    const retro = retroId
      ? await this.deps.prisma.retro.findFirst({ where: { id: retroId, teamId, channelId } })
      : await this.deps.prisma.retro.findFirst({ where: { teamId, channelId, phase: 'closed' }, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }] });
    if (!retro) throw new RetroError(retroId ? `There is no retro #${retroId} in this channel. \`/retro history\` lists them.` : 'No retro has closed in this channel yet.');
    if (retro.phase !== 'closed') throw new RetroError(`Retro #${retro.id} is still running; it can be exported once it closes.`);
    return retro.id;
  }

  private async moveTo(retro: RetroRow, from: RetroPhaseName, next: RetroPhaseName): Promise<RetroPhaseName> {
    if (from === 'collect' && retro.revealThreshold) {
      const contributors = await countContributors(this.deps.prisma, retro.id);
      if (contributors < retro.revealThreshold) {
        throw new RetroError(`Items stay hidden until ${retro.revealThreshold} people have added one; so far ${contributors} ${contributors === 1 ? 'has' : 'have'}.`);
      }
    }
    await this.deps.prisma.$transaction(async (tx) => {
      const closedAt = this.now();
      const { count } = await tx.retro.updateMany({ where: { id: retro.id, phase: from }, data: { phase: next, ...(next === 'closed' ? { closedAt } : {}) } });
      if (count === 0) throw new RetroError(`The retro has already moved on from ${from}.`);
      if (next === 'discuss') {
        const top = await tx.retroItem.findMany({ where: { retroId: retro.id, votes: { gt: 0 } }, orderBy: [{ votes: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }], take: DISCUSSION_THREADS });
        for (const item of top) await this.deps.outbox.send(threadMessage(retro, item), tx);
      }
      if (next === 'closed') {
        const record = await buildRecord(tx, this.deps.anonymitySecret, { ...retro, phase: 'closed', closedAt });
        const summary = summarise(record);
        await tx.retro.update({ where: { id: retro.id }, data: { summary: summary as unknown as Prisma.InputJsonObject } });
        await this.deps.outbox.send({ key: `retro:${retro.id}:summary`, to: { channel: retro.channelId }, ...summaryMessage(record, summary) }, tx);
      }
    });
    this.deps.logger.info({ retroId: retro.id, phase: next }, 'retro phase changed');
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
      await this.remindBeforeDue(tx, action.id, input.ownerId, input.dueDate);
      return action.id;
    });
  }

  /**
   * Reviews an action item: done, dropped, or carried over into the running retro `inRetroId`
   * (a new action item there, same owner; the old one is marked carried). Its owner, the
   * facilitator of the retro reviewing it, or an organiser may; a second review is refused.
   */
  async reviewAction(actionId: number, userId: string, decision: 'done' | 'drop' | 'carry', options: { inRetroId?: number; isOrganiser?: boolean; today: string }): Promise<BoardAction> {
    const action = await this.deps.prisma.retroActionItem.findUnique({ where: { id: actionId }, include: { retro: { select: { teamId: true, channelId: true } } } });
    if (!action) throw new RetroError('That action item does not exist any more.');
    const reviewing = options.inRetroId !== undefined ? await this.requireRetro(options.inRetroId) : undefined;
    if (reviewing && (reviewing.channelId !== action.retro.channelId || reviewing.teamId !== action.retro.teamId)) throw new RetroError('That action item belongs to another channel\'s retros.');
    if (action.ownerId !== userId && reviewing?.facilitatorId !== userId && !options.isOrganiser) {
      throw new RetroError(`Only its owner, <@${action.ownerId}>, the facilitator or an organiser can mark this action item.`);
    }
    if (decision === 'carry') {
      if (!reviewing || reviewing.id === action.retroId) throw new RetroError('Action items are carried over from the board of the next retro.');
      if (reviewing.phase === 'closed') throw new RetroError('This retro is closed.');
    }
    const status = decision === 'done' ? 'done' : decision === 'drop' ? 'dropped' : 'carried';
    return this.deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.retroActionItem.updateMany({
        where: { id: actionId, status: 'open' },
        data: { status, reviewedBy: userId, reviewedAt: this.now(), reviewedInRetroId: reviewing?.id ?? null },
      });
      if (count === 0) throw new RetroError(`That action item was already marked ${action.status === 'dropped' ? 'dropped' : action.status === 'carried' ? 'carried over' : action.status}.`);
      if (decision === 'carry' && reviewing) {
        const due = action.dueDate && action.dueDate.toISOString().slice(0, 10) >= options.today ? action.dueDate : null;
        const carried = await tx.retroActionItem.create({ data: { retroId: reviewing.id, text: action.text, ownerId: action.ownerId, dueDate: due, createdBy: userId, carriedFromId: action.id } });
        await this.remindBeforeDue(tx, carried.id, carried.ownerId, due?.toISOString().slice(0, 10));
      }
      this.deps.logger.info({ actionId, status }, 'action item reviewed');
      return { id: action.id, text: action.text, ownerId: action.ownerId, status, ...(action.dueDate ? { dueDate: action.dueDate.toISOString().slice(0, 10) } : {}) };
    });
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
      await this.deps.outbox.send({ key: `retro:next:${occurrence}:${ownerId}`, to: { users: [ownerId] }, text: nextRetroNotice(title, channelId, at, actions) });
    }
    return owners.size;
  }

  /**
   * What the board shows: counts of everything, and the leading items (in vote order) that fit
   * in a Slack message. Item texts stay hidden while items are being collected.
   */
  async board(retroId: number): Promise<RetroBoard> {
    // Refreshed after every item added, so one statement on the pg pool rather than six Prisma
    // queries (each ~3 ms of CPU here; see `npm run bench -- retro`).
    const { rows } = await sqlPool(this.deps.prisma).query<BoardRow>({ name: 'retro-board', text: BOARD_SQL, values: [retroId, BOARD_ITEMS, REVIEW_LIMIT] });
    const retro = rows[0];
    if (!retro) throw new RetroError('That retro does not exist any more.');
    const format = retro.format as RetroFormat;
    const countOf = new Map((retro.perColumn ?? []).map((c) => [c.column, c.count]));
    const toAction = (a: BoardRowAction): BoardAction => ({
      id: a.id,
      text: a.text,
      ownerId: a.ownerId,
      status: a.status,
      ...(a.dueDate ? { dueDate: a.dueDate.slice(0, 10) } : {}),
      ...(a.carriedFromId ? { carried: true } : {}),
    });
    return {
      id: retro.id,
      teamId: retro.teamId,
      channelId: retro.channelId,
      title: retro.title,
      phase: retro.phase,
      facilitatorId: retro.facilitatorId,
      anonymous: retro.anonymity !== 'named',
      voteBudget: retro.voteBudget,
      perItemCap: retro.perItemCap,
      ...(retro.revealThreshold ? { revealThreshold: retro.revealThreshold } : {}),
      ...(retro.collectUntil ? { collectUntil: retro.collectUntil } : {}),
      ...(retro.voteUntil ? { voteUntil: retro.voteUntil } : {}),
      columns: format.columns.map((c) => ({ ...c, count: countOf.get(c.key) ?? 0 })),
      items: (retro.items ?? []).map((i) => ({ id: i.id, column: i.column, text: i.text, votes: i.votes, notes: i.notes, ...(i.authorId ? { authorId: i.authorId } : {}) })),
      itemCount: retro.phase === 'collect' ? 0 : (retro.perColumn ?? []).reduce((sum, c) => sum + c.count, 0),
      contributors: retro.contributors,
      actions: (retro.actions ?? []).map(toAction),
      review: (retro.review ?? []).map((a) => ({ ...toAction(a), retroTitle: a.retroTitle })),
    };
  }

  private async remindBeforeDue(tx: Prisma.TransactionClient, actionId: number, ownerId: string, dueDate: string | undefined): Promise<void> {
    if (!dueDate) return;
    const owner = await tx.person.findUnique({ where: { id: ownerId }, select: { timeZone: true, slackTimeZone: true } });
    const runAt = reminderTime(dueDate, owner?.timeZone ?? owner?.slackTimeZone ?? 'UTC', this.now());
    await this.deps.jobs.enqueue([{ key: `retro:action:${actionId}:due`, kind: ACTION_REMINDER_JOB, payload: { actionId }, runAt }], tx);
  }

  private async requireRetro(retroId: number): Promise<RetroRow> {
    const retro = await this.deps.prisma.retro.findUnique({ where: { id: retroId } });
    if (!retro) throw new RetroError('That retro does not exist any more.');
    return retro;
  }
}

type RetroRow = NonNullable<Awaited<ReturnType<PrismaClient['retro']['findUnique']>>>;
type Db = PrismaClient | Prisma.TransactionClient;

export interface OpenAction {
  id: number;
  text: string;
  ownerId: string;
  dueDate?: string;
  retroTitle: string;
}

export interface HistoryEntry {
  id: number;
  title: string;
  closedAt: Date;
  participants: number;
  items: number;
  actions: number;
  actionsDone: number;
}

/** How many discussion threads open by themselves when the discussion starts: the most-voted items. */
export const DISCUSSION_THREADS = 10;
export const NOTE_TEXT_MAX = 3000;
export const HISTORY_PAGE = 10;
export const REVIEW_LIMIT = 50;
/** More than a board message can show (50 blocks in all): the view takes what fits. */
export const BOARD_ITEMS = 50;

interface BoardRowAction {
  id: number;
  text: string;
  ownerId: string;
  dueDate: string | null;
  status: BoardAction['status'];
  carriedFromId: number | null;
}

interface BoardRow {
  id: number;
  teamId: string;
  channelId: string;
  title: string;
  format: unknown;
  anonymity: 'named' | 'anonymous_items' | 'anonymous_all';
  phase: RetroPhaseName;
  facilitatorId: string;
  voteBudget: number;
  perItemCap: number;
  revealThreshold: number | null;
  collectUntil: Date | null;
  voteUntil: Date | null;
  contributors: number;
  perColumn: { column: string; count: number }[] | null;
  items: { id: number; column: string; text: string; votes: number; authorId: string | null; notes: number }[] | null;
  actions: BoardRowAction[] | null;
  review: (BoardRowAction & { retroTitle: string })[] | null;
}

/**
 * Everything the board shows, in one statement: the retro, item counts per column, the number
 * of contributors, the leading items in vote order (none while collecting) with their note
 * counts, its action items, and the earlier retros' action items it reviews.
 */
const BOARD_SQL = `
  SELECT r.id, r."teamId", r."channelId", r.title, r.format, r.anonymity, r.phase, r."facilitatorId", r."voteBudget", r."perItemCap",
         r."revealThreshold", r."collectUntil" AT TIME ZONE 'UTC' AS "collectUntil", r."voteUntil" AT TIME ZONE 'UTC' AS "voteUntil",
         (SELECT COUNT(DISTINCT COALESCE(i."authorId", i."authorKey"))::int FROM "RetroItem" i WHERE i."retroId" = r.id) AS contributors,
         (SELECT json_agg(c) FROM (SELECT i."column", COUNT(*)::int AS count FROM "RetroItem" i WHERE i."retroId" = r.id GROUP BY i."column") c) AS "perColumn",
         (SELECT json_agg(x ORDER BY x.votes DESC, x."createdAt", x.id) FROM (
            SELECT i.id, i."column", i.text, i.votes, i."authorId", i."createdAt",
                   (SELECT COUNT(*)::int FROM "RetroNote" n WHERE n."itemId" = i.id) AS notes
              FROM "RetroItem" i WHERE i."retroId" = r.id AND r.phase <> 'collect'
             ORDER BY i.votes DESC, i."createdAt", i.id LIMIT $2) x) AS items,
         (SELECT json_agg(a ORDER BY a.id) FROM (SELECT id, text, "ownerId", "dueDate", status, "carriedFromId" FROM "RetroActionItem" WHERE "retroId" = r.id) a) AS actions,
         (SELECT json_agg(x ORDER BY x."createdAt", x.id) FROM (
            SELECT a.id, a.text, a."ownerId", a."dueDate", a.status, a."carriedFromId", a."createdAt", p.title AS "retroTitle"
              FROM "RetroActionItem" a JOIN "Retro" p ON p.id = a."retroId"
             WHERE p."teamId" = r."teamId" AND p."channelId" = r."channelId" AND a."retroId" < r.id AND (a.status = 'open' OR a."reviewedInRetroId" = r.id)
             ORDER BY a."createdAt", a.id LIMIT $3) x) AS review
    FROM "Retro" r WHERE r.id = $1`;

async function openActionsBefore(db: Db, teamId: string, channelId: string, beforeRetroId?: number): Promise<OpenAction[]> {
  const rows = await db.retroActionItem.findMany({
    where: { status: 'open', retro: { teamId, channelId }, ...(beforeRetroId ? { retroId: { lt: beforeRetroId } } : {}) },
    include: { retro: { select: { title: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((a) => ({ id: a.id, text: a.text, ownerId: a.ownerId, retroTitle: a.retro.title, ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}) }));
}

async function countContributors(db: Db, retroId: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT COUNT(DISTINCT COALESCE("authorId", "authorKey"))::int AS n FROM "RetroItem" WHERE "retroId" = ${retroId}`;
  return row?.n ?? 0;
}

/**
 * Everyone who took part: item authors and voters. In retros with anonymous items the authors
 * are pseudonyms, so named voters are counted by their pseudonym too (computed, never stored).
 */
async function buildRecord(db: Db, secret: string, retro: RetroRow): Promise<RetroRecord> {
  const [items, notes, actions, voters] = await Promise.all([
    db.retroItem.findMany({ where: { retroId: retro.id }, orderBy: [{ votes: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
    db.retroNote.findMany({ where: { retroId: retro.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.retroActionItem.findMany({ where: { retroId: retro.id }, orderBy: { id: 'asc' } }),
    db.retroParticipant.findMany({ where: { retroId: retro.id, votesCast: { gt: 0 } }, select: { voterKey: true } }),
  ]);
  const named = retro.anonymity === 'named';
  const people = new Set(items.map((i) => (named ? i.authorId : i.authorKey)));
  for (const v of voters) people.add(retro.anonymity === 'anonymous_items' ? retroPseudonym(secret, retro.id, v.voterKey) : v.voterKey);
  people.delete(null);
  const format = retro.format as unknown as RetroFormat;
  return {
    id: retro.id,
    title: retro.title,
    channelId: retro.channelId,
    formatName: format.name,
    anonymity: retro.anonymity,
    facilitatorId: retro.facilitatorId,
    createdAt: retro.createdAt,
    ...(retro.closedAt ? { closedAt: retro.closedAt } : {}),
    participants: people.size,
    columns: format.columns.map((c) => ({ key: c.key, title: c.title })),
    items: items.map((i) => ({
      column: i.column,
      text: i.text,
      votes: i.votes,
      ...(named && i.authorId ? { authorId: i.authorId } : {}),
      notes: notes.filter((n) => n.itemId === i.id).map((n) => ({ text: n.text, ...(named && n.authorId ? { authorId: n.authorId } : {}) })),
    })),
    actions: actions.map((a) => ({ text: a.text, ownerId: a.ownerId, status: a.status, ...(a.dueDate ? { dueDate: a.dueDate.toISOString().slice(0, 10) } : {}) })),
  };
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** The longest an async retro may run; deadlines further out are surely typos. */
const MAX_RETRO_DAYS = 60;

/** Checks an async retro's deadlines and its reveal threshold. */
export function validateRetroSchedule(input: { revealThreshold?: number; collectUntil?: Date; voteUntil?: Date }, now: Date): { ok: true } | { ok: false; problem: string; field?: 'threshold' | 'collect' | 'vote' } {
  const { revealThreshold: n, collectUntil, voteUntil } = input;
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 100)) return { ok: false, problem: 'The reveal threshold is a whole number of people from 1 to 100.', field: 'threshold' };
  const latest = now.getTime() + MAX_RETRO_DAYS * 86_400_000;
  if (collectUntil && collectUntil <= now) return { ok: false, problem: 'Collecting has to end in the future.', field: 'collect' };
  if (collectUntil && collectUntil.getTime() > latest) return { ok: false, problem: `Deadlines can be at most ${MAX_RETRO_DAYS} days away.`, field: 'collect' };
  if (voteUntil && voteUntil <= now) return { ok: false, problem: 'Voting has to end in the future.', field: 'vote' };
  if (voteUntil && voteUntil.getTime() > latest) return { ok: false, problem: `Deadlines can be at most ${MAX_RETRO_DAYS} days away.`, field: 'vote' };
  if (collectUntil && voteUntil && voteUntil <= collectUntil) return { ok: false, problem: 'Voting has to end after collecting does.', field: 'vote' };
  return { ok: true };
}
