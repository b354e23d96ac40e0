import type { Logger } from 'pino';
import { GuildError, NotMemberError, NotOrganiserError } from '../../community/community.errors';
import type { Actor, ChannelRef, CommunitySummary } from '../../community/community.service';
import type { OptIns } from '../../community/onboarding.views';
import type { Roles } from '../../community/roles';
import type { PrismaClient } from '../../db/client';
import type { Schedules } from '../../scheduler/schedules';
import { localDate } from '../../time/zones';
import { checkCoffeeSettings, DEFAULT_SETTINGS, swapped, type CoffeeSettingsInput, type GroupingField } from './coffee.rules';
import type { CoffeeRounds, DraftGroup, RoundOutcome } from './coffee.rounds';
import { coffeeStats, type CoffeeStats } from './coffee.stats';
import { roundDate, roundRecurrence } from './coffee.timing';

export type { CoffeeStats } from './coffee.stats';

export const ROUND_JOB = 'coffee.round';
const WEEK_MS = 7 * 86_400_000;

export class CoffeeError extends GuildError {}

export interface CoffeeServiceDeps {
  prisma: PrismaClient;
  rounds: CoffeeRounds;
  schedules: Pick<Schedules, 'create' | 'cancel' | 'find'>;
  roles: Roles;
  community: {
    requireCommunity(channel: ChannelRef): Promise<CommunitySummary>;
    setOptIns(actor: Actor, communityId: number, change: Partial<OptIns>): Promise<OptIns>;
  };
  logger: Logger;
  now: () => Date;
}

export interface CoffeeStatus {
  community: CommunitySummary;
  optedIn: boolean;
  member: boolean;
  snoozedUntil?: Date;
  paused: boolean;
  avoiding: number;
  settings: CoffeeSettingsInput;
  nextRound?: string;
  organiser: boolean;
}


export interface HomeEntry {
  communityId: number;
  name: string;
  optedIn: boolean;
  snoozedUntil?: Date;
  paused: boolean;
  /** The person's group in the community's latest round that reached them, and their answer to its follow-up. */
  group?: { groupId: number; date: string; others: string[]; answer?: 'met' | 'not_yet' | 'couldnt' };
}

/**
 * Coffee groups for a community: who takes part (opt-in, snooze, pause, the private avoid
 * list), the organisers' settings and their schedule, previews and manual runs, and stats.
 * Forming and sending rounds is CoffeeRounds'.
 */
export class CoffeeService {
  constructor(private readonly deps: CoffeeServiceDeps) {}

  get rounds(): CoffeeRounds {
    return this.deps.rounds;
  }

  async status(channel: ChannelRef, actor: Actor): Promise<CoffeeStatus> {
    const community = await this.deps.community.requireCommunity(channel);
    const { prisma } = this.deps;
    const membership = await prisma.membership.findUnique({ where: { communityId_personId: { communityId: community.id, personId: actor.userId } } });
    const state = await prisma.coffeeMember.findUnique({ where: { communityId_personId: { communityId: community.id, personId: actor.userId } } });
    const settings = await this.settingsOf(community.id);
    const stored = await prisma.coffeeSettings.findUnique({ where: { communityId: community.id } });
    const schedule = stored?.scheduleId ? await this.deps.schedules.find(stored.scheduleId) : undefined;
    const next = schedule?.status === 'active' ? schedule.nextAfter(this.deps.now()) : undefined;
    const active = !!membership && !membership.leftAt;
    return {
      community,
      member: active,
      optedIn: active && membership.coffee,
      ...(state?.snoozedUntil && state.snoozedUntil > this.deps.now() ? { snoozedUntil: state.snoozedUntil } : {}),
      paused: !!state?.pausedAt,
      avoiding: await prisma.coffeeAvoid.count({ where: { communityId: community.id, personId: actor.userId } }),
      settings,
      ...(next ? { nextRound: roundDate(next) } : {}),
      organiser: await this.deps.roles.isOrganiser(channel, actor.userId),
    };
  }

