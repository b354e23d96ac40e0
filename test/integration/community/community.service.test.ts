import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService, TOPIC_LIMIT } from '../../../src/community/community.service';
import { AlreadyACommunityError, LastOrganiserError } from '../../../src/community/community.errors';
import { LocalSlack, type SandboxUser } from '../../../src/sandbox';
import { webDirectory } from '../../../src/slack/web-directory';
import { Delivery } from '../../../src/delivery/delivery';
import { systemClock } from '../../../src/scheduler/clock';
import { JobStore } from '../../../src/scheduler/job-store';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** The service against a real Postgres, asking the local Slack about people through the real WebClient. */
describe('CommunityService under concurrency', () => {
  let db: TestDatabase;
  let slack: LocalSlack;
  let service: CommunityService;
  let ada: SandboxUser;
  let grace: SandboxUser;
  // A public channel Guild is not in yet: setting it up joins it.
  let channel: { teamId: string; channelId: string; channelName: string };
  const as = (user: SandboxUser) => ({ teamId: 'T0GUILD', userId: user.id, userName: user.name });

  beforeAll(async () => {
    db = await createTestDatabase();
    slack = await LocalSlack.start({ signingSecret: 'unused', rateLimits: { enabled: false } });
    ada = slack.addUser({ name: 'ada', tz: 'Europe/London' });
    grace = slack.addUser({ name: 'grace', tz: 'America/New_York' });
    channel = { teamId: 'T0GUILD', channelId: slack.addChannel({ name: 'design', members: [ada.id, grace.id] }).id, channelName: 'design' };
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const logger = pino({ level: 'silent' });
    const delivery = new Delivery({ prisma: db.prisma, jobs: new JobStore(db.prisma), client, logger, clock: systemClock });
    service = new CommunityService({ prisma: db.prisma, directory: webDirectory(client), outbox: delivery, logger });
  });
  afterAll(async () => {
    await slack.stop();
    await db.drop();
  });
  beforeEach(() => db.truncate());

  it('lets exactly one of several simultaneous setups of a channel win', async () => {
    const results = await Promise.allSettled([service.setup(channel, as(ada)), service.setup(channel, as(grace)), service.setup(channel, as(ada))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AlreadyACommunityError);
    expect(await db.prisma.community.count()).toBe(1);
    expect(await db.prisma.membership.count({ where: { role: 'organiser' } })).toBe(1);
  });

  it('never leaves a community without an organiser when two organisers step down at once', async () => {
    await service.setup(channel, as(ada));
    await service.addOrganiser(channel, as(ada), grace.id);
    const results = await Promise.allSettled([service.leave(channel, as(ada)), service.leave(channel, as(grace))]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(LastOrganiserError);
    expect(await db.prisma.membership.count({ where: { role: 'organiser', leftAt: null } })).toBe(1);
  });

  it('holds the topic limit when organisers add topics at the same time', async () => {
    await service.setup(channel, as(ada));
    await service.addOrganiser(channel, as(ada), grace.id);
    const batch = (prefix: string) => Array.from({ length: TOPIC_LIMIT / 2 + 5 }, (_, i) => `${prefix} ${i}`);
    const results = await Promise.allSettled([service.addTopics(channel, as(ada), batch('a')), service.addTopics(channel, as(grace), batch('b'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.prisma.topic.count()).toBe(TOPIC_LIMIT / 2 + 5);
  });

  it('records an account change once per event, in the same transaction as its effect', async () => {
    await service.setup(channel, as(ada));
    const outcomes = await Promise.all([1, 2, 3].map(() => service.accountChanged('event:Ev1', ada.id, true)));
    expect(outcomes.sort()).toEqual(['deactivated', 'duplicate', 'duplicate']);
    expect(await service.accountChanged('event:Ev2', ada.id, true)).toBe('unchanged');
    expect(await service.accountChanged('event:Ev3', ada.id, false)).toBe('reactivated');
  });
});
