import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import type { Delivery } from '../../delivery/delivery';
import type { Publisher } from '../../delivery/outbox';
import type { CoffeeOptions, CoffeeResult, MatchReason } from '../../matching/types';
import type { JobStore } from '../../scheduler/job-store';
import { followUpMessage, introMessage, pausedMessage, tooFewMessage } from './coffee.messages';
import { avoidPairs, pastMeetings, roundPool, type RoundMember } from './coffee.members';
import { prunedDraft, type GroupingField } from './coffee.rules';
import { groupSendAt } from './coffee.timing';
import { storedReasons } from './coffee.stored';

type Tx = Prisma.TransactionClient;

export const FOLLOW_UP_JOB = 'coffee.followup';
/** Members who leave this many follow-ups in a row unanswered are paused. */
export const SILENT_ROUNDS_TO_PAUSE = 3;
const DAY_MS = 86_400_000;

/** The grouping algorithm (src/matching/coffee-groups.ts), handed in so the rounds call it in one place. */
export type FormGroups = (members: RoundMember[], options: CoffeeOptions) => CoffeeResult;

export interface RoundsDeps {
  prisma: PrismaClient;
  /** The delivery gateway: a round's intros are queued in one statement pair. */
  messages: Publisher & Pick<Delivery, 'sendMany'>;
  jobs: Pick<JobStore, 'enqueue'>;
  logger: Logger;
  now: () => Date;
  formGroups: FormGroups;
}

export interface RoundRequest {
  communityId: number;
  /** Names the occurrence (`schedule:<id>:<instant>`) or the manual run: one round per key, ever. */
  occurrenceKey: string;
  /** The round's local date. */
  date: string;
  /** Local "HH:MM" the intros arrive at; undefined: now (a manual run). */
  time?: string;
}

export type RoundOutcome =
  | { kind: 'sent'; roundId: number; groups: number }
  | { kind: 'too-few'; roundId: number; eligible: number }
  | { kind: 'already'; roundId: number };

export interface DraftGroup {
  id: number;
  members: string[];
  organiserId: string;
  reasons: MatchReason[];
}

/** A community's settings, as a round reads them. */
interface RoundSettings {
  groupSize: number;
  windowWeeks: number;
  grouping: 'none' | 'mix' | 'group';
  groupingField: string | null;
  followUpDays: number;
}

const DEFAULTS: RoundSettings = { groupSize: 2, windowWeeks: 12, grouping: 'none', groupingField: null, followUpDays: 3 };

