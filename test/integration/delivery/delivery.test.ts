import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { Delivery } from '../../../src/delivery/delivery';
import { systemClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { LocalSlack, type SandboxChannel, type SandboxUser } from '../../../src/sandbox';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/** The delivery gateway against a real Postgres and the local Slack, through the real WebClient. */
describe('Delivery', () => {
  let db: TestDatabase;
  let slack: LocalSlack;
  let scheduler: Scheduler;
  let delivery: Delivery;
  let people: SandboxUser[];
  let channel: SandboxChannel;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase();
    slack = await LocalSlack.start({ signingSecret: 'unused', seed: 7, rateLimits: { scale: 20 } });
    people = Array.from({ length: 12 }, (_, i) => slack.addUser({ name: `member${i}`, tz: 'Europe/Berlin' }));
    channel = slack.addChannel({ name: 'design', members: people.map((p) => p.id) });
  });
  afterAll(async () => {
    await slack.stop();
    await db.drop();
  });
  beforeEach(async () => {
    await db.truncate();
    slack.resetRecords();
    slack.faults.clear();
    scheduler = new Scheduler({ prisma: db.prisma, logger, clock: systemClock, owner: 'test' });
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    delivery = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock: systemClock, limits: { scale: 20 } });
    scheduler.register(delivery.handler());
  });

  /** Runs the scheduler until every message is out of `pending`, however many retries that takes. */
  const deliverAll = async () => {
    for (let i = 0; i < 200 && (await db.prisma.outboundMessage.count({ where: { status: 'pending' } })) > 0; i += 1) {
      await scheduler.runUntilIdle();
      const next = await db.prisma.job.findFirst({ where: { status: 'pending' }, orderBy: { runAt: 'asc' } });
      if (next) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(2000, next.runAt.getTime() - Date.now()))));
    }
  };
  const keysIn = (texts: string[]) => texts.map((t) => t.replace(/^note /, '')).sort();

  it('posts a message once per key, and records where it went', async () => {
    await delivery.send({ key: 'welcome:1', to: { channel: channel.id }, text: 'note welcome:1' });
    await delivery.send({ key: 'welcome:1', to: { channel: channel.id }, text: 'note welcome:1 again' });
    await deliverAll();
    expect(slack.messages(channel.id).map((m) => m.text)).toEqual(['note welcome:1']);
    const sent = await delivery.sent('welcome:1');
    expect(sent).toEqual({ channelId: channel.id, ts: slack.messages(channel.id)[0]!.ts });
  });

  it('sends DMs and group DMs, caching their channel ids', async () => {
    await delivery.send({ key: 'dm:1', to: { users: [people[0]!.id] }, text: 'note dm:1' });
    await delivery.send({ key: 'group:1', to: { users: [people[1]!.id, people[2]!.id, people[3]!.id] }, text: 'note group:1' });
    await deliverAll();
    expect(slack.dms(people[0]!.id).map((m) => m.text)).toEqual(['note dm:1']);
    const group = slack.dmChannelFor([people[1]!.id, people[2]!.id, people[3]!.id]);
    expect(group && slack.messages(group).map((m) => m.text)).toEqual(['note group:1']);
    expect(await db.prisma.dmChannel.count()).toBe(2);

    slack.resetRecords();
    await delivery.send({ key: 'group:2', to: { users: [people[3]!.id, people[1]!.id, people[2]!.id] }, text: 'note group:2' });
    await deliverAll();
    expect(slack.callsTo('conversations.open')).toHaveLength(0);
  });

  it('records permanent errors instead of retrying them', async () => {
    const archived = slack.addChannel({ name: 'old', isArchived: true });
    const gone = slack.addUser({ name: 'gone' });
    slack.deleteUser(gone.id);
    await delivery.send({ key: 'a', to: { channel: archived.id }, text: 'note a' });
    await delivery.send({ key: 'b', to: { channel: 'C0MISSING' }, text: 'note b' });
    await deliverAll();
    const failed = await db.prisma.outboundMessage.findMany({ orderBy: { key: 'asc' } });
    expect(failed.map((m) => [m.key, m.status, m.error, m.attempts])).toEqual([
      ['a', 'failed', 'is_archived', 1],
      ['b', 'failed', 'channel_not_found', 1],
    ]);
    expect(await db.prisma.job.count({ where: { status: 'done' } })).toBe(2);
  });

  it('delivers every message exactly once when Slack answers 20% of calls with 429 and 5% with 5xx', async () => {
    slack.faults.set({ rate429: 0.2, retryAfterS: 1, rate5xx: 0.05 });
    const keys = Array.from({ length: 60 }, (_, i) => `storm:${i}`);
    for (const [i, key] of keys.entries()) {
      const to = i % 2 === 0 ? { users: [people[i % people.length]!.id] } : { channel: channel.id };
      await delivery.send({ key, to, text: `note ${key}` });
    }
    await deliverAll();
    const delivered = [...slack.messages(channel.id), ...people.flatMap((p) => slack.dms(p.id))].map((m) => m.text);
    expect(keysIn(delivered)).toEqual([...keys].sort());
    expect(await db.prisma.outboundMessage.count({ where: { status: 'sent' } })).toBe(60);
    expect(await db.prisma.job.count({ where: { status: { not: 'done' } } })).toBe(0);
    const faults = slack.calls.filter((c) => c.status === 429 || c.status >= 500);
    expect(faults.length).toBeGreaterThan(5);
  }, 90_000);

  it('finds a message an earlier attempt posted without hearing back, instead of posting it again', async () => {
    await delivery.send({ key: 'lost-answer', to: { channel: channel.id }, text: 'note lost-answer' });
    // Slack posted it, but the answer never reached the first attempt (its process died).
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: channel.id, text: 'note lost-answer', metadata: { event_type: 'guild_outbound', event_payload: { key: 'lost-answer' } } });
    await db.prisma.outboundMessage.update({ where: { key: 'lost-answer' }, data: { attempts: 1 } });
    await deliverAll();
    expect(slack.messages(channel.id).map((m) => m.text)).toEqual(['note lost-answer']);
    expect(await delivery.sent('lost-answer')).toEqual({ channelId: channel.id, ts: slack.messages(channel.id)[0]!.ts });
  });

  it('finds a DM an earlier attempt posted without hearing back, instead of posting it twice', async () => {
    const person = people[5]!;
    await delivery.send({ key: 'lost-dm', to: { users: [person.id] }, text: 'note lost-dm' });
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: person.id, text: 'note lost-dm', metadata: { event_type: 'guild_outbound', event_payload: { key: 'lost-dm' } } });
    await db.prisma.outboundMessage.update({ where: { key: 'lost-dm' }, data: { attempts: 1 } });
    await deliverAll();
    // The DM's history is readable with im:history (in the manifest): the earlier post is found.
    expect(slack.dms(person.id).map((m) => m.text)).toEqual(['note lost-dm']);
    expect(slack.callsTo('conversations.history').every((c) => c.status === 200)).toBe(true);
  });

  it('stores text cut inside an emoji as well-formed, so one bad message never fails the transaction that queued it', async () => {
    const cut = `${'a'.repeat(10)}${'😀'.slice(0, 1)}`; // a lone high surrogate, as a careless slice leaves it
    await db.prisma.$transaction(async (tx) => {
      await delivery.send({ key: 'cut', to: { channel: channel.id }, text: `note ${cut}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cut } }] }, tx);
      await delivery.send({ key: 'after-cut', to: { channel: channel.id }, text: 'note after-cut' }, tx);
    });
    await deliverAll();
    // Two deliveries to one channel may land in either order.
    const texts = slack.messages(channel.id).map((m) => m.text).sort();
    expect(texts).toEqual([`note ${'a'.repeat(10)}\uFFFD`, 'note after-cut'].sort());
  });
});

describe('Delivery in a busy channel', () => {
  it('finds an earlier attempt\'s message beyond the first page of history', async () => {
    const db = await createTestDatabase();
    const slack = await LocalSlack.start({ signingSecret: 'unused', rateLimits: { enabled: false } });
    try {
      const channel = slack.addChannel({ name: 'busy' });
      const logger = pino({ level: 'silent' });
      const scheduler = new Scheduler({ prisma: db.prisma, logger, clock: systemClock, owner: 'test' });
      const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      const delivery = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock: systemClock });
      scheduler.register(delivery.handler());
      await delivery.send({ key: 'buried', to: { channel: channel.id }, text: 'note buried' });
      await db.prisma.outboundMessage.update({ where: { key: 'buried' }, data: { attempts: 1, lastAttemptAt: new Date() } });
      await client.chat.postMessage({ channel: channel.id, text: 'note buried', metadata: { event_type: 'guild_outbound', event_payload: { key: 'buried' } } });
      for (let i = 0; i < 450; i += 1) await client.chat.postMessage({ channel: channel.id, text: `chatter ${i}` });
      await scheduler.runUntilIdle();
      expect(slack.messages(channel.id).filter((m) => m.text === 'note buried')).toHaveLength(1);
      expect(await delivery.sent('buried')).toMatchObject({ channelId: channel.id });
      expect(slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(3);
    } finally {
      await slack.stop();
      await db.drop();
    }
  }, 60_000);
});

describe('Delivery updates', () => {
  it('applies the latest of many edits, coalesced, including edits made before the post went out', async () => {
    const db = await createTestDatabase();
    const slack = await LocalSlack.start({ signingSecret: 'unused' });
    try {
      const channel = slack.addChannel({ name: 'board' });
      const logger = pino({ level: 'silent' });
      const scheduler = new Scheduler({ prisma: db.prisma, logger, clock: systemClock, owner: 'test' });
      const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      const delivery = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock: systemClock });
      scheduler.register(delivery.handler());
      scheduler.register(delivery.updateHandler());

      await delivery.send({ key: 'board:1', to: { channel: channel.id }, text: 'version 0' });
      await delivery.update('board:1', { text: 'version 1' }); // before it was posted
      await scheduler.runUntilIdle();
      expect(slack.messages(channel.id).map((m) => m.text)).toEqual(['version 1']);

      for (let i = 2; i <= 20; i += 1) await delivery.update('board:1', { text: `version ${i}` });
      await scheduler.runUntilIdle();
      expect(slack.messages(channel.id).map((m) => m.text)).toEqual(['version 20']);
      expect(slack.callsTo('chat.update').length).toBeLessThanOrEqual(2);
      expect(await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: 'board:1' } })).toMatchObject({ version: 20, appliedVersion: 20 });
      await expect(delivery.update('nope', { text: 'x' })).rejects.toThrow(/no message nope/);
    } finally {
      await slack.stop();
      await db.drop();
    }
  });
});
