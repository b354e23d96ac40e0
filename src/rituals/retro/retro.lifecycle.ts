import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { Roles } from '../../community/roles';
import type { JobStore } from '../../scheduler/job-store';
import { retroPseudonym } from './retro.anonymity';
import type { RetroBoards } from './retro.board';
import { RetroError } from './retro.errors';
import { retroFormat } from './retro.formats';
import type { RetroPhaseName } from './retro.ids';
import { reviewNotice, summaryMessage, threadMessage, threadKey } from './retro.messages';
import { buildRecord, countContributors, DISCUSSION_THREADS, openActionsBefore, type RetroQueries, type RetroRow } from './retro.queries';
import { checkHandOver, checkItemText, checkRetroSetup, NOTE_TEXT_MAX, type Anonymity, type RetroSetup } from './retro.rules';
import { summarise } from './retro.summary';
import { validateVoteRules } from './retro.voting';
import type { Publisher } from '../../delivery/outbox';
import { clip, mrkdwnText } from '../../slack/kit/text';

/** Payload { retroId, phase }: an async retro's phase deadline. */
export const PHASE_DEADLINE_JOB = 'retro.phase.deadline';

const NEXT_PHASE: Record<RetroPhaseName, RetroPhaseName | undefined> = { collect: 'reveal', reveal: 'vote', vote: 'discuss', discuss: 'closed', closed: undefined };

export interface NewRetro extends RetroSetup {
  teamId: string;
  channelId: string;
  anonymity: Anonymity;
  startedBy: string;
  /** A scheduled occurrence: starting it twice starts one retro. */
  occurrenceKey?: string;
}

/** What every part of the retro service is built from (see retro.service.ts). */
export interface RetroBaseDeps {
  prisma: PrismaClient;
  logger: Logger;
  anonymitySecret: string;
  jobs: JobStore;
  messages: Publisher;
  roles: Roles;
}

export interface RetroLifecycleDeps extends RetroBaseDeps {
  queries: RetroQueries;
  boards: RetroBoards;
  now: () => Date;
}

/**
 * A retro from start to close: items, phases, facilitation, discussion threads and their notes.
 * Every change commits together with the messages it queues, the board's refresh included.
 * Anonymous retros never store a user id beside an item or a note, only a per-retro pseudonym.
 */
export class RetroLifecycle {
  constructor(private readonly deps: RetroLifecycleDeps) {}

  /**
   * Starts a retro and posts its board. Deadlines become scheduler jobs, and the owners of the
   * channel's open action items hear that this retro will review them.
   */
  async start(input: NewRetro): Promise<{ id: number; created: boolean }> {
    if (input.channelId.startsWith('D')) throw new RetroError('Run `/retro` in the channel the retro is for, not in a direct message.');
    RetroError.check(checkRetroSetup(input, this.deps.now()));
    if (input.occurrenceKey) {
      const existing = await this.deps.prisma.retro.findUnique({ where: { occurrenceKey: input.occurrenceKey }, select: { id: true } });
      if (existing) return { id: existing.id, created: false };
    }
    try {
      const id = await this.deps.prisma.$transaction(async (tx) => {
        const created = await this.create(tx, input);
        await this.deps.boards.publish(tx, created.id);
        return created.id;
      });
      this.deps.logger.info({ retroId: id, channelId: input.channelId, anonymity: input.anonymity }, 'retro started');
      return { id, created: true };
    } catch (err) {
      // The same occurrence started at the same moment elsewhere (a retried job): that one stands.
      const existing = input.occurrenceKey && isUniqueViolation(err) ? await this.deps.prisma.retro.findUnique({ where: { occurrenceKey: input.occurrenceKey }, select: { id: true } }) : null;
      if (!existing) throw err;
      return { id: existing.id, created: false };
    }
  }

