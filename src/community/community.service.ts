import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../db/client';
import { claimOnce } from '../db/once';
import {
  AlreadyACommunityError,
  AlreadyMemberError,
  GuildError,
  LastOrganiserError,
  NotACommunityError,
  NotInChannelError,
  NotMemberError,
  NotOrganiserError,
  PersonUnavailableError,
  TopicError,
  GuildNotInChannelError,
} from './community.errors';
import type { SlackDirectory } from './slack-directory';
import { communityRoles, type Place, type Roles } from './roles';
import type { Outbox } from '../delivery/outbox';
import { inviteMessage } from './community.views';
import { welcomeMessage, type OptIns, type RitualSummary } from './onboarding.views';
import { isUniqueViolation } from '../db/errors';
import { clip, mrkdwnText } from '../slack/kit/text';
import { canonicalZone } from '../time/zones';

type Tx = Prisma.TransactionClient;

/** Where a command was run and by whom, as plain ids. */
export interface Actor {
  teamId: string;
  userId: string;
  userName?: string;
}

export interface ChannelRef {
  teamId: string;
  channelId: string;
  channelName?: string;
}

export interface CommunitySummary {
  id: number;
  name: string;
  channelId: string;
  timeZone: string;
}

export const TOPIC_LIMIT = 60;
export const TOPIC_NAME_MAX = 40;

/**
 * Communities, their members and organisers, and their topics. Every rule about who may do what
 * lives here; the Slack layer only translates.
 */
export class CommunityService implements Roles {
  constructor(
    private readonly deps: { prisma: PrismaClient; directory: SlackDirectory; outbox: Outbox; logger: Logger },
  ) {}

  /** Makes the channel a community; the caller becomes its first organiser and member. */
  async setup(channel: ChannelRef, actor: Actor, name?: string): Promise<CommunitySummary> {
    assertChannel(channel.channelId, '/guild setup');
    const existing = await this.findCommunity(channel);
    if (existing) throw new AlreadyACommunityError(existing.name);
    const here = await this.prepareChannel(channel);
    const facts = await this.deps.directory.user(actor.userId);
    const communityName = clip(name?.trim() || here.name || 'community', 80);
    try {
      return await this.deps.prisma.$transaction(async (tx) => {
        await upsertPerson(tx, actor, facts?.timeZone);
        const community = await tx.community.create({
          data: {
            teamId: channel.teamId,
            channelId: channel.channelId,
            name: communityName,
            timeZone: facts?.timeZone ?? 'UTC',
            createdBy: actor.userId,
            memberships: { create: { personId: actor.userId, role: 'organiser' } },
          },
        });
        this.deps.logger.info({ communityId: community.id, channelId: channel.channelId }, 'community set up');
        return summary(community);
      });
    } catch (err) {
      // Two setups racing in one channel: the unique (team, channel) index lets one win.
      if (isUniqueViolation(err)) throw new AlreadyACommunityError((await this.requireCommunity(channel)).name);
      throw err;
    }
  }

  /** Joins the channel's community; see {@link joinCommunity}. */
  async join(channel: ChannelRef, actor: Actor, runs: RitualSummary[] = []): Promise<CommunitySummary> {
    const community = await this.requireCommunity(channel);
    return this.joinCommunity(community.id, actor, runs);
  }

  /**
   * Makes the person a member (again, after leaving) and queues their welcome DM in the same
   * transaction, so it is sent once and surely: what the community runs (`runs`, from its
   * rituals' help), a button to set up the profile, and the opt-ins. Slack's time zone is
   * recorded on the way, so a person who never fills the profile still has theirs.
   */
  async joinCommunity(communityId: number, actor: Actor, runs: RitualSummary[] = []): Promise<CommunitySummary> {
    const found = await this.deps.prisma.community.findFirst({ where: { id: communityId, teamId: actor.teamId } });
    if (!found) throw new NotACommunityError();
    const community = summary(found);
    const facts = await this.deps.directory.user(actor.userId);
    return this.deps.prisma.$transaction(async (tx) => {
      await upsertPerson(tx, actor, facts?.timeZone);
      const membership = await tx.membership.findUnique({ where: { communityId_personId: { communityId: community.id, personId: actor.userId } } });
      if (membership && !membership.leftAt) throw new AlreadyMemberError();
      const joined = await tx.membership.upsert({
        where: { communityId_personId: { communityId: community.id, personId: actor.userId } },
        create: { communityId: community.id, personId: actor.userId },
        update: { leftAt: null, role: 'member', joinedAt: new Date() },
      });
      const welcome = welcomeMessage(community, runs, optInsOf(joined));
      await this.deps.outbox.send({ key: `welcome:${community.id}:${actor.userId}:${joined.joinedAt.getTime()}`, to: { users: [actor.userId] }, ...welcome }, tx);
      this.deps.logger.info({ communityId: community.id, userId: actor.userId }, 'member joined');
      return community;
    });
  }

