import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../../src/community/community.service';
import { Delivery } from '../../../src/delivery/delivery';
import { pollPseudonym } from '../../../src/rituals/polls/polls.anonymity';
import { pollMessageKey, pollResultsKey } from '../../../src/rituals/polls/polls.ids';
import type { PollRequest } from '../../../src/rituals/polls/polls.quick';
import { scheduledPollJob } from '../../../src/rituals/polls/polls.jobs';
import { PollsService } from '../../../src/rituals/polls/polls.service';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { Schedules } from '../../../src/scheduler/schedules';
import { useTestDatabase } from '../../support/database';

const SECRET = 'polls-test-secret-0123456789abcdef0123';

/** The polls service against Postgres: creation, votes under concurrency, limits, closing, reminders, options, schedules. */
describe('PollsService', () => {
  const db = useTestDatabase();
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const MEMBER = { teamId: TEAM, userId: 'U0MEM' };
  let polls: PollsService;
  let clock: ManualClock;
  let communityId: number;

  beforeEach(async () => {
    const logger = pino({ level: 'silent' });
    clock = new ManualClock('2026-12-07T08:00:00Z');
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
    const messages = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
    const community = new CommunityService({ prisma: db.prisma, directory: directory as never, outbox: messages, logger });
    const schedules = new Schedules({ prisma: db.prisma, jobs: scheduler.jobs, clock, logger });
    polls = new PollsService({ prisma: db.prisma, messages, jobs: scheduler.jobs, schedules, community, secret: SECRET, logger, now: () => clock.now(), refreshDelayMs: 5 });
    communityId = (await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C1', name: 'Design', timeZone: 'Europe/London', createdBy: ORGANISER.userId } })).id;
    await members([ORGANISER.userId, MEMBER.userId], 'organiser');
  });

  // Renders after votes run a moment later: each test waits for its own before the tables are emptied.
  afterEach(() => polls.refresher.idle());

  async function members(ids: string[], firstRole: 'organiser' | 'member' = 'member') {
    await db.prisma.person.createMany({ data: ids.map((id) => ({ id, teamId: TEAM })) });
    await db.prisma.membership.createMany({ data: ids.map((id, i) => ({ communityId, personId: id, role: i === 0 ? firstRole : 'member' })) });
  }

  const request = (over: Partial<PollRequest> = {}): PollRequest => ({ question: 'Next topic?', options: ['Testing', 'Accessibility', 'Design systems'], kind: 'single', limit: 1, anonymous: false, hideResults: false, membersAddOptions: false, ...over });
  const optionIds = async (pollId: number) => (await db.prisma.pollOption.findMany({ where: { pollId }, orderBy: { position: 'asc' } })).map((o) => o.id);
  const weights = async (pollId: number) => {
    const votes = await db.prisma.pollVote.groupBy({ by: ['optionId'], where: { pollId }, _sum: { weight: true }, _count: true });
    return new Map(votes.map((v) => [v.optionId, { votes: v._count, weight: v._sum.weight ?? 0 }]));
  };

  it('posts one message, and counts 100 concurrent votes from distinct people exactly', async () => {
    const poll = await polls.create(CHANNEL, MEMBER, request());
    const [a, b, c] = await optionIds(poll.id);
    const voters = Array.from({ length: 100 }, (_, i) => `U${String(i).padStart(4, '0')}`);
    const choice = (i: number) => [a!, b!, c!][i % 3]!;
    await Promise.all(voters.map((userId, i) => polls.vote({ pollId: poll.id, userId, optionId: choice(i), action: 'toggle' })));
    const counts = await weights(poll.id);
    expect([counts.get(a!)?.votes, counts.get(b!)?.votes, counts.get(c!)?.votes]).toEqual([34, 33, 33]);
    expect(await db.prisma.pollBallot.count({ where: { pollId: poll.id } })).toBe(100);
    await polls.refresher.idle();
    const message = await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: pollMessageKey(poll.id) } });
    expect(JSON.stringify(message.blocks)).toContain('100 people voted');
    expect(await db.prisma.outboundMessage.count({ where: { key: { startsWith: `poll:${poll.id}` } } })).toBe(1);
  });

  it('changes a vote, and holds one vote each when the same person clicks many times at once', async () => {
    const poll = await polls.create(CHANNEL, MEMBER, request());
    const [a, b, c] = await optionIds(poll.id);
    expect((await polls.vote({ pollId: poll.id, userId: 'U1', optionId: a!, action: 'toggle' })).mine).toEqual([{ text: 'Testing', weight: 1 }]);
    expect((await polls.vote({ pollId: poll.id, userId: 'U1', optionId: b!, action: 'toggle' })).mine).toEqual([{ text: 'Accessibility', weight: 1 }]);
    await Promise.allSettled([a, b, c, a, b, c].map((optionId) => polls.vote({ pollId: poll.id, userId: 'U2', optionId: optionId!, action: 'toggle' })));
    expect(await db.prisma.pollVote.count({ where: { pollId: poll.id, voterKey: 'U2' } })).toBeLessThanOrEqual(1);
    expect(await db.prisma.pollVote.count({ where: { pollId: poll.id, voterKey: 'U1' } })).toBe(1);
  });

  it('holds k for multiple choice and the budget for dots under concurrent clicks', async () => {
    const multiple = await polls.create(CHANNEL, MEMBER, request({ kind: 'multiple', limit: 2 }));
    const ids = await optionIds(multiple.id);
    const results = await Promise.allSettled(ids.map((optionId) => polls.vote({ pollId: multiple.id, userId: 'U1', optionId, action: 'toggle' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { message: expect.stringMatching(/chosen 2 options/) } });
    expect(await db.prisma.pollVote.count({ where: { pollId: multiple.id } })).toBe(2);

    const dots = await polls.create(CHANNEL, MEMBER, request({ kind: 'dots', limit: 5 }));
    const [first] = await optionIds(dots.id);
    const clicks = await Promise.allSettled(Array.from({ length: 12 }, () => polls.vote({ pollId: dots.id, userId: 'U1', optionId: first!, action: 'add' })));
    expect(clicks.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect((await weights(dots.id)).get(first!)?.weight).toBe(5);
    await polls.vote({ pollId: dots.id, userId: 'U1', optionId: first!, action: 'remove' });
    expect((await weights(dots.id)).get(first!)?.weight).toBe(4);
  });

  it('ranks in click order and scores by Borda count', async () => {
    const poll = await polls.create(CHANNEL, MEMBER, request({ kind: 'ranked', limit: 3 }));
    const [a, b, c] = await optionIds(poll.id);
    for (const optionId of [c, a]) await polls.vote({ pollId: poll.id, userId: 'U1', optionId: optionId!, action: 'toggle' });
    const outcome = await polls.vote({ pollId: poll.id, userId: 'U1', optionId: b!, action: 'toggle' });
    expect(outcome.mine).toEqual([{ text: 'Testing', weight: 2 }, { text: 'Accessibility', weight: 3 }, { text: 'Design systems', weight: 1 }]);
    await polls.close(poll.id, MEMBER.userId);
    const results = await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: pollResultsKey(poll.id) } });
    expect(JSON.stringify(results.blocks)).toMatch(/1\. \*Design systems\*.*3 points.*2\. \*Testing\*.*2 points.*3\. \*Accessibility\*.*1 point /);
  });

  it('anonymous polls store pseudonyms, never user ids, and remind only who has not voted', async () => {
    await members(['U0A', 'U0B', 'U0C']);
    const poll = await polls.create(CHANNEL, MEMBER, request({ anonymous: true, closes: { kind: 'in', minutes: 120 }, remindMinutes: 60 }));
    const [a] = await optionIds(poll.id);
    await polls.vote({ pollId: poll.id, userId: 'U0A', optionId: a!, action: 'toggle' });
    const keys = (await db.prisma.pollVote.findMany({ where: { pollId: poll.id } })).map((v) => v.voterKey);
    expect(keys).toEqual([pollPseudonym(SECRET, poll.id, 'U0A')]);
    expect(JSON.stringify(await db.prisma.pollBallot.findMany())).not.toContain('U0A');
    expect(await polls.remind(poll.id)).toBe(4);
    const reminded = (await db.prisma.outboundMessage.findMany({ where: { key: { contains: ':reminder:' } } })).map((m) => m.userIds[0]).sort();
    expect(reminded).toEqual(['U0B', 'U0C', 'U0MEM', 'U0ORG']);
    expect(await polls.remind(poll.id)).toBe(4);
    expect(await db.prisma.outboundMessage.count({ where: { key: { contains: ':reminder:' } } })).toBe(4); // once each
    expect(await db.prisma.job.count({ where: { key: { in: [`poll:${poll.id}:close`, `poll:${poll.id}:remind`] } } })).toBe(2);
  });

  it('refuses votes on a closed poll and closes only by its creator or an organiser', async () => {
    await members(['U0X']);
    const poll = await polls.create(CHANNEL, MEMBER, request());
    const [a] = await optionIds(poll.id);
    await polls.vote({ pollId: poll.id, userId: 'U0X', optionId: a!, action: 'toggle' });
    await expect(polls.close(poll.id, 'U0X')).rejects.toThrow(/Only the poll's creator/);
    await polls.close(poll.id, ORGANISER.userId);
    await expect(polls.vote({ pollId: poll.id, userId: 'U0Y', optionId: a!, action: 'toggle' })).rejects.toThrow(/This poll is closed/);
    await expect(polls.close(poll.id, MEMBER.userId)).rejects.toThrow(/already closed/);
    expect(await db.prisma.outboundMessage.count({ where: { key: pollResultsKey(poll.id) } })).toBe(1);
  });

  it('refuses votes after the closing time, even before the close job ran', async () => {
    const poll = await polls.create(CHANNEL, MEMBER, request({ closes: { kind: 'in', minutes: 30 } }));
    const [a] = await optionIds(poll.id);
    clock.advance(31 * 60_000);
    await expect(polls.vote({ pollId: poll.id, userId: 'U1', optionId: a!, action: 'toggle' })).rejects.toThrow(/closed/);
  });

  it('adds options when allowed; refuses duplicates, closed polls, and more than 25', async () => {
    const poll = await polls.create(CHANNEL, MEMBER, request({ membersAddOptions: true }));
    await members(['U0N']);
    await polls.addOption({ pollId: poll.id, text: 'Research ops', by: 'U0N' });
    await expect(polls.addOption({ pollId: poll.id, text: ' testing ', by: 'U0N' })).rejects.toThrow(/"Testing" is an option already/);
    expect(await polls.openForOptions(communityId, 5)).toEqual([{ id: poll.id, question: 'Next topic?' }]);
    for (let i = 0; i < 21; i += 1) await polls.addOption({ pollId: poll.id, text: `Option ${i}`, by: MEMBER.userId });
    await expect(polls.addOption({ pollId: poll.id, text: 'One too many', by: MEMBER.userId })).rejects.toThrow(/25 options/);
    const fixed = await polls.create(CHANNEL, MEMBER, request());
    await expect(polls.addOption({ pollId: fixed.id, text: 'New', by: 'U0N' })).rejects.toThrow(/does not take new options/);
    await polls.close(poll.id, MEMBER.userId);
    await expect(polls.addOption({ pollId: poll.id, text: 'Late', by: 'U0N' })).rejects.toThrow(/closed/);
  });

  it('breaks results down by level: the poll topic, else the highest level', async () => {
    const topic = await db.prisma.topic.create({ data: { communityId, name: 'Testing', key: 'testing' } });
    const other = await db.prisma.topic.create({ data: { communityId, name: 'Research', key: 'research' } });
    const voters = Array.from({ length: 6 }, (_, i) => `U0L${i}`);
    await members(voters);
    await db.prisma.topicSkill.createMany({ data: voters.map((personId, i) => ({ personId, topicId: topic.id, level: i < 3 ? 1 : 4 })) });
    await db.prisma.topicSkill.create({ data: { personId: voters[0]!, topicId: other.id, level: 5 } });
    const byTopic = await polls.create(CHANNEL, MEMBER, request({ topicId: topic.id }));
    const byMax = await polls.create(CHANNEL, MEMBER, request());
    for (const poll of [byTopic, byMax]) {
      const [a] = await optionIds(poll.id);
      for (const userId of voters) await polls.vote({ pollId: poll.id, userId, optionId: a!, action: 'toggle' });
    }
    const levels = async (pollId: number) => (await db.prisma.pollBallot.findMany({ where: { pollId }, orderBy: { voterKey: 'asc' } })).map((b) => b.level);
    expect(await levels(byTopic.id)).toEqual([1, 1, 1, 4, 4, 4]);
    expect(await levels(byMax.id)).toEqual([5, 1, 1, 4, 4, 4]);
    await polls.close(byTopic.id, MEMBER.userId);
    const results = JSON.stringify((await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: pollResultsKey(byTopic.id) } })).blocks);
    expect(results).toMatch(/level in \*Testing\*/);
    expect(results).toMatch(/Level 1\* \(3 voters\)/);
  });

  it('makes a topic-interest poll from the community topics', async () => {
    await expect(polls.topicsRequest(CHANNEL)).rejects.toThrow(/no topics yet/);
    await db.prisma.topic.createMany({ data: ['Testing', 'Research', 'Accessibility'].map((name) => ({ communityId, name, key: name.toLowerCase() })) });
    const made = await polls.create(CHANNEL, MEMBER, await polls.topicsRequest(CHANNEL));
    expect(made).toMatchObject({ kind: 'multiple', maxChoices: 3 });
    expect(made.options.map((o) => o.text).sort()).toEqual(['Accessibility', 'Research', 'Testing']);
  });

  it('closes at a local time in the community zone, and refuses times that passed', async () => {
    const poll = await polls.create(CHANNEL, MEMBER, request({ closes: { kind: 'at', local: '2026-12-08T17:00' } }));
    expect(poll.closesAt).toEqual(new Date('2026-12-08T17:00:00Z')); // London in December is UTC
    await expect(polls.create(CHANNEL, MEMBER, request({ closes: { kind: 'at', local: '2026-12-01T17:00' } }))).rejects.toThrow(/has passed/);
    await expect(polls.create(CHANNEL, { teamId: TEAM, userId: 'U0STRANGER' }, request())).rejects.toThrow(/Only members/);
  });

  it('schedules a weekly poll for organisers; each occurrence opens one poll', async () => {
    await expect(polls.schedule(CHANNEL, MEMBER, request(), { local: '2026-12-14T09:00', repeat: 'weekly' })).rejects.toThrow(/organisers/);
    const summary = await polls.schedule(CHANNEL, ORGANISER, request({ closes: { kind: 'in', minutes: 2880 } }), { local: '2026-12-14T09:00', repeat: 'weekly' });
    expect(summary.nextRunAt).toEqual(new Date('2026-12-14T09:00:00Z'));
    // The scheduler makes each occurrence a job whose payload is the schedule's, with its id and instant.
    const schedule = await db.prisma.schedule.findUniqueOrThrow({ where: { id: summary.id } });
    const payload = { ...(schedule.payload as object), scheduleId: summary.id, occurrence: '2026-12-14T09:00:00.000Z' };
    const job = scheduledPollJob({ polls });
    const context = { logger: pino({ level: 'silent' }) } as never;
    clock.set('2026-12-14T09:00:01Z');
    await job.run(payload, context);
    await job.run(payload, context); // a second run of the same occurrence opens nothing more
    const opened = await db.prisma.poll.findFirstOrThrow();
    expect(opened).toMatchObject({ occurrenceKey: `schedule:${summary.id}:2026-12-14T09:00:00.000Z`, createdBy: ORGANISER.userId, closesAt: new Date('2026-12-16T09:00:01Z') });
    await expect(job.run({ ...payload, request: { question: 'x' } }, context)).rejects.toThrow(/malformed/);
    expect(await db.prisma.poll.count()).toBe(1);
  });
});
