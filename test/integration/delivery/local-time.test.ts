import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { Delivery } from '../../../src/delivery/delivery';
import { sendAtLocalTime } from '../../../src/delivery/local-time';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { LocalSlack } from '../../../src/sandbox';
import { createTestDatabase, type TestDatabase } from '../../support/database';

describe('local-time delivery', () => {
  let db: TestDatabase;
  let slack: LocalSlack;
  beforeAll(async () => {
    db = await createTestDatabase();
    slack = await LocalSlack.start({ signingSecret: 'unused' });
  });
  afterAll(async () => {
    await slack.stop();
    await db.drop();
  });

  it('delivers "Monday 09:00" at each recipient\'s own 09:00', async () => {
    const clock = new ManualClock('2026-11-20T12:00:00Z'); // a Friday
    const logger = pino({ level: 'silent' });
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const delivery = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    scheduler.register(delivery.handler());
    const tokyo = slack.addUser({ name: 'kenji' });
    const berlin = slack.addUser({ name: 'lena' });
    const nowhere = slack.addUser({ name: 'sam' });
    await db.prisma.person.createMany({
      data: [
        { id: tokyo.id, teamId: 'T', slackTimeZone: 'Asia/Tokyo' },
        { id: berlin.id, teamId: 'T', slackTimeZone: 'America/New_York', timeZone: 'Europe/Berlin' }, // chose Berlin over Slack's zone
      ],
    });
    const due = await sendAtLocalTime(db.prisma, delivery, { keyPrefix: 'kickoff:1', userIds: [tokyo.id, berlin.id, nowhere.id], weekday: 'mo', time: '09:00', text: 'Good morning!' }, clock.now());
    expect(Object.fromEntries([...due].map(([user, at]) => [user, at.toISOString()]))).toEqual({
      [tokyo.id]: '2026-11-23T00:00:00.000Z',
      [berlin.id]: '2026-11-23T08:00:00.000Z',
      [nowhere.id]: '2026-11-23T09:00:00.000Z', // unknown zone: UTC
    });

    const delivered = () => [tokyo, berlin, nowhere].filter((u) => slack.dms(u.id).length > 0).map((u) => u.name);
    clock.set('2026-11-22T23:59:59Z');
    await scheduler.runUntilIdle();
    expect(delivered()).toEqual([]);
    clock.set('2026-11-23T00:00:00Z');
    await scheduler.runUntilIdle();
    expect(delivered()).toEqual(['kenji']);
    clock.set('2026-11-23T08:00:00Z');
    await scheduler.runUntilIdle();
    expect(delivered()).toEqual(['kenji', 'lena']);
    clock.set('2026-11-23T09:00:00Z');
    await scheduler.runUntilIdle();
    expect(delivered()).toEqual(['kenji', 'lena', 'sam']);
  });
});