  private async create(tx: Prisma.TransactionClient, input: NewRetro): Promise<{ id: number }> {
    const format = retroFormat(input.formatId, input.customColumns);
    const rules = validateVoteRules(input.voteBudget ?? 3, input.perItemCap);
    // checkRetroSetup passed moments ago: these only hand over the values it checked.
    if (!format.ok || !rules.ok) throw new Error('a retro set-up that passed its checks failed them again');
    const title = input.title.trim();
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
    const deadlines = [...(input.collectUntil ? [{ phase: 'collect', at: input.collectUntil }] : []), ...(input.voteUntil ? [{ phase: 'vote', at: input.voteUntil }] : [])];
    await this.deps.jobs.enqueue(
      deadlines.map((d) => ({ key: `retro:${created.id}:deadline:${d.phase}`, kind: PHASE_DEADLINE_JOB, payload: { retroId: created.id, phase: d.phase }, runAt: d.at })),
      tx,
    );
    const open = await openActionsBefore(tx, input.teamId, input.channelId, created.id);
    for (const [ownerId, actions] of groupBy(open, (a) => a.ownerId)) {
      await this.deps.messages.send({ key: `retro:${created.id}:review:${ownerId}`, to: { users: [ownerId] }, text: reviewNotice(title, input.channelId, actions) }, tx);
    }
    return created;
  }

  /** Adds an item in the collect phase. Anonymous items keep only the author's pseudonym. */
  async addItem(retroId: number, userId: string, column: string, text: string): Promise<number> {
    RetroError.check(checkItemText(text));
    const retro = await this.deps.queries.require(retroId);
    if (retro.phase !== 'collect') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Items can only be added while the retro is collecting them.');
    const format = this.deps.queries.format(retro);
    if (!format.columns.some((c) => c.key === column)) throw new RetroError('That column is not on this board.', { field: 'column' });
    const named = retro.anonymity === 'named';
    return this.deps.prisma.$transaction(async (tx) => {
      const item = await tx.retroItem.create({
        data: { retroId, column, text: text.trim(), authorId: named ? userId : null, authorKey: named ? null : retroPseudonym(this.deps.anonymitySecret, retroId, userId) },
      });
      await this.deps.boards.publish(tx, retroId);
      return item.id;
    });
  }

  /**
   * Moves the retro from `from` to the next phase. Only the facilitator or an organiser of the
   * retro's channel may; the update is conditional on the phase still being `from`, so two
   * facilitators pressing at once move it one step, and the second is told so.
   */
  async advance(retroId: number, userId: string, from: RetroPhaseName): Promise<RetroPhaseName> {
    const retro = await this.deps.queries.require(retroId);
    await this.requireFacilitation(retro, userId, 'move the retro on');
    const next = NEXT_PHASE[from];
    if (!next) throw new RetroError('This retro is closed.');
    return this.moveTo(retro, from, next);
  }