  /** Changes a member's opt-ins in one community; only their own, only while a member. */
  async setOptIns(actor: Actor, communityId: number, change: Partial<OptIns>): Promise<OptIns> {
    const membership = await activeMembership(this.deps.prisma, communityId, actor.userId);
    if (!membership) throw new NotMemberError();
    const data = {
      ...(change.coffee !== undefined ? { coffee: change.coffee } : {}),
      ...(change.eventSuggestions !== undefined ? { eventSuggestions: change.eventSuggestions } : {}),
      ...('mentoring' in change ? { mentoring: change.mentoring ?? null } : {}),
    };
    const updated = await this.deps.prisma.membership.update({ where: { communityId_personId: { communityId, personId: actor.userId } }, data });
    this.deps.logger.info({ communityId, userId: actor.userId, ...data }, 'opt-ins changed');
    return optInsOf(updated);
  }

  /** Leaving keeps the person's history; the only organiser cannot leave. */
  async leave(channel: ChannelRef, actor: Actor): Promise<CommunitySummary> {
    const community = await this.requireCommunity(channel);
    await this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, community.id);
      const membership = await activeMembership(tx, community.id, actor.userId);
      if (!membership) throw new NotMemberError();
      if (membership.role === 'organiser' && (await countOrganisers(tx, community.id)) <= 1) throw new LastOrganiserError('leave');
      await tx.membership.update({
        where: { communityId_personId: { communityId: community.id, personId: actor.userId } },
        data: { leftAt: new Date(), role: 'member' },
      });
    });
    return community;
  }

  async organisers(channel: ChannelRef): Promise<{ community: CommunitySummary; organiserIds: string[] }> {
    const community = await this.requireCommunity(channel);
    const rows = await this.deps.prisma.membership.findMany({
      where: { communityId: community.id, role: 'organiser', leftAt: null, person: { deactivatedAt: null } },
      orderBy: { joinedAt: 'asc' },
      select: { personId: true },
    });
    return { community, organiserIds: rows.map((r) => r.personId) };
  }

  /** The communities of a workspace the person organises now, oldest first (at most `limit`). */
  async organisedBy(teamId: string, userId: string, limit = 5): Promise<CommunitySummary[]> {
    const rows = await this.deps.prisma.membership.findMany({
      where: { personId: userId, role: 'organiser', leftAt: null, person: { deactivatedAt: null }, community: { teamId } },
      select: { community: { select: { id: true, name: true, channelId: true, timeZone: true } } },
      orderBy: { communityId: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.community);
  }

  /** Makes someone an organiser (and a member, if they were not). Organisers only. */
  async addOrganiser(channel: ChannelRef, actor: Actor, targetId: string): Promise<CommunitySummary> {
    const community = await this.requireCommunity(channel);
    await this.requireOrganiser(community.id, actor.userId, 'add organisers');
    const facts = await this.deps.directory.user(targetId);
    if (!facts) throw new PersonUnavailableError('unknown');
    if (facts.isBot) throw new PersonUnavailableError('bot');
    if (facts.deleted) {
      await this.deactivatePerson(targetId);
      throw new PersonUnavailableError('deactivated');
    }
    await this.deps.prisma.$transaction(async (tx) => {
      await upsertPerson(tx, { teamId: channel.teamId, userId: targetId, userName: facts.name }, facts.timeZone);
      // Slack says the account is active: that wins over an older deactivation.
      await tx.person.update({ where: { id: targetId }, data: { deactivatedAt: null } });
      await tx.membership.upsert({
        where: { communityId_personId: { communityId: community.id, personId: targetId } },
        create: { communityId: community.id, personId: targetId, role: 'organiser' },
        update: { role: 'organiser', leftAt: null },
      });
    });
    this.deps.logger.info({ communityId: community.id, actorId: actor.userId, targetId }, 'organiser added');
    return community;
  }

  /** Takes organiser rights away (the person stays a member). Organisers only; never the last one. */
  async removeOrganiser(channel: ChannelRef, actor: Actor, targetId: string): Promise<CommunitySummary> {
    const community = await this.requireCommunity(channel);
    await this.requireOrganiser(community.id, actor.userId, 'remove organisers');
    await this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, community.id);
      const membership = await activeMembership(tx, community.id, targetId);
      if (!membership || membership.role !== 'organiser') throw new GuildError('That person is not an organiser of this community.');
      if ((await countOrganisers(tx, community.id)) <= 1) throw new LastOrganiserError('remove');
      await tx.membership.update({
        where: { communityId_personId: { communityId: community.id, personId: targetId } },
        data: { role: 'member' },
      });
    });
    this.deps.logger.info({ communityId: community.id, actorId: actor.userId, targetId }, 'organiser removed');
    return community;
  }

  async topics(channel: ChannelRef): Promise<{ community: CommunitySummary; topics: { id: number; name: string }[] }> {
    const community = await this.requireCommunity(channel);
    const topics = await this.deps.prisma.topic.findMany({ where: { communityId: community.id }, orderBy: { key: 'asc' }, select: { id: true, name: true } });
    return { community, topics };
  }

  /** Adds topics by name; names already there (in any case) are reported, not duplicated. */
  async addTopics(channel: ChannelRef, actor: Actor, names: string[]): Promise<{ added: string[]; existing: string[] }> {
    const community = await this.requireCommunity(channel);
    await this.requireOrganiser(community.id, actor.userId, 'change topics');
    const wanted = uniqueByKey(names.map((n) => n.trim()).filter(Boolean));
    const tooLong = wanted.find((n) => n.length > TOPIC_NAME_MAX);
    if (tooLong) throw new TopicError(`Topic names can be at most ${TOPIC_NAME_MAX} characters; "${mrkdwnText(tooLong, 50)}" has ${[...tooLong].length}.`);
    if (wanted.length === 0) throw new TopicError('Name at least one topic, e.g. `/guild topics add accessibility, design systems`.');
    return this.deps.prisma.$transaction(async (tx) => {
      await lockCommunity(tx, community.id);
      const present = await tx.topic.findMany({ where: { communityId: community.id }, select: { key: true, name: true } });
      const presentKeys = new Set(present.map((t) => t.key));
      const fresh = wanted.filter((n) => !presentKeys.has(topicKey(n)));
      if (present.length + fresh.length > TOPIC_LIMIT) {
        throw new TopicError(`A community can have at most ${TOPIC_LIMIT} topics; this one has ${present.length}. Remove some with \`/guild topics remove <name>\` first.`);
      }
      await tx.topic.createMany({ data: fresh.map((name) => ({ communityId: community.id, name, key: topicKey(name) })) });
      return { added: fresh, existing: wanted.filter((n) => presentKeys.has(topicKey(n))) };
    });
  }

  /** Removes a topic and everyone's levels, mentoring and learning choices for it. */
  async removeTopic(channel: ChannelRef, actor: Actor, name: string): Promise<string> {
    const community = await this.requireCommunity(channel);
    await this.requireOrganiser(community.id, actor.userId, 'change topics');
    const topic = await this.deps.prisma.topic.findUnique({ where: { communityId_key: { communityId: community.id, key: topicKey(name) } } });
    if (!topic) throw new TopicError(`There is no topic called "${mrkdwnText(name.trim(), 60)}". See the list with \`/guild topics\`.`);
    await this.deps.prisma.topic.delete({ where: { id: topic.id } });
    return topic.name;
  }

  /**
   * Slack told us an account changed (event `eventKey`, handled once however often Slack
   * redelivers it). A deleted account stops taking part everywhere; its history stays, and a
   * reactivated account takes part again. The time zone Slack now has (`user.tz`: people who
   * travel) is recorded as Slack's; a person who pinned a zone keeps theirs, since Guild reads
   * the pinned zone first.
   */
  async accountChanged(eventKey: string, userId: string, deleted: boolean, slackTimeZone?: string): Promise<'deactivated' | 'reactivated' | 'unchanged' | 'duplicate'> {
    const zone = slackTimeZone ? canonicalZone(slackTimeZone) : undefined;
    return this.deps.prisma.$transaction(async (tx) => {
      if (!(await claimOnce(tx, eventKey))) return 'duplicate';
      if (zone) {
        const moved = await tx.person.updateMany({ where: { id: userId, OR: [{ slackTimeZone: null }, { slackTimeZone: { not: zone } }] }, data: { slackTimeZone: zone } });
        if (moved.count > 0) this.deps.logger.info({ userId, slackTimeZone: zone }, "Slack's time zone for a person changed");
      }
      const { count } = await tx.person.updateMany({
        where: { id: userId, deactivatedAt: deleted ? null : { not: null } },
        data: { deactivatedAt: deleted ? new Date() : null },
      });
      if (count === 0) return 'unchanged';
      this.deps.logger.info({ userId, deleted }, deleted ? 'person deactivated' : 'person reactivated');
      return deleted ? 'deactivated' : 'reactivated';
    });
  }

  private async deactivatePerson(userId: string): Promise<void> {
    await this.deps.prisma.person.updateMany({ where: { id: userId, deactivatedAt: null }, data: { deactivatedAt: new Date() } });
  }

  /**
   * Someone joined a community's channel (event `eventKey`, handled once): if they are not a
   * member yet, they get a DM inviting them to join. The invitation is queued in the same
   * transaction that records the event, so it is sent once, and surely.
   */
  async channelJoined(eventKey: string, channel: ChannelRef, userId: string): Promise<boolean> {
    const community = await this.findCommunity(channel);
    if (!community) return false;
    return this.deps.prisma.$transaction(async (tx) => {
      if (!(await claimOnce(tx, eventKey))) return false;
      if (await activeMembership(tx, community.id, userId)) return false;
      await this.deps.outbox.send({ key: `invite:${eventKey}`, to: { users: [userId] }, ...inviteMessage(community.name, community.channelId, community.id) }, tx);
      return true;
    });
  }

  /**
   * Makes sure Guild is in the channel, since Slack sends events (thread replies, people joining)
   * only from conversations the bot is in: a public channel is joined, a private one must invite
   * Guild first, which the refusal says how to do. Returns the channel's real name (slash
   * commands from private channels carry "privategroup" instead).
   */
  async prepareChannel(channel: ChannelRef): Promise<{ name?: string }> {
    assertChannel(channel.channelId, 'this command');
    const facts = await this.deps.directory.channel(channel.channelId);
    if (!facts) throw new GuildNotInChannelError();
    if (!facts.isMember) {
      if (facts.isPrivate) throw new GuildNotInChannelError();
      await this.deps.directory.join(channel.channelId);
      this.deps.logger.info({ channelId: channel.channelId }, 'joined the channel');
    }
    return { name: facts.name };
  }

  async findCommunity(channel: ChannelRef): Promise<CommunitySummary | undefined> {
    const community = await this.deps.prisma.community.findUnique({ where: { teamId_channelId: { teamId: channel.teamId, channelId: channel.channelId } } });
    return community ? summary(community) : undefined;
  }

  async requireCommunity(channel: ChannelRef): Promise<CommunitySummary> {
    const community = await this.findCommunity(channel);
    if (!community) throw new NotACommunityError();
    return community;
  }

  /** Whether the person organises the community of this channel (false when there is none). */
  async isOrganiser(channel: Place, userId: string): Promise<boolean> {
    return communityRoles(this.deps.prisma).isOrganiser(channel, userId);
  }

  /** The time zone Guild uses for a person: the one they chose, else Slack's, else UTC. */
  async timeZoneOf(userId: string): Promise<string> {
    const person = await this.deps.prisma.person.findUnique({ where: { id: userId }, select: { timeZone: true, slackTimeZone: true } });
    return person?.timeZone ?? person?.slackTimeZone ?? 'UTC';
  }

  /** Throws unless the person is an active organiser of the community. */
  async requireOrganiser(communityId: number, userId: string, action: string): Promise<void> {
    const membership = await activeMembership(this.deps.prisma, communityId, userId);
    if (!membership || membership.role !== 'organiser') throw new NotOrganiserError(action);
  }
}

