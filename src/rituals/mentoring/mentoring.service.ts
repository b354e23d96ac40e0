import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../../db/client';
import type { Publisher } from '../../delivery/outbox';
import type { JobStore } from '../../scheduler/job-store';
import { assignPool } from './mentoring.assign';
import { MentoringError } from './mentoring.errors';
import { mentoringStats, type MentoringStats } from './mentoring.stats';
import { MENTORING_CHECKIN_JOB } from './mentoring.ids';
import { checkInMessage, endedNotice, kickoffMessage, proposalMessage, type MatchView } from './mentoring.messages';
import { loadPool, OPEN_STATUSES } from './mentoring.pool';
import { CAPACITY_MAX, CHECKIN_EVERY_DAYS, checkReason, GAP_MAX, GAP_MIN, isoWeek } from './mentoring.rules';
import { readMatchReasons } from '../../matching/match-reasons';

type Tx = Prisma.TransactionClient;
type MatchRow = Prisma.MentorMatchGetPayload<object>;

export interface MentoringDeps {
  prisma: PrismaClient;
  logger: Logger;
  messages: Publisher;
  jobs: Pick<JobStore, 'enqueue'>;
  now: () => Date;
}


/** What answering a proposal did, for the person who clicked. */
export type AnswerOutcome =
  | { kind: 'accepted'; started: boolean; otherId: string }
  | { kind: 'already-accepted'; started: boolean; otherId: string }
  | { kind: 'declined'; rematched: number }
  | { kind: 'other-declined'; otherId: string };

const MS_PER_DAY = 86_400_000;
/** Advisory lock space for mentoring writes: one community's matching is serialised. */
const LOCK_SPACE = 7_301;

/**
 * Mentor matches: the weekly round proposes pairs from the free side of a community, both sides
 * accept or decline, accepted pairs get a kickoff group DM and monthly check-ins, and either side
 * can end a mentorship. Every change commits together with the messages it queues, and one
 * community's matching runs one at a time (two replicas, a retried job, two clicks at once).
 */
export class MentoringService {
  constructor(private readonly deps: MentoringDeps) {}

