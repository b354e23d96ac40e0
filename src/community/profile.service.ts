import type { Logger } from 'pino';
import { claimOnce } from '../db/once';
import type { PrismaClient } from '../db/client';
import { activeMembership, upsertPerson, type Actor } from './community.service';
import { NotMemberError } from './community.errors';
import type { ProfileChanges } from './profile.schema';
import type { SlackDirectory } from './slack-directory';

export interface ProfileForm {
  timeZone: string;
  slackTimeZone?: string;
  workdayStart: number;
  workdayEnd: number;
  interests: string[];
  snoozeUntil?: string;
  /** The community whose topics the form edits, when there is one. */
  community?: {
    id: number;
    name: string;
    topics: { id: number; name: string; level?: number; canMentor: boolean; wantsToLearn: boolean }[];
  };
  /** Why no community topics are shown, when they are not. */
  notice?: string;
}

export interface HomeSummary {
  communities: { name: string; channelId: string; organiser: boolean }[];
  timeZone?: string;
  workdayStart?: number;
  workdayEnd?: number;
  snoozeUntil?: string;
}

/** A person's profile, shared by every ritual: time zone, working hours, interests, skills per topic. */
export class ProfileService {
  constructor(private readonly deps: { prisma: PrismaClient; directory: SlackDirectory; logger: Logger }) {}

  /**
   * What the profile form shows. Topics come from the channel's community when the person is a
   * member there, else from their only community; Slack's time zone is refreshed on the way.
   */
  async form(actor: Actor, channelId: string): Promise<ProfileForm> {
    const { prisma } = this.deps;
    const facts = await this.deps.directory.user(actor.userId);
    await upsertPerson(prisma, actor, facts?.timeZone);
    const person = await prisma.person.findUniqueOrThrow({ where: { id: actor.userId } });
    const memberships = await prisma.membership.findMany({
      where: { personId: actor.userId, leftAt: null, community: { teamId: actor.teamId } },
      include: { community: true },
    });
    const here = memberships.find((m) => m.community.channelId === channelId);
    const chosen = here ?? (memberships.length === 1 ? memberships[0] : undefined);
    const base: ProfileForm = {
      timeZone: person.timeZone ?? person.slackTimeZone ?? 'UTC',
      slackTimeZone: person.slackTimeZone ?? undefined,
      workdayStart: person.workdayStart,
      workdayEnd: person.workdayEnd,
      interests: person.interests,
      snoozeUntil: person.snoozedUntil?.toISOString().slice(0, 10),
    };
    if (!chosen) {
      return {
        ...base,
        notice:
          memberships.length === 0
            ? 'Join a community with `/guild join` in its channel to choose topics to mentor and learn.'
            : 'You belong to several communities: run `/guild profile` in a community\'s channel to edit your topics there.',
      };
    }
    const topics = await prisma.topic.findMany({
      where: { communityId: chosen.communityId },
      orderBy: { key: 'asc' },
      include: { skills: { where: { personId: actor.userId } } },
    });
    return {
      ...base,
      community: {
        id: chosen.communityId,
        name: chosen.community.name,
        topics: topics.map((t) => ({
          id: t.id,
          name: t.name,
          level: t.skills[0]?.level ?? undefined,
          canMentor: t.skills[0]?.canMentor ?? false,
          wantsToLearn: t.skills[0]?.wantsToLearn ?? false,
        })),
      },
      notice: topics.length === 0 ? `*${chosen.community.name}* has no topics yet; organisers add them with \`/guild topics add\`.` : undefined,
    };
  }

  /** What the person's Home tab shows: their communities and the gist of their profile. */
  async home(actor: Actor): Promise<HomeSummary> {
    const person = await this.deps.prisma.person.findUnique({
      where: { id: actor.userId },
      include: { memberships: { where: { leftAt: null }, include: { community: true }, orderBy: { joinedAt: 'asc' } } },
    });
    return {
      communities: (person?.memberships ?? []).map((m) => ({ name: m.community.name, channelId: m.community.channelId, organiser: m.role === 'organiser' })),
      timeZone: person ? (person.timeZone ?? person.slackTimeZone ?? undefined) : undefined,
      workdayStart: person?.workdayStart,
      workdayEnd: person?.workdayEnd,
      snoozeUntil: person?.snoozedUntil?.toISOString().slice(0, 10),
    };
  }

  /**
   * Saves a validated profile once per submission key (the submitted form's id): a double
   * submission changes nothing the second time. Topic choices replace the person's choices for
   * that community; topics removed meanwhile are ignored.
   */
  async save(actor: Actor, submissionKey: string, changes: ProfileChanges, communityId?: number): Promise<{ saved: boolean }> {
    return this.deps.prisma.$transaction(async (tx) => {
      if (!(await claimOnce(tx, `profile:${submissionKey}`))) return { saved: false };
      await upsertPerson(tx, actor);
      await tx.person.update({
        where: { id: actor.userId },
        data: {
          timeZone: changes.timeZone ?? null,
          workdayStart: changes.workdayStart,
          workdayEnd: changes.workdayEnd,
          interests: changes.interests,
          snoozedUntil: changes.snoozeUntil ? new Date(`${changes.snoozeUntil}T00:00:00Z`) : null,
        },
      });
      if (communityId !== undefined) {
        if (!(await activeMembership(tx, communityId, actor.userId))) throw new NotMemberError();
        const topicIds = new Set(
          (await tx.topic.findMany({ where: { communityId }, select: { id: true } })).map((t) => t.id),
        );
        await tx.topicSkill.deleteMany({ where: { personId: actor.userId, topic: { communityId } } });
        await tx.topicSkill.createMany({
          data: changes.skills
            .filter((s) => topicIds.has(s.topicId))
            .map((s) => ({ personId: actor.userId, topicId: s.topicId, level: s.level ?? null, canMentor: s.canMentor, wantsToLearn: s.wantsToLearn })),
        });
      }
      this.deps.logger.info({ userId: actor.userId, communityId }, 'profile saved');
      return { saved: true };
    });
  }
}
