import { WebClient } from '@slack/web-api';
import pino, { type Logger } from 'pino';
import type { PrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import { LevelsService } from '../../src/rituals/mentoring/mentoring.levels';
import { MentoringService } from '../../src/rituals/mentoring/mentoring.service';
import { systemClock, type Clock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';

/** The mentoring services wired as Guild wires them, on the test database (messages are only queued). */
export function mentoringStack(prisma: PrismaClient, options: { clock?: Clock; logger?: Logger } = {}) {
  const logger = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const scheduler = new Scheduler({ prisma, logger, clock });
  const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const delivery = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock });
  const mentoring = new MentoringService({ prisma, logger, messages: delivery, jobs: scheduler.jobs, now: () => clock.now() });
  const levels = new LevelsService({ prisma, logger, messages: delivery });
  return { mentoring, levels, delivery, scheduler };
}

export interface PersonSpec {
  id: string;
  role: 'mentor' | 'mentee' | 'both';
  timeZone?: string;
  /** topic name → level; with `teaches`/`learns` naming what they mentor or want to learn. */
  levels?: Record<string, number>;
  teaches?: string[];
  learns?: string[];
  capacity?: number;
}

/** A community with topics and members set up as the profile form would leave them. */
export async function seedCommunity(prisma: PrismaClient, topics: string[], people: PersonSpec[]): Promise<{ communityId: number; topicIds: Map<string, number> }> {
  const community = await prisma.community.create({ data: { teamId: 'T1', channelId: 'C0DESIGN', name: 'Design', timeZone: 'UTC', createdBy: 'U0ORG' } });
  await prisma.person.create({ data: { id: 'U0ORG', teamId: 'T1' } });
  await prisma.membership.create({ data: { communityId: community.id, personId: 'U0ORG', role: 'organiser' } });
  const topicIds = new Map<string, number>();
  for (const name of topics) topicIds.set(name, (await prisma.topic.create({ data: { communityId: community.id, name, key: name.toLowerCase() } })).id);
  for (const p of people) {
    await prisma.person.create({ data: { id: p.id, teamId: 'T1', timeZone: p.timeZone ?? 'UTC' } });
    await prisma.membership.create({ data: { communityId: community.id, personId: p.id, mentoring: p.role } });
    const named = new Set([...(p.teaches ?? []), ...(p.learns ?? []), ...Object.keys(p.levels ?? {})]);
    for (const topic of named) {
      await prisma.topicSkill.create({ data: { personId: p.id, topicId: topicIds.get(topic)!, level: p.levels?.[topic] ?? null, canMentor: p.teaches?.includes(topic) ?? false, wantsToLearn: p.learns?.includes(topic) ?? false } });
    }
    if (p.capacity !== undefined) await prisma.mentorSettings.create({ data: { communityId: community.id, personId: p.id, capacity: p.capacity } });
  }
  return { communityId: community.id, topicIds };
}