  /**
   * The round of the week of `at` for one community: proposes matches for its free mentees, once
   * per community and week however often it is asked. Says how many were proposed, or that the
   * week's round already ran.
   */
  async runRound(communityId: number, at: Date): Promise<{ week: string; ran: boolean; proposed: number }> {
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: communityId } });
    const week = isoWeek(at, community.timeZone);
    const result = await this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, communityId);
      const earlier = await tx.mentoringRound.findUnique({ where: { communityId_week: { communityId, week } } });
      if (earlier) return { ran: false, proposed: earlier.proposed };
      await this.expireUnanswered(tx, communityId, community.name, week);
      const proposed = await this.proposeFree(tx, communityId, community.name, week, at);
      await tx.mentoringRound.create({ data: { communityId, week, proposed } });
      return { ran: true, proposed };
    });
    if (result.ran) this.deps.logger.info({ communityId, week, proposed: result.proposed }, 'mentoring round ran');
    return { week, ...result };
  }

  /** Accept or decline a proposal, as one of its two people; double clicks answer once. */
  async answer(matchId: number, userId: string, answer: 'accept' | 'decline', reasonText?: string): Promise<AnswerOutcome> {
    const reason = checkReason(reasonText);
    if (!reason.ok) throw new MentoringError(reason.problem, { field: 'reason' });
    return this.deps.prisma.$transaction(async (tx) => {
      const match = await this.lockedMatch(tx, matchId);
      const side = sideOf(match, userId);
      const otherId = side === 'mentor' ? match.menteeId : match.mentorId;
      if (match.status === 'declined') {
        if (match.declinedBy !== userId) return { kind: 'other-declined', otherId };
        throw new MentoringError('You declined this match already.');
      }
      if (match.status === 'ended') throw new MentoringError('This mentorship has ended.');
      if (match.status === 'expired') throw new MentoringError('This proposal expired: it was not answered by both of you within its week. Guild looks again every week.');
      if (answer === 'accept') return this.accept(tx, match, side, otherId);
      if (match.status === 'accepted') throw new MentoringError('You have both accepted this match: to stop, end the mentorship from its group DM or your App Home.');
      return this.decline(tx, match, userId, reason.value);
    });
  }

  /** Ends an active mentorship, as either of its people; the other is told, the reason is kept private. */
  async end(matchId: number, userId: string, reasonText?: string): Promise<{ otherId: string }> {
    const reason = checkReason(reasonText);
    if (!reason.ok) throw new MentoringError(reason.problem, { field: 'reason' });
    const result = await this.deps.prisma.$transaction(async (tx) => {
      const match = await this.lockedMatch(tx, matchId);
      sideOf(match, userId);
      if (match.status === 'ended') throw new MentoringError('This mentorship has ended already.');
      if (match.status !== 'accepted') throw new MentoringError('Only a mentorship you both accepted can be ended; answer the proposal instead.');
      const ended = await tx.mentorMatch.update({ where: { id: match.id }, data: { status: 'ended', endedBy: userId, endReason: reason.value ?? null, endedAt: this.deps.now() } });
      const view = await this.view(tx, ended);
      await this.deps.messages.update(kickoffKey(match.id), kickoffMessage(view, overlapOf(view), true), tx);
      const otherId = userId === match.mentorId ? match.menteeId : match.mentorId;
      await this.deps.messages.send({ key: `mentoring:ended:${match.id}`, to: { users: [otherId] }, ...endedNotice(view, userId) }, tx);
      return { otherId };
    });
    this.deps.logger.info({ matchId, endedBy: userId }, 'mentorship ended');
    return result;
  }

  /** The monthly check-in of an active mentorship, and the next one a month later. */
  async checkIn(matchId: number, month: number): Promise<void> {
    await this.deps.prisma.$transaction(async (tx) => {
      const match = await tx.mentorMatch.findUnique({ where: { id: matchId } });
      if (!match || match.status !== 'accepted') return;
      const view = await this.view(tx, match);
      await this.deps.messages.send({ key: `mentoring:checkin:${matchId}:${month}`, to: { users: [match.mentorId, match.menteeId] }, ...checkInMessage(view, month) }, tx);
      await this.queueCheckIn(tx, matchId, month + 1, this.deps.now());
    });
  }

  /** One match, for one of its two people (anyone else is refused). */
  async match(matchId: number, userId: string): Promise<MatchView> {
    const row = await this.deps.prisma.mentorMatch.findUnique({ where: { id: matchId } });
    if (!row) throw new MentoringError('That mentor match is no longer there.');
    sideOf(row, userId);
    return this.view(this.deps.prisma, row);
  }

  /** Counts for organisers (`/guild pairing stats`, the App Home). */
  stats(communityId: number): Promise<MentoringStats> {
    return mentoringStats(this.deps.prisma, communityId);
  }

  /** The person's open proposals and active mentorships in a workspace, for their App Home. */
  async openFor(teamId: string, userId: string): Promise<MatchView[]> {
    const rows = await this.deps.prisma.mentorMatch.findMany({
      where: { status: { in: [...OPEN_STATUSES] }, OR: [{ mentorId: userId }, { menteeId: userId }] },
      orderBy: { id: 'asc' },
      take: 10,
    });
    const communities = await this.deps.prisma.community.findMany({ where: { teamId, id: { in: rows.map((r) => r.communityId) } } });
    const names = new Map(communities.map((c) => [c.id, c.name]));
    return rows.filter((r) => names.has(r.communityId)).map((r) => toView(r, names.get(r.communityId)!));
  }

  /** A mentor's capacity in a community: 0..10 mentees at a time (0: not taking mentees now). */
  async setCapacity(communityId: number, userId: string, capacity: number): Promise<{ isMentor: boolean }> {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > CAPACITY_MAX) throw new MentoringError(`Capacity is a whole number of mentees from 0 to ${CAPACITY_MAX}.`);
    const membership = await this.deps.prisma.membership.findUnique({ where: { communityId_personId: { communityId, personId: userId } } });
    if (!membership || membership.leftAt) throw new MentoringError('You are not a member of this community. Join with `/guild join`.');
    await this.deps.prisma.mentorSettings.upsert({ where: { communityId_personId: { communityId, personId: userId } }, create: { communityId, personId: userId, capacity }, update: { capacity } });
    return { isMentor: membership.mentoring === 'mentor' || membership.mentoring === 'both' };
  }

  /** The level gap (mentor − mentee) a community's matching prefers, 1..4; default 2. */
  async setIdealGap(communityId: number, idealGap: number): Promise<void> {
    if (!Number.isInteger(idealGap) || idealGap < GAP_MIN || idealGap > GAP_MAX) throw new MentoringError(`The ideal gap is a whole number of levels from ${GAP_MIN} to ${GAP_MAX}.`);
    await this.deps.prisma.mentoringSettings.upsert({ where: { communityId }, create: { communityId, idealGap }, update: { idealGap } });
  }

  /** Proposes matches for the free side of a community, queuing both DMs of each; says how many. */
  private async proposeFree(tx: Tx, communityId: number, communityName: string, week: string, at: Date): Promise<number> {
    const pool = await loadPool(tx, communityId, at);
    const settings = await tx.mentoringSettings.findUnique({ where: { communityId } });
    const result = assignPool(pool, settings?.idealGap);
    for (const m of result.matches) {
      const row = await tx.mentorMatch.create({
        data: { communityId, mentorId: m.mentorId, menteeId: m.menteeId, topics: m.topics, score: m.score, reasons: m.reasons as unknown as Prisma.InputJsonValue, week, proposedAt: at },
      });
      await this.publishProposals(tx, toView(row, communityName));
    }
    return result.matches.length;
  }

  /**
   * Proposals of earlier weeks that not both people answered expire, so an unanswered DM does
   * not hold a mentor's place and a mentee's chances for ever; the pair is not proposed again.
   */
  private async expireUnanswered(tx: Tx, communityId: number, communityName: string, week: string): Promise<void> {
    const stale = await tx.mentorMatch.findMany({ where: { communityId, status: 'proposed', week: { lt: week } } });
    for (const match of stale) {
      const expired = await tx.mentorMatch.update({ where: { id: match.id }, data: { status: 'expired' } });
      await this.publishProposals(tx, toView(expired, communityName));
    }
    if (stale.length > 0) this.deps.logger.info({ communityId, week, expired: stale.length }, 'unanswered mentor matches expired');
  }

  private async accept(tx: Tx, match: MatchRow, side: 'mentor' | 'mentee', otherId: string): Promise<AnswerOutcome> {
    const mine = side === 'mentor' ? match.mentorAnswer : match.menteeAnswer;
    if (mine === 'accepted') return { kind: 'already-accepted', started: match.status === 'accepted', otherId };
    const theirs = side === 'mentor' ? match.menteeAnswer : match.mentorAnswer;
    const started = theirs === 'accepted';
    const now = this.deps.now();
    const updated = await tx.mentorMatch.update({
      where: { id: match.id },
      data: { [side === 'mentor' ? 'mentorAnswer' : 'menteeAnswer']: 'accepted', ...(started ? { status: 'accepted', acceptedAt: now } : {}) },
    });
    const view = await this.view(tx, updated);
    await this.publishProposals(tx, view);
    if (started) {
      await this.deps.messages.publish(kickoffKey(match.id), { users: [match.mentorId, match.menteeId] }, kickoffMessage(view, overlapOf(view)), tx);
      await this.queueCheckIn(tx, match.id, 1, now);
      this.deps.logger.info({ matchId: match.id, communityId: match.communityId }, 'mentorship started');
    }
    return { kind: 'accepted', started, otherId };
  }

  private async decline(tx: Tx, match: MatchRow, userId: string, reason: string | undefined): Promise<AnswerOutcome> {
    const side = sideOf(match, userId);
    const updated = await tx.mentorMatch.update({
      where: { id: match.id },
      data: { status: 'declined', declinedBy: userId, declineReason: reason ?? null, declinedAt: this.deps.now(), [side === 'mentor' ? 'mentorAnswer' : 'menteeAnswer']: 'declined' },
    });
    const view = await this.view(tx, updated);
    await this.publishProposals(tx, view);
    // The next best for the mentee, and for the mentor's freed place, from the free side only.
    const rematched = await this.proposeFree(tx, match.communityId, view.communityName, match.week, this.deps.now());
    this.deps.logger.info({ matchId: match.id, communityId: match.communityId, rematched }, 'mentor match declined');
    return { kind: 'declined', rematched };
  }

  private async publishProposals(tx: Tx, view: MatchView): Promise<void> {
    await this.deps.messages.publish(`mentoring:proposal:${view.id}:mentor`, { users: [view.mentorId] }, proposalMessage(view, 'mentor'), tx);
    await this.deps.messages.publish(`mentoring:proposal:${view.id}:mentee`, { users: [view.menteeId] }, proposalMessage(view, 'mentee'), tx);
  }

  private async queueCheckIn(tx: Tx, matchId: number, month: number, from: Date): Promise<void> {
    await this.deps.jobs.enqueue([{ key: `mentoring:checkin:${matchId}:${month}`, kind: MENTORING_CHECKIN_JOB, payload: { matchId, month }, runAt: new Date(from.getTime() + CHECKIN_EVERY_DAYS * MS_PER_DAY) }], tx);
  }

  /** The match, with its community's matching locked for the rest of the transaction. */
  private async lockedMatch(tx: Tx, matchId: number): Promise<MatchRow> {
    const first = await tx.mentorMatch.findUnique({ where: { id: matchId } });
    if (!first) throw new MentoringError('That mentor match is no longer there.');
    await lockCommunity(tx, first.communityId);
    return tx.mentorMatch.findUniqueOrThrow({ where: { id: matchId } });
  }

  private async view(tx: Tx | PrismaClient, row: MatchRow): Promise<MatchView> {
    const community = await tx.community.findUniqueOrThrow({ where: { id: row.communityId }, select: { name: true } });
    return toView(row, community.name);
  }
}

/** Serialises one community's mentoring writes until the transaction ends. */
async function lockCommunity(tx: Tx, communityId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_SPACE}::int, ${communityId}::int)`;
}

function sideOf(match: MatchRow, userId: string): 'mentor' | 'mentee' {
  if (userId === match.mentorId) return 'mentor';
  if (userId === match.menteeId) return 'mentee';
  throw new MentoringError(`This match is between <@${match.mentorId}> and <@${match.menteeId}>; only they can answer it.`);
}

function kickoffKey(matchId: number): string {
  return `mentoring:kickoff:${matchId}`;
}

function overlapOf(view: MatchView): number | undefined {
  const overlap = view.reasons.find((r) => r.kind === 'overlap');
  return overlap?.kind === 'overlap' ? overlap.minutes : undefined;
}

function toView(row: MatchRow, communityName: string): MatchView {
  return {
    id: row.id,
    communityName,
    mentorId: row.mentorId,
    menteeId: row.menteeId,
    topics: row.topics,
    reasons: readMatchReasons(row.reasons),
    status: row.status,
    mentorAnswer: row.mentorAnswer,
    menteeAnswer: row.menteeAnswer,
    declinedBy: row.declinedBy,
    endedBy: row.endedBy,
  };
}