/** A stable seed per occurrence: a retried round forms the same groups. */
function seedOf(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * Forming and sending rounds, following them up, and counting answers. A round is claimed by
 * its occurrence key in the same transaction that stores its groups and queues their DMs, so a
 * retried job or a second replica finds it taken and sends nothing.
 */
export class CoffeeRounds {
  constructor(private readonly deps: RoundsDeps) {}

  /** Forms the round (or sends the organisers' previewed draft) and queues one intro per group. */
  async run(request: RoundRequest): Promise<RoundOutcome> {
    return this.deps.prisma.$transaction(
      async (tx): Promise<RoundOutcome> => {
        const existing = await tx.coffeeRound.findUnique({ where: { occurrenceKey: request.occurrenceKey } });
        if (existing && existing.status !== 'draft') return { kind: 'already' as const, roundId: existing.id };
        // Only one transaction turns the draft into a sent round; the other finds it sent.
        const claimed = existing ? await tx.coffeeRound.updateMany({ where: { id: existing.id, status: 'draft' }, data: { status: 'sent', sentAt: this.deps.now() } }) : undefined;
        if (existing && claimed?.count === 0) return { kind: 'already' as const, roundId: existing.id };
        const roundId = existing?.id ?? (await this.claim(tx, request));
        const community = await tx.community.findUniqueOrThrow({ where: { id: request.communityId } });
        await this.pauseTheSilent(tx, community, roundId);
        const settings = (await tx.coffeeSettings.findUnique({ where: { communityId: community.id } })) ?? DEFAULTS;
        const pool = await roundPool(tx, community, request.date, this.deps.now(), settings.groupingField as GroupingField | undefined);
        if (!existing) {
          const result = await this.group(tx, community.id, pool.members, settings, request.occurrenceKey, roundId);
          if (result.groups.length === 0) return this.tooFew(tx, community, roundId, request.date, pool.members.length, pool.optedIn);
          await this.storeGroups(tx, roundId, result);
        } else if ((await this.pruneDraft(tx, roundId, pool.members)) === 0) {
          return this.tooFew(tx, community, roundId, request.date, pool.members.length, pool.optedIn);
        }
        return this.send(tx, community, roundId, pool.members, request, settings.followUpDays);
      },
      { timeout: 120_000, maxWait: 10_000 },
    ).catch((err: unknown) => {
      // Another replica claimed the occurrence between our look and our insert.
      if (isUniqueViolation(err)) return this.already(request.occurrenceKey);
      throw err;
    });
  }

  /**
   * Forms the groups of a round without sending them: the organisers' preview. Stored as a
   * draft under the occurrence's key, so the round's job sends exactly these (swaps included).
   */
  async draft(request: RoundRequest): Promise<{ roundId: number; groups: DraftGroup[] } | { tooFew: true; eligible: number }> {
    const existing = await this.deps.prisma.coffeeRound.findUnique({ where: { occurrenceKey: request.occurrenceKey }, include: { groups: { include: { members: true }, orderBy: { id: 'asc' } } } });
    if (existing) return { roundId: existing.id, groups: existing.groups.map(draftGroup) };
    const community = await this.deps.prisma.community.findUniqueOrThrow({ where: { id: request.communityId } });
    const settings = (await this.deps.prisma.coffeeSettings.findUnique({ where: { communityId: community.id } })) ?? DEFAULTS;
    const pool = await roundPool(this.deps.prisma, community, request.date, this.deps.now(), settings.groupingField as GroupingField | undefined);
    const result = await this.group(this.deps.prisma, community.id, pool.members, settings, request.occurrenceKey);
    if (result.groups.length === 0) return { tooFew: true, eligible: pool.members.length };
    try {
      return await this.deps.prisma.$transaction(async (tx) => {
        const round = await tx.coffeeRound.create({ data: { communityId: community.id, occurrenceKey: request.occurrenceKey, date: request.date, status: 'draft', createdAt: this.deps.now() } });
        await this.storeGroups(tx, round.id, result);
        const groups = await tx.coffeeGroup.findMany({ where: { roundId: round.id }, include: { members: true }, orderBy: { id: 'asc' } });
        return { roundId: round.id, groups: groups.map(draftGroup) };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return this.draft(request); // previewed twice at once: both see the one draft
      throw err;
    }
  }

  private async already(occurrenceKey: string): Promise<RoundOutcome> {
    const round = await this.deps.prisma.coffeeRound.findUniqueOrThrow({ where: { occurrenceKey } });
    return { kind: 'already', roundId: round.id };
  }

  private async claim(tx: Tx, request: RoundRequest): Promise<number> {
    const now = this.deps.now();
    const round = await tx.coffeeRound.create({ data: { communityId: request.communityId, occurrenceKey: request.occurrenceKey, date: request.date, status: 'sent', createdAt: now, sentAt: now } });
    return round.id;
  }

  /** The one place the grouping algorithm is called. */
  private async group(db: Tx | PrismaClient, communityId: number, members: RoundMember[], settings: RoundSettings, key: string, roundId?: number): Promise<CoffeeResult> {
    if (members.length < 2) return { groups: [], unplaced: members.map((m) => ({ id: m.id, why: 'too-few' as const })) };
    const since = new Date(this.deps.now().getTime() - settings.windowWeeks * 7 * DAY_MS);
    const field = settings.groupingField ?? undefined;
    return this.deps.formGroups(members, {
      size: settings.groupSize,
      ...(settings.grouping !== 'none' && field ? { attributeMode: { mode: settings.grouping, field } } : {}),
      avoid: await avoidPairs(db, communityId),
      history: await pastMeetings(db, communityId, since, roundId),
      seed: seedOf(key),
    });
  }

  /** Takes out of a previewed round whoever can no longer take part (see prunedDraft); returns the groups left. */
  private async pruneDraft(tx: Tx, roundId: number, pool: RoundMember[]): Promise<number> {
    const groups = await tx.coffeeGroup.findMany({ where: { roundId }, include: { members: true }, orderBy: { id: 'asc' } });
    const pruned = prunedDraft(groups.map((g) => ({ id: g.id, members: g.members.map((m) => m.personId) })), new Set(pool.map((m) => m.id)));
    for (const group of groups) {
      const members = pruned.get(group.id) ?? [];
      if (members.length === 0) {
        await tx.coffeeGroup.delete({ where: { id: group.id } });
        continue;
      }
      const before = group.members.map((m) => m.personId);
      if (members.length === before.length && members.every((m) => before.includes(m))) continue;
      await tx.coffeeGroupMember.deleteMany({ where: { groupId: group.id, personId: { notIn: members } } });
      await tx.coffeeGroupMember.createMany({ data: members.filter((m) => !before.includes(m)).map((personId) => ({ groupId: group.id, personId })) });
      await tx.coffeeGroup.update({ where: { id: group.id }, data: { reasons: [], ...(members.includes(group.organiserId) ? {} : { organiserId: members[0]! }) } });
    }
    return [...pruned.values()].filter((m) => m.length > 0).length;
  }

  /** The groups in three statements however many there are (a round of 5,000 groups is one transaction). */
  private async storeGroups(tx: Tx, roundId: number, result: CoffeeResult): Promise<void> {
    // No group is larger than a group DM holds: the matching's sizes see to it (src/matching/group-sizes.ts).
    const { groups } = result;
    const rows = await tx.coffeeGroup.createManyAndReturn({
      data: groups.map((g) => ({ roundId, organiserId: g.organiser, overlapMinutes: g.overlapMinutes, repeats: g.repeats, reasons: g.reasons as unknown as Prisma.InputJsonValue })),
      select: { id: true },
    });
    // Ids come from the sequence in the order of the rows inserted.
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    await tx.coffeeGroupMember.createMany({ data: groups.flatMap((g, i) => g.members.map((personId) => ({ groupId: ids[i]!, personId }))) });
  }

  /** Queues each group's intro at its send time and its follow-up N days later, in a few statements. */
  private async send(tx: Tx, community: { id: number; name: string }, roundId: number, pool: RoundMember[], request: RoundRequest, followUpDays: number): Promise<RoundOutcome> {
    const now = this.deps.now();
    const byId = new Map(pool.map((m) => [m.id, m]));
    const groups = await tx.coffeeGroup.findMany({ where: { roundId }, include: { members: true }, orderBy: { id: 'asc' } });
    const timed = groups.map((group) => {
      const members = group.members.map((m) => m.personId);
      const attendees = members.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      return { group, members, sendAt: request.time && attendees.length ? groupSendAt(attendees, request.date, request.time, now) : now };
    });
    // Groups share a handful of send instants (one per zone or mix of zones): one update each.
    const byInstant = new Map<number, number[]>();
    for (const t of timed) byInstant.set(t.sendAt.getTime(), [...(byInstant.get(t.sendAt.getTime()) ?? []), t.group.id]);
    for (const [at, ids] of byInstant) await tx.coffeeGroup.updateMany({ where: { id: { in: ids } }, data: { sendAt: new Date(at) } });
    await this.deps.messages.sendMany(
      timed.map(({ group, members, sendAt }) => ({
        key: `coffee:intro:${group.id}`,
        to: { users: members },
        at: sendAt,
        ...introMessage({ groupId: group.id, communityId: community.id, communityName: community.name, members, organiserId: group.organiserId, reasons: storedReasons(group.reasons) }),
      })),
      tx,
    );
    await this.deps.jobs.enqueue(timed.map(({ group, sendAt }) => ({ key: `coffee:followup:${group.id}`, kind: FOLLOW_UP_JOB, payload: { groupId: group.id }, runAt: new Date(sendAt.getTime() + followUpDays * DAY_MS) })), tx);
    this.deps.logger.info({ communityId: community.id, roundId, groups: groups.length }, 'coffee round sent');
    return { kind: 'sent', roundId, groups: groups.length };
  }

  private async tooFew(tx: Tx, community: { id: number; name: string }, roundId: number, date: string, eligible: number, optedIn: number): Promise<RoundOutcome> {
    await tx.coffeeRound.update({ where: { id: roundId }, data: { status: 'too_few' } });
    const organisers = await tx.membership.findMany({ where: { communityId: community.id, role: 'organiser', leftAt: null, person: { deactivatedAt: null } }, select: { personId: true } });
    const text = tooFewMessage(community.name, date, eligible, optedIn);
    await this.deps.messages.sendMany(organisers.map((o) => ({ key: `coffee:too-few:${roundId}:${o.personId}`, to: { users: [o.personId] }, text })), tx);
    this.deps.logger.info({ communityId: community.id, roundId, eligible, optedIn }, 'coffee round too small to form; organisers told');
    return { kind: 'too-few', roundId, eligible };
  }

  /**
   * Before a round forms: everyone who left the previous round's follow-up unanswered has one
   * more silent round; at three they are paused and told how to come back.
   */
  private async pauseTheSilent(tx: Tx, community: { id: number; name: string }, roundId: number): Promise<void> {
    // The round just before this one (a round too small to form has no follow-up to count).
    const previous = await tx.coffeeRound.findFirst({ where: { communityId: community.id, status: { not: 'draft' }, id: { lt: roundId } }, orderBy: { id: 'desc' }, select: { id: true, status: true } });
    if (previous?.status !== 'sent') return;
    const silent = await tx.coffeeGroupMember.findMany({ where: { answer: null, group: { roundId: previous.id, followUpSentAt: { not: null } } }, select: { personId: true } });
    for (const { personId } of silent) {
      const state = await tx.coffeeMember.upsert({
        where: { communityId_personId: { communityId: community.id, personId } },
        create: { communityId: community.id, personId, silentRounds: 1 },
        update: { silentRounds: { increment: 1 } },
      });
      if (state.silentRounds < SILENT_ROUNDS_TO_PAUSE || state.pausedAt) continue;
      await tx.coffeeMember.update({ where: { communityId_personId: { communityId: community.id, personId } }, data: { pausedAt: this.deps.now() } });
      await this.deps.messages.send({ key: `coffee:paused:${community.id}:${personId}:${roundId}`, to: { users: [personId] }, text: pausedMessage(community.name) }, tx);
      this.deps.logger.info({ communityId: community.id, personId }, 'coffee member paused after three silent rounds');
    }
  }

  /** A group's follow-up, once: Met / Not yet / Couldn't in the group DM. */
  async followUp(groupId: number): Promise<void> {
    await this.deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.coffeeGroup.updateMany({ where: { id: groupId, followUpSentAt: null }, data: { followUpSentAt: this.deps.now() } });
      if (count === 0) return;
      const members = await tx.coffeeGroupMember.findMany({ where: { groupId }, orderBy: { personId: 'asc' } });
      const ids = members.map((m) => m.personId);
      await this.deps.messages.publish(`coffee:followup:${groupId}`, { users: ids }, followUpMessage(groupId, members.map(answerOf)), tx);
    });
  }

  /**
   * A member's answer to their group's follow-up. The same answer again changes nothing; a new
   * one replaces it. The follow-up message is edited to show it, and the member is no longer silent.
   */
  async answer(groupId: number, personId: string, answer: 'met' | 'not_yet' | 'couldnt'): Promise<'recorded' | 'unchanged' | 'not-member'> {
    return this.deps.prisma.$transaction(async (tx) => {
      // Answers in one group wait for each other, so the message each one renders shows all the answers before it.
      await tx.$queryRaw`SELECT id FROM "CoffeeGroup" WHERE id = ${groupId} FOR UPDATE`;
      const member = await tx.coffeeGroupMember.findUnique({ where: { groupId_personId: { groupId, personId } }, include: { group: { include: { round: true } } } });
      if (!member) return 'not-member';
      if (member.answer === answer) return 'unchanged';
      await tx.coffeeGroupMember.update({ where: { groupId_personId: { groupId, personId } }, data: { answer, answeredAt: this.deps.now() } });
      const communityId = member.group.round.communityId;
      await tx.coffeeMember.upsert({ where: { communityId_personId: { communityId, personId } }, create: { communityId, personId }, update: { silentRounds: 0 } });
      const members = await tx.coffeeGroupMember.findMany({ where: { groupId }, orderBy: { personId: 'asc' } });
      await this.deps.messages.publish(`coffee:followup:${groupId}`, { users: members.map((m) => m.personId) }, followUpMessage(groupId, members.map(answerOf)), tx);
      return 'recorded';
    });
  }

  /** Swaps two people between groups of a draft round (checked by the caller with checkSwap). */
  async swap(roundId: number, first: string, second: string): Promise<void> {
    await this.deps.prisma.$transaction(async (tx) => {
      const round = await tx.coffeeRound.findUnique({ where: { id: roundId }, include: { groups: { include: { members: true } } } });
      if (round?.status !== 'draft') throw new Error('only a draft round can be changed');
      const groupOf = (id: string) => round.groups.find((g) => g.members.some((m) => m.personId === id))!;
      const [a, b] = [groupOf(first), groupOf(second)];
      await tx.coffeeGroupMember.delete({ where: { groupId_personId: { groupId: a.id, personId: first } } });
      await tx.coffeeGroupMember.delete({ where: { groupId_personId: { groupId: b.id, personId: second } } });
      await tx.coffeeGroupMember.createMany({ data: [{ groupId: a.id, personId: second }, { groupId: b.id, personId: first }] });
      // The computed reasons no longer hold for either group; the organiser follows the swap.
      await tx.coffeeGroup.update({ where: { id: a.id }, data: { reasons: [], ...(a.organiserId === first ? { organiserId: second } : {}) } });
      await tx.coffeeGroup.update({ where: { id: b.id }, data: { reasons: [], ...(b.organiserId === second ? { organiserId: first } : {}) } });
    });
  }
}

function answerOf(m: { personId: string; answer: 'met' | 'not_yet' | 'couldnt' | null }) {
  return { personId: m.personId, ...(m.answer ? { answer: m.answer } : {}) };
}

function draftGroup(g: { id: number; organiserId: string; reasons: Prisma.JsonValue; members: { personId: string }[] }): DraftGroup {
  return { id: g.id, organiserId: g.organiserId, reasons: storedReasons(g.reasons), members: g.members.map((m) => m.personId).sort() };
}
