import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { Delivery } from '../../delivery/delivery';
import { localDate } from '../../time/zones';
import { PulseError } from './pulse.errors';
import { isScore, pulsePseudonym, roundResults } from './pulse.rules';
import { surveyMessage, type RoundView } from './pulse.views';

export interface PulseDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** Survey DMs are queued in the round's transaction; `exists` tells who was asked. */
  messages: Pick<Delivery, 'sendMany' | 'exists'>;
  /** Keys the answered markers' pseudonyms (GUILD_SECRET). */
  secret: string;
  now: () => Date;
}

/** A round made now (sent) or found made already for the occurrence. */
export interface RoundOutcome {
  sent: boolean;
  roundId: number;
  recipients: number;
  date: string;
}

/** One change to a person's answer: a score, or the comment (null removes it). */
export type AnswerChange = { value: number } | { safety: number } | { comment: string | null };

/** How many of the latest rounds `/guild pulse` shows. */
const ROUNDS_SHOWN = 3;

/** The key of a survey DM: one per round and person, which is also how Guild knows who was asked. */
const dmKey = (roundId: number, personId: string) => `health:pulse:${roundId}:${personId}`;

/**
 * Pulse surveys: a round DMs every active member two 1–5 questions and an optional comment.
 * Answers are stored without who gave them; a person's "answered" marker is kept under a
 * pseudonym (HMAC of round and person), so they can change their answer while the results
 * cannot be joined to people without GUILD_SECRET. Organisers see only the count below 5
 * responses.
 */
export class PulseService {
  constructor(private readonly deps: PulseDeps) {}

  /** A schedule's occurrence: one round per occurrence, however often the job runs. */
  async runScheduled(communityId: number, scheduleId: number | undefined, occurrence: Date): Promise<RoundOutcome> {
    return this.sendRound(communityId, `schedule:${scheduleId ?? 'none'}:${occurrence.toISOString()}`, occurrence);
  }

  /** `/guild pulse send`: a round now, at most one a day (the community's date) by hand. */
  async sendNow(communityId: number): Promise<RoundOutcome> {
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: communityId } });
    const now = this.deps.now();
    return this.sendRound(communityId, `send:${communityId}:${localDate(now, community.timeZone)}`, now);
  }

  /** The round of an occurrence (made once, with its DMs in the same transaction), at its local date. */
  private async sendRound(communityId: number, occurrenceKey: string, at: Date): Promise<RoundOutcome> {
    const { prisma } = this.deps;
    const community = await prisma.community.findUniqueOrThrow({ where: { id: communityId } });
    const date = localDate(at, community.timeZone);
    try {
      return await prisma.$transaction(async (tx) => {
        const existing = await tx.pulseRound.findUnique({ where: { occurrenceKey } });
        if (existing) return { sent: false, roundId: existing.id, recipients: existing.recipients, date: existing.date };
        const members = await tx.membership.findMany({
          where: { communityId, leftAt: null, person: { deactivatedAt: null, OR: [{ snoozedUntil: null }, { snoozedUntil: { lte: new Date(`${date}T00:00:00Z`) } }] } },
          select: { personId: true },
          orderBy: { personId: 'asc' },
        });
        const round = await tx.pulseRound.create({ data: { communityId, occurrenceKey, date, recipients: members.length } });
        const message = surveyMessage(round.id, community.name);
        await this.deps.messages.sendMany(members.map(({ personId }) => ({ key: dmKey(round.id, personId), to: { users: [personId] }, ...message })), tx);
        this.deps.logger.info({ communityId, roundId: round.id, recipients: members.length }, 'pulse survey sent');
        return { sent: true, roundId: round.id, recipients: members.length, date };
      });
    } catch (err) {
      // Another replica made this occurrence's round first.
      if (!isUniqueViolation(err)) throw err;
      const existing = await prisma.pulseRound.findUniqueOrThrow({ where: { occurrenceKey } });
      return { sent: false, roundId: existing.id, recipients: existing.recipients, date: existing.date };
    }
  }

  /**
   * Saves one change to the person's answer of a round they were asked in, until the community's
   * next round: the first change makes their answer, later ones edit it. Nothing stored beside the answer says whose it is.
   */
  async answer(roundId: number, userId: string, change: AnswerChange): Promise<void> {
    if (('value' in change && !isScore(change.value)) || ('safety' in change && !isScore(change.safety))) throw new PulseError('Choose a score from 1 to 5.');
    const { prisma } = this.deps;
    const round = await prisma.pulseRound.findUnique({ where: { id: roundId } });
    if (!round) throw new PulseError('This pulse survey has been removed.');
    if (await prisma.pulseRound.count({ where: { communityId: round.communityId, id: { gt: roundId } } })) throw new PulseError('This pulse survey has closed: a newer one was sent. Answer that one instead.');
    const member = await prisma.membership.findFirst({ where: { communityId: round.communityId, personId: userId, leftAt: null } });
    if (!member) throw new PulseError('You are no longer a member of this community.');
    if (!(await this.deps.messages.exists(dmKey(roundId, userId)))) throw new PulseError('This pulse survey was not sent to you.');
    const pseudonym = pulsePseudonym(this.deps.secret, roundId, userId);
    try {
      await this.save(roundId, pseudonym, change);
    } catch (err) {
      // Two first answers at once: the other made the marker; this one edits that answer.
      if (!isUniqueViolation(err)) throw err;
      await this.save(roundId, pseudonym, change);
    }
  }

  private async save(roundId: number, pseudonym: string, change: AnswerChange): Promise<void> {
    await this.deps.prisma.$transaction(async (tx) => {
      const marker = await tx.pulseAnswered.findUnique({ where: { roundId_pseudonym: { roundId, pseudonym } } });
      if (marker) return void (await tx.pulseAnswer.update({ where: { id: marker.answerId }, data: change }));
      const id = randomUUID();
      await tx.pulseAnswer.create({ data: { id, roundId, ...change } });
      await tx.pulseAnswered.create({ data: { roundId, pseudonym, answerId: id } });
    });
  }

  /** The name of the community a round belongs to (for the comment form). */
  async communityName(roundId: number): Promise<string> {
    const round = await this.deps.prisma.pulseRound.findUnique({ where: { id: roundId }, select: { community: { select: { name: true } } } });
    if (!round) throw new PulseError('This pulse survey has been removed.');
    return round.community.name;
  }

  /** The latest rounds of a community, newest first, with what may be shown of each. */
  async results(communityId: number, limit = ROUNDS_SHOWN): Promise<RoundView[]> {
    const rounds = await this.deps.prisma.pulseRound.findMany({
      where: { communityId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { answers: { select: { value: true, safety: true, comment: true } } },
    });
    return rounds.map((round) => ({ date: round.date, recipients: round.recipients, results: roundResults(round.answers, `${this.deps.secret}:${round.id}`) }));
  }
}