export function topicKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

function uniqueByKey(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = topicKey(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function assertChannel(channelId: string, command: string): void {
  // D… is a direct message; G… can be a group DM or an old private channel, which is fine.
  if (channelId.startsWith('D')) throw new NotInChannelError(command);
}

function summary(c: { id: number; name: string; channelId: string; timeZone: string }): CommunitySummary {
  return { id: c.id, name: c.name, channelId: c.channelId, timeZone: c.timeZone };
}

export async function upsertPerson(tx: Tx, actor: Actor, slackTimeZone?: string): Promise<void> {
  await tx.person.upsert({
    where: { id: actor.userId },
    create: { id: actor.userId, teamId: actor.teamId, displayName: actor.userName ?? '', slackTimeZone: slackTimeZone ?? null },
    update: {
      ...(actor.userName ? { displayName: actor.userName } : {}),
      ...(slackTimeZone ? { slackTimeZone } : {}),
    },
  });
}

export async function activeMembership(tx: Tx | PrismaClient, communityId: number, personId: string) {
  const membership = await tx.membership.findUnique({
    where: { communityId_personId: { communityId, personId } },
    include: { person: { select: { deactivatedAt: true } } },
  });
  return membership && !membership.leftAt && !membership.person.deactivatedAt ? membership : undefined;
}

/** Serialises changes to one community's roles, so two concurrent removals cannot leave it with no organiser. */
async function lockCommunity(tx: Tx, communityId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Community" WHERE id = ${communityId} FOR UPDATE`;
}

function countOrganisers(tx: Tx, communityId: number): Promise<number> {
  return tx.membership.count({ where: { communityId, role: 'organiser', leftAt: null, person: { deactivatedAt: null } } });
}

/** A membership's opt-ins as the views show them. */
export function optInsOf(m: { coffee: boolean; eventSuggestions: boolean; mentoring: 'mentor' | 'mentee' | 'both' | null }): OptIns {
  return { coffee: m.coffee, eventSuggestions: m.eventSuggestions, ...(m.mentoring ? { mentoring: m.mentoring } : {}) };
}
