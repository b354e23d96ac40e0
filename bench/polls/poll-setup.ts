import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../src/community/community.service';
import type { PrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import { pollMessage } from '../../src/rituals/polls/polls.messages';
import { PollsService } from '../../src/rituals/polls/polls.service';
import { findPoll, readState } from '../../src/rituals/polls/polls.store';
import { systemClock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';
import { Schedules } from '../../src/scheduler/schedules';
import { LocalSlack, TEAM, type SandboxChannel, type SandboxUser } from '../../src/sandbox';
import type { Cleanup } from '../support/cleanup';

export const SIGNING_SECRET = 'bench-signing-secret-polls-7c21';
export const GUILD_SECRET = 'bench-anonymity-secret-polls-0123456789abcdef';
export const VOTERS = 5000;
export const OPTIONS = ['Testing', 'Accessibility', 'Design systems', 'Research ops', 'Prototyping', 'Visual design'];
const TOPICS = ['testing', 'accessibility', 'research'];

export interface PollWorkspace {
  slack: LocalSlack;
  client: WebClient;
  channel: SandboxChannel;
  voters: SandboxUser[];
  polls: PollsService;
  prisma: PrismaClient;
  pollId: number;
  optionIds: number[];
  /** The poll message as posted in the local Slack. */
  messageTs: string;
}

/**
 * A community of 5,000 members with levels in three topics, and an open single-choice poll made
 * through the real service, its message posted to a local Slack with no rate limits.
 */
export async function startPollWorkspace(prisma: PrismaClient, cleanup: Cleanup, progress: (m: string) => void): Promise<PollWorkspace> {
  const slack = await LocalSlack.start({ signingSecret: SIGNING_SECRET, rateLimits: { enabled: false }, recordCalls: false });
  cleanup.add('stop local Slack', () => slack.stop());
  progress(`adding ${VOTERS} people`);
  const voters = Array.from({ length: VOTERS }, (_, i) => slack.addUser({ name: `voter${i}`, tz: 'Europe/London' }));
  const channel = slack.addChannel({ name: 'platform-guild', members: voters.map((v) => v.id), botMember: true });
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const scheduler = new Scheduler({ prisma, logger, clock: systemClock });
  const delivery = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock: systemClock });
  const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
  const community = new CommunityService({ prisma, directory: directory as never, outbox: delivery, logger });
  const schedules = new Schedules({ prisma, jobs: scheduler.jobs, clock: systemClock, logger });
  const polls = new PollsService({ prisma, messages: delivery, jobs: scheduler.jobs, schedules, community, secret: GUILD_SECRET, logger, now: () => new Date() });

  const communityId = (await prisma.community.create({ data: { teamId: TEAM.id, channelId: channel.id, name: 'Platform guild', timeZone: 'Europe/London', createdBy: voters[0]!.id } })).id;
  await prisma.person.createMany({ data: voters.map((v) => ({ id: v.id, teamId: TEAM.id })) });
  await prisma.membership.createMany({ data: voters.map((v, i) => ({ communityId, personId: v.id, role: i === 0 ? 'organiser' : 'member' })) });
  const topics = await prisma.topic.createManyAndReturn({ data: TOPICS.map((name) => ({ communityId, name, key: name })) });
  await prisma.topicSkill.createMany({ data: voters.flatMap((v, i) => topics.map((t, j) => ({ personId: v.id, topicId: t.id, level: ((i + j) % 5) + 1 }))) });

  const poll = await polls.create({ teamId: TEAM.id, channelId: channel.id }, { teamId: TEAM.id, userId: voters[0]!.id }, { question: 'Which topic for the next meetup?', options: OPTIONS, kind: 'single', limit: 1, anonymous: false, hideResults: false, membersAddOptions: false });
  const rendered = pollMessage(await readState(prisma, (await findPoll(prisma, poll.id))!));
  const posted = await client.chat.postMessage({ channel: channel.id, ...rendered });
  return { slack, client, channel, voters, polls, prisma, pollId: poll.id, optionIds: poll.options.map((o) => o.id), messageTs: posted.ts! };
}
