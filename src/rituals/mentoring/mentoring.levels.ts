import type { Logger } from 'pino';
import type { PrismaClient } from '../../db/client';
import type { Delivery } from '../../delivery/delivery';
import { MentoringError } from './mentoring.errors';
import { surveyMessages } from './mentoring.messages';
import { distribution, type LevelDistribution } from './mentoring.rules';

export interface LevelsDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** A broadcast: all members' DMs queued in two statements. */
  messages: Pick<Delivery, 'sendMany'>;
}

/**
 * The experience levels survey: every active member of a community gets a DM with the
 * community's topics and a 1–5 menu each, pre-filled from their profile; each answer updates
 * their TopicSkill (and so the next mentor matches). Organisers see counts per level, never
 * one person's answer.
 */
export class LevelsService {
  constructor(private readonly deps: LevelsDeps) {}

  /** Sends the survey to each active member (one or more DMs each); says how many people. */
  async sendSurvey(communityId: number, sentBy: string): Promise<{ recipients: number; topics: number }> {
    const { prisma } = this.deps;
    const community = await prisma.community.findUniqueOrThrow({ where: { id: communityId } });
    const topics = await prisma.topic.findMany({ where: { communityId }, orderBy: { key: 'asc' } });
    if (topics.length === 0) throw new MentoringError('This community has no topics yet: add some with `/guild topics add`, then run the survey.');
    const members = await prisma.membership.findMany({ where: { communityId, leftAt: null, person: { deactivatedAt: null } }, select: { personId: true } });
    const skills = await prisma.topicSkill.findMany({ where: { topicId: { in: topics.map((t) => t.id) }, personId: { in: members.map((m) => m.personId) } } });
    const levelOf = new Map(skills.map((s) => [`${s.personId}:${s.topicId}`, s.level ?? undefined]));
    await prisma.$transaction(async (tx) => {
      const survey = await tx.levelSurvey.create({ data: { communityId, sentBy, recipients: members.length } });
      const requests = members.flatMap(({ personId }) =>
        surveyMessages(community.name, topics.map((t) => ({ id: t.id, name: t.name, level: levelOf.get(`${personId}:${t.id}`) }))).map((message, part) => ({
          key: `mentoring:levels:${survey.id}:${personId}:${part}`,
          to: { users: [personId] },
          ...message,
        })),
      );
      await this.deps.messages.sendMany(requests, tx);
    });
    this.deps.logger.info({ communityId, recipients: members.length, topics: topics.length }, 'levels survey sent');
    return { recipients: members.length, topics: topics.length };
  }

  /** One answer of the survey: the person's level in a topic of a community they belong to. */
  async saveLevel(userId: string, topicId: number, level: number): Promise<{ topic: string }> {
    if (!Number.isInteger(level) || level < 1 || level > 5) throw new MentoringError('Choose a level from 1 to 5.');
    const { prisma } = this.deps;
    const topic = await prisma.topic.findUnique({ where: { id: topicId } });
    if (!topic) throw new MentoringError('That topic has been removed from the community.');
    const member = await prisma.membership.findFirst({ where: { communityId: topic.communityId, personId: userId, leftAt: null } });
    if (!member) throw new MentoringError('You are no longer a member of this community.');
    await prisma.topicSkill.upsert({ where: { personId_topicId: { personId: userId, topicId } }, create: { personId: userId, topicId, level }, update: { level } });
    return { topic: topic.name };
  }

  /** Per topic: how many active members are at each level, and how many gave none. */
  async distributions(communityId: number): Promise<LevelDistribution[]> {
    const { prisma } = this.deps;
    const members = await prisma.membership.findMany({ where: { communityId, leftAt: null, person: { deactivatedAt: null } }, select: { personId: true } });
    const ids = members.map((m) => m.personId);
    const topics = await prisma.topic.findMany({ where: { communityId }, orderBy: { key: 'asc' }, include: { skills: { where: { personId: { in: ids } }, select: { level: true } } } });
    return topics.map((t) => distribution(t.name, t.skills.map((s) => s.level), ids.length));
  }
}