  /** Opts in (the same opt-in as the welcome DM and the App Home) and lifts a pause. */
  async join(channel: ChannelRef, actor: Actor): Promise<CommunitySummary> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.setOptIns(actor, community.id, { coffee: true });
    await this.resumeIn(community.id, actor.userId);
    return community;
  }

  async leave(channel: ChannelRef, actor: Actor): Promise<CommunitySummary> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.optOut(actor, community.id);
    return community;
  }

  /** "Skip me from now on" (the intro's button) or `coffee leave`. */
  async optOut(actor: Actor, communityId: number): Promise<void> {
    await this.deps.community.setOptIns(actor, communityId, { coffee: false });
  }

  /** Skips the rounds of the next `weeks` weeks. */
  async snooze(actor: Actor, communityId: number, weeks: number): Promise<Date> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 26) throw new CoffeeError('Snooze for 1 to 26 weeks.');
    await this.requireMember(communityId, actor.userId);
    const until = new Date(this.deps.now().getTime() + weeks * WEEK_MS);
    await this.deps.prisma.coffeeMember.upsert({
      where: { communityId_personId: { communityId, personId: actor.userId } },
      create: { communityId, personId: actor.userId, snoozedUntil: until },
      update: { snoozedUntil: until },
    });
    return until;
  }

  async snoozeHere(channel: ChannelRef, actor: Actor, weeks: number): Promise<{ community: CommunitySummary; until: Date }> {
    const community = await this.deps.community.requireCommunity(channel);
    return { community, until: await this.snooze(actor, community.id, weeks) };
  }

  /** Ends a snooze and a pause. */
  async resume(actor: Actor, communityId: number): Promise<void> {
    await this.requireMember(communityId, actor.userId);
    await this.resumeIn(communityId, actor.userId);
  }

  async resumeHere(channel: ChannelRef, actor: Actor): Promise<CommunitySummary> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.resume(actor, community.id);
    return community;
  }

  private async resumeIn(communityId: number, personId: string): Promise<void> {
    await this.deps.prisma.coffeeMember.updateMany({ where: { communityId, personId }, data: { snoozedUntil: null, pausedAt: null, silentRounds: 0 } });
  }

  /** Privately: never group the person with `avoidId`. Only the person ever sees the list. */
  async avoid(channel: ChannelRef, actor: Actor, avoidId: string): Promise<CommunitySummary> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.requireMember(community.id, actor.userId);
    if (avoidId === actor.userId) throw new CoffeeError('You are never grouped with yourself.');
    await this.deps.prisma.coffeeAvoid.upsert({
      where: { communityId_personId_avoidId: { communityId: community.id, personId: actor.userId, avoidId } },
      create: { communityId: community.id, personId: actor.userId, avoidId },
      update: {},
    });
    return community;
  }

  async unavoid(channel: ChannelRef, actor: Actor, avoidId: string): Promise<boolean> {
    const community = await this.deps.community.requireCommunity(channel);
    const { count } = await this.deps.prisma.coffeeAvoid.deleteMany({ where: { communityId: community.id, personId: actor.userId, avoidId } });
    return count > 0;
  }

  async settingsOf(communityId: number): Promise<CoffeeSettingsInput> {
    const row = await this.deps.prisma.coffeeSettings.findUnique({ where: { communityId } });
    if (!row) return DEFAULT_SETTINGS;
    return {
      groupSize: row.groupSize,
      cadence: row.cadence,
      everyWeeks: row.everyWeeks,
      weekday: row.weekday as CoffeeSettingsInput['weekday'],
      nth: row.nth,
      time: row.time,
      windowWeeks: row.windowWeeks,
      grouping: row.grouping,
      ...(row.groupingField ? { groupingField: row.groupingField as GroupingField } : {}),
      followUpDays: row.followUpDays,
    };
  }

  /** Refuses unless the person organises the channel's community; returns the community. */
  async requireOrganiser(channel: ChannelRef, userId: string, action: string): Promise<CommunitySummary> {
    const community = await this.deps.community.requireCommunity(channel);
    if (!(await this.deps.roles.isOrganiser(channel, userId))) throw new NotOrganiserError(action);
    return community;
  }

  /** Saves the settings and (re)makes the schedule whose occurrences form the rounds. Organisers only. */
  async saveSettings(channel: ChannelRef, actor: Actor, input: CoffeeSettingsInput): Promise<{ community: CommunitySummary; nextRound?: string }> {
    const community = await this.requireOrganiser(channel, actor.userId, 'change the coffee settings');
    const problem = checkCoffeeSettings(input)[0];
    if (problem) throw new CoffeeError(problem.problem);
    const previous = await this.deps.prisma.coffeeSettings.findUnique({ where: { communityId: community.id } });
    const schedule = await this.deps.schedules.create({
      communityId: community.id,
      kind: ROUND_JOB,
      name: `Coffee groups (intros at ${input.time} in each member's zone, formed when it is ${input.time} in UTC+14)`,
      recurrence: roundRecurrence(input, this.deps.now()),
      payload: { communityId: community.id },
      createdBy: actor.userId,
    });
    const data = { ...input, groupingField: input.grouping === 'none' ? null : (input.groupingField ?? null), scheduleId: schedule.id, updatedBy: actor.userId };
    await this.deps.prisma.coffeeSettings.upsert({ where: { communityId: community.id }, create: { communityId: community.id, ...data }, update: data });
    if (previous?.scheduleId) await this.deps.schedules.cancel(community.id, previous.scheduleId).catch((err: unknown) => this.deps.logger.warn({ err, scheduleId: previous.scheduleId }, 'the previous coffee schedule could not be cancelled'));
    this.deps.logger.info({ communityId: community.id, scheduleId: schedule.id }, 'coffee settings saved');
    return { community, ...(schedule.nextRunAt ? { nextRound: roundDate(schedule.nextRunAt) } : {}) };
  }

  /** The next scheduled round's groups, formed now and kept as its draft. Organisers only. */
  async preview(channel: ChannelRef, actor: Actor): Promise<{ community: CommunitySummary; date: string; draft: { roundId: number; groups: DraftGroup[] } | { tooFew: true; eligible: number } }> {
    const community = await this.requireOrganiser(channel, actor.userId, 'preview coffee rounds');
    const stored = await this.deps.prisma.coffeeSettings.findUnique({ where: { communityId: community.id } });
    const schedule = stored?.scheduleId ? await this.deps.schedules.find(stored.scheduleId) : undefined;
    const next = schedule?.status === 'active' ? schedule.nextAfter(this.deps.now()) : undefined;
    if (!stored || !schedule || !next) throw new CoffeeError('No round is scheduled: set the schedule with `/guild coffee settings`, or run one now with `/guild coffee run`.');
    const date = roundDate(next);
    const draft = await this.deps.rounds.draft({ communityId: community.id, occurrenceKey: `schedule:${schedule.id}:${next.toISOString()}`, date, time: stored.time });
    return { community, date, draft };
  }

  /** Swaps two people in a previewed round. Organisers of its community only. */
  async swap(actor: Actor, roundId: number, first: string, second: string): Promise<DraftGroup[]> {
    const round = await this.deps.prisma.coffeeRound.findUnique({ where: { id: roundId } });
    const community = round ? await this.deps.prisma.community.findUnique({ where: { id: round.communityId } }) : null;
    if (!round || !community || community.teamId !== actor.teamId) throw new CoffeeError('That round is gone.');
    await this.requireOrganiser({ teamId: community.teamId, channelId: community.channelId }, actor.userId, 'change coffee rounds');
    if (round.status !== 'draft') throw new CoffeeError('That round has gone out already: it can no longer be changed.');
    // A private "don't pair me with" holds against organisers too; the refusal names nobody's list.
    const after = swapped(await this.draftGroups(roundId), first, second);
    const avoided = await this.deps.prisma.coffeeAvoid.findFirst({ where: { communityId: round.communityId, OR: after.flatMap((g) => [{ personId: { in: g }, avoidId: { in: g } }]) } });
    if (avoided) throw new CoffeeError('That swap would put together people who cannot be grouped. Choose another pair.');
    await this.deps.rounds.swap(roundId, first, second);
    const groups = await this.deps.prisma.coffeeGroup.findMany({ where: { roundId }, include: { members: true }, orderBy: { id: 'asc' } });
    return groups.map((g) => ({ id: g.id, organiserId: g.organiserId, reasons: [], members: g.members.map((m) => m.personId).sort() }));
  }

  /** The groups of a draft round, for the swap form. */
  async draftGroups(roundId: number): Promise<string[][]> {
    const groups = await this.deps.prisma.coffeeGroup.findMany({ where: { roundId, round: { status: 'draft' } }, include: { members: true }, orderBy: { id: 'asc' } });
    return groups.map((g) => g.members.map((m) => m.personId).sort());
  }

  /** A round now, its intros sent at once. Organisers only. */
  async runNow(channel: ChannelRef, actor: Actor): Promise<RoundOutcome> {
    const community = await this.requireOrganiser(channel, actor.userId, 'run coffee rounds');
    const now = this.deps.now();
    // One manual round per community per minute: a command sent twice forms one round.
    return this.deps.rounds.run({ communityId: community.id, occurrenceKey: `manual:${community.id}:${now.toISOString().slice(0, 16)}`, date: localDate(now, community.timeZone) });
  }

  /** The round job: the schedule's occurrence forms the round of its date (see FORMING_ZONE). */
  async scheduledRound(communityId: number, scheduleId: number, occurrence: Date): Promise<RoundOutcome | undefined> {
    const stored = await this.deps.prisma.coffeeSettings.findUnique({ where: { communityId } });
    if (!stored || stored.scheduleId !== scheduleId) return undefined; // settings changed since: an older schedule
    return this.deps.rounds.run({ communityId, occurrenceKey: `schedule:${scheduleId}:${occurrence.toISOString()}`, date: roundDate(occurrence), time: stored.time });
  }

  /** For organisers (`/guild pairing stats`): rounds, groups, met rate, unique connections. */
  async stats(communityId: number): Promise<CoffeeStats> {
    return coffeeStats(this.deps.prisma, communityId);
  }

  /** The person's coffee state in each community they belong to, for the App Home. */
  async home(actor: Actor): Promise<HomeEntry[]> {
    const memberships = await this.deps.prisma.membership.findMany({ where: { personId: actor.userId, leftAt: null, community: { teamId: actor.teamId } }, include: { community: true }, orderBy: { joinedAt: 'asc' }, take: 5 });
    const communityIds = memberships.map((m) => m.communityId);
    const states = await this.deps.prisma.coffeeMember.findMany({ where: { personId: actor.userId, communityId: { in: communityIds } } });
    const groups = await this.latestGroups(actor.userId, communityIds);
    const now = this.deps.now();
    return memberships.map((m) => {
      const state = states.find((s) => s.communityId === m.communityId);
      const group = groups.get(m.communityId);
      return {
        communityId: m.communityId,
        name: m.community.name,
        optedIn: m.coffee,
        paused: !!state?.pausedAt,
        ...(state?.snoozedUntil && state.snoozedUntil > now ? { snoozedUntil: state.snoozedUntil } : {}),
        ...(group ? { group } : {}),
      };
    });
  }

  /** Per community, the person's group in its latest sent round (the one they were last introduced in). */
  private async latestGroups(personId: string, communityIds: number[]): Promise<Map<number, NonNullable<HomeEntry['group']>>> {
    // One small query per community (the Home shows at most five).
    const rows = await Promise.all(
      communityIds.map((communityId) =>
        this.deps.prisma.coffeeGroupMember.findFirst({
          where: { personId, group: { round: { status: 'sent', communityId } } },
          include: { group: { include: { round: { select: { communityId: true, date: true } }, members: { select: { personId: true } } } } },
          orderBy: [{ group: { round: { createdAt: 'desc' } } }, { groupId: 'desc' }],
        }),
      ),
    );
    const latest = new Map<number, NonNullable<HomeEntry['group']>>();
    for (const row of rows) {
      if (!row) continue;
      const others = row.group.members.map((m) => m.personId).filter((id) => id !== personId).sort();
      latest.set(row.group.round.communityId, { groupId: row.groupId, date: row.group.round.date, others, ...(row.answer ? { answer: row.answer } : {}) });
    }
    return latest;
  }

  private async requireMember(communityId: number, userId: string): Promise<void> {
    const membership = await this.deps.prisma.membership.findUnique({ where: { communityId_personId: { communityId, personId: userId } } });
    if (!membership || membership.leftAt) throw new NotMemberError();
  }
}