  /** Ends the retro from whatever phase it is in (the facilitator's "Close" button). */
  async close(retroId: number, userId: string, from: RetroPhaseName): Promise<void> {
    const retro = await this.deps.queries.require(retroId);
    await this.requireFacilitation(retro, userId, 'close the retro');
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
      await this.deps.messages.send({ key: `retro:${retroId}:deadline:${phase}:held`, to: { channel: retro.channelId }, text: deadlineHeldText(retro, err.message) });
      return undefined;
    }
  }

  /** Hands the facilitation to someone else: the facilitator or an organiser may. */
  async handOver(retroId: number, userId: string, toUserId: string): Promise<void> {
    const retro = await this.deps.queries.require(retroId);
    if (retro.phase === 'closed') throw new RetroError('This retro is closed.');
    await this.requireFacilitation(retro, userId, 'hand the retro over');
    RetroError.check(checkHandOver(toUserId));
    if (toUserId === retro.facilitatorId) throw new RetroError(`<@${toUserId}> is facilitating already.`, { field: 'facilitator' });
    await this.deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.retro.updateMany({ where: { id: retroId, facilitatorId: retro.facilitatorId, phase: { not: 'closed' } }, data: { facilitatorId: toUserId } });
      if (count === 0) throw new RetroError('The retro changed hands or closed meanwhile; look at the board again.');
      await this.deps.boards.publish(tx, retroId);
    });
    this.deps.logger.info({ retroId, from: retro.facilitatorId, to: toUserId }, 'retro handed over');
  }

  /** Whether the person may steer this retro: its facilitator, or an organiser of its channel. */
  async mayFacilitate(retro: { teamId: string; channelId: string; facilitatorId: string }, userId: string): Promise<boolean> {
    return retro.facilitatorId === userId || (await this.deps.roles.isOrganiser(retro, userId));
  }

  private async requireFacilitation(retro: RetroRow, userId: string, what: string): Promise<void> {
    if (!(await this.mayFacilitate(retro, userId))) throw new RetroError(`Only the facilitator, <@${retro.facilitatorId}>, or an organiser can ${what}.`);
  }

  /**
   * Opens a discussion thread for an item: a channel message whose replies become the item's
   * notes. Once per item; asked again, it says where the thread is.
   */
  async openThread(retroId: number, itemId: number): Promise<{ opened: true } | { opened: false; at?: { channelId: string; ts: string } }> {
    const retro = await this.deps.queries.require(retroId);
    if (retro.phase !== 'discuss') throw new RetroError(retro.phase === 'closed' ? 'This retro is closed.' : 'Threads open when the discussion starts.');
    const item = await this.deps.prisma.retroItem.findFirst({ where: { id: itemId, retroId } });
    if (!item) throw new RetroError('That item is not in this retro.');
    const key = threadKey(retroId, itemId);
    if (await this.deps.messages.exists(key)) {
      const at = await this.deps.messages.sent(key);
      return { opened: false, ...(at ? { at } : {}) };
    }
    await this.deps.messages.send(threadMessage(retro, item));
    return { opened: true };
  }

  /**
   * A reply in a channel thread: kept as a note when the thread is a retro item's discussion
   * thread and the retro is discussing. Returns the retro it belongs to, or undefined when the
   * thread is not one of ours. Replayed events store the note once; anonymous retros store no
   * author.
   */
  async addNote(input: { channelId: string; threadTs: string; messageTs: string; userId: string; text: string }): Promise<number | undefined> {
    const key = await this.deps.messages.keyAt(input.channelId, input.threadTs);
    const match = key && /^retro:(\d+):item:(\d+):thread$/.exec(key);
    if (!match) return undefined;
    const [retroId, itemId] = [Number(match[1]), Number(match[2])];
    const retro = await this.deps.prisma.retro.findUnique({ where: { id: retroId }, select: { phase: true, anonymity: true } });
    const text = input.text.trim();
    if (!retro || retro.phase !== 'discuss' || !text) return undefined;
    const clipped = clip(text, NOTE_TEXT_MAX);
    await this.deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.retroNote.createMany({
        data: [{ retroId, itemId, text: clipped, authorId: retro.anonymity === 'named' ? input.userId : null, messageTs: input.messageTs }],
        skipDuplicates: true,
      });
      if (count > 0) await this.deps.boards.publish(tx, retroId);
    });
    return retroId;
  }

  private async moveTo(retro: RetroRow, from: RetroPhaseName, next: RetroPhaseName): Promise<RetroPhaseName> {
    if (from === 'collect' && retro.revealThreshold) {
      const contributors = await countContributors(this.deps.prisma, retro.id);
      if (contributors < retro.revealThreshold) {
        throw new RetroError(`Items stay hidden until ${retro.revealThreshold} people have added one; so far ${contributors} ${contributors === 1 ? 'has' : 'have'}.`);
      }
    }
    await this.deps.prisma.$transaction(async (tx) => {
      const closedAt = this.deps.now();
      const { count } = await tx.retro.updateMany({ where: { id: retro.id, phase: from }, data: { phase: next, ...(next === 'closed' ? { closedAt } : {}) } });
      if (count === 0) throw new RetroError(`The retro has already moved on from ${from}.`);
      if (next === 'discuss') {
        const top = await tx.retroItem.findMany({ where: { retroId: retro.id, votes: { gt: 0 } }, orderBy: [{ votes: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }], take: DISCUSSION_THREADS });
        for (const item of top) await this.deps.messages.send(threadMessage(retro, item), tx);
      }
      if (next === 'closed') {
        const record = await buildRecord(tx, this.deps.anonymitySecret, { ...retro, phase: 'closed', closedAt });
        const summary = summarise(record);
        await tx.retro.update({ where: { id: retro.id }, data: { summary: summary as unknown as Prisma.InputJsonObject } });
        await this.deps.messages.send({ key: `retro:${retro.id}:summary`, to: { channel: retro.channelId }, ...summaryMessage(record, summary) }, tx);
      }
      await this.deps.boards.publish(tx, retro.id);
    });
    this.deps.logger.info({ retroId: retro.id, phase: next }, 'retro phase changed');
    return next;
  }
}

function deadlineHeldText(retro: { title: string; facilitatorId: string }, why: string): string {
  return `The retro *${mrkdwnText(retro.title, 150)}* reached its deadline for collecting, but: ${why} <@${retro.facilitatorId}> can reveal the items once enough people have added one.`;
}

export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}
