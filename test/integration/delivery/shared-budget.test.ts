import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { createPrismaClient, type PrismaClient } from '../../../src/db/client';
import { Delivery, type OutboundRequest } from '../../../src/delivery/delivery';
import { LocalSlack, type SandboxChannel, type SandboxUser } from '../../../src/sandbox';
import { systemClock } from '../../../src/scheduler/clock';
import { JobStore } from '../../../src/scheduler/job-store';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { useTestDatabase, type TestDatabase } from '../../support/database';
import { isReady, killAll, startReplicaProcess, type ReplicaProcess } from '../../support/replica-process';

const POST = 'chat.postMessage';
const logger = pino({ level: 'silent' });

/** One replica in this process: its own database pool, scheduler and Delivery (so its own gate). */
interface Replica {
  prisma: PrismaClient;
  scheduler: Scheduler;
  /** Delivery jobs this replica ran. */
  deliveries: number;
}

function startReplica(db: TestDatabase, slack: LocalSlack, owner: string): Replica {
  const prisma = createPrismaClient(db.url, { poolSize: 5 });
  const scheduler = new Scheduler({ prisma, logger, clock: systemClock, owner, leaseMs: 3000, concurrency: 20 });
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const handler = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock: systemClock }).handler();
  const replica: Replica = { prisma, scheduler, deliveries: 0 };
  scheduler.register({ ...handler, run: (payload, context) => ((replica.deliveries += 1), handler.run(payload, context)) });
  scheduler.start();
  return replica;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The largest number of successful posts in any stretch of time beyond what a bucket of
 * `burst` refilling at `perSecond` allows over it (0: the posts kept to the bucket).
 */
function excessOver(times: number[], burst: number, perSecond: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let excess = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    for (let j = i; j < sorted.length; j += 1) {
      excess = Math.max(excess, j - i + 1 - (burst + ((sorted[j]! - sorted[i]!) / 1000) * perSecond));
    }
  }
  return excess;
}

/**
 * Three replicas on one database share Slack's rate budget (src/delivery/rate-gate.ts), against
 * the local Slack at Slack's own limits: each would be allowed the workspace's whole budget if
 * it kept its own buckets, so without sharing they would send three times too fast.
 */
describe('Delivery replicas sharing the rate budget', () => {
  const db = useTestDatabase();
  let slack: LocalSlack;
  let people: SandboxUser[];
  let channel: SandboxChannel;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'unused', seed: 3 });
    people = Array.from({ length: 150 }, (_, i) => slack.addUser({ name: `member${i}` }));
    channel = slack.addChannel({ name: 'general', members: people.map((p) => p.id) });
  });
  afterAll(() => slack.stop());
  beforeEach(() => slack.resetRecords());

  /** A DM to each of `dms` people and `posts` posts in one channel, queued through Delivery. */
  const queue = async (dms: number, posts: number): Promise<string[]> => {
    const requests: OutboundRequest[] = [
      ...people.slice(0, dms).map((p) => ({ key: `dm:${p.id}`, to: { users: [p.id] }, text: `dm:${p.id}` })),
      ...Array.from({ length: posts }, (_, i) => ({ key: `post:${i}`, to: { channel: channel.id }, text: `post:${i}` })),
    ];
    const queuing = new Delivery({ prisma: db.prisma, jobs: new JobStore(db.prisma), client: new WebClient('unused'), logger, clock: systemClock });
    await queuing.sendMany(requests);
    return requests.map((r) => r.key).sort();
  };
  const delivered = () => [...slack.messages(channel.id), ...people.flatMap((p) => slack.dms(p.id))].map((m) => m.text).sort();
  const postTimes = (where?: string) => slack.callsTo(POST).filter((c) => c.ok && (where === undefined || c.args.channel === where)).map((c) => c.at);
  const allSent = (count: number) => async () => (await db.prisma.outboundMessage.count({ where: { status: 'sent' } })) === count;

  it('delivers every message once with no 429, the three together within the workspace\'s and the channel\'s limits', async () => {
    // 140 DMs and 12 channel posts: beyond Slack's bursts for the workspace (60) and the channel (3), so both bind.
    const keys = await queue(140, 12);
    const replicas = ['r1', 'r2', 'r3'].map((owner) => startReplica(db, slack, owner));
    try {
      await waitUntil('every message sent', allSent(keys.length), 60_000);
    } finally {
      await Promise.all(replicas.map(async (r) => { await r.scheduler.stop(); await r.prisma.$disconnect(); }));
    }

    expect(delivered()).toEqual(keys);
    expect(slack.rateLimited()).toBe(0);
    const workspace = slack.rateLimitsFor(POST).workspace;
    const perChannel = slack.rateLimitsFor(POST).perChannel!;
    expect(excessOver(postTimes(), workspace.burst, workspace.perSecond)).toBeLessThanOrEqual(0);
    expect(excessOver(postTimes(channel.id), perChannel.burst, perChannel.perSecond)).toBeLessThanOrEqual(0);
    // The work was shared: each replica delivered some of it.
    expect(replicas.map((r) => r.deliveries > 0)).toEqual([true, true, true]);
  }, 90_000);

  it('loses nothing and gets no 429 when one of three replica processes is killed mid-way', async () => {
    const env = { DATABASE_URL: db.url, SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: slack.botToken, LEASE_MS: '3000', SLACK_RATE_SCALE: '1' };
    const replicas: ReplicaProcess[] = ['p1', 'p2', 'p3'].map((name) => startReplicaProcess(name, env));
    try {
      await waitUntil('all replicas ready', async () => replicas.every(isReady), 60_000);
      const keys = await queue(150, 0);
      // Past the burst, while messages go out at the workspace's rate, one replica dies.
      await waitUntil('70 messages sent', async () => (await db.prisma.outboundMessage.count({ where: { status: 'sent' } })) >= 70, 60_000);
      replicas[1]!.child.kill('SIGKILL');
      expect(await replicas[1]!.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await waitUntil('every message sent', allSent(keys.length), 90_000);

      expect(delivered()).toEqual(keys);
      expect(await db.prisma.outboundMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
      expect(slack.rateLimited()).toBe(0);
      const workspace = slack.rateLimitsFor(POST).workspace;
      expect(excessOver(postTimes(), workspace.burst, workspace.perSecond)).toBeLessThanOrEqual(0);
    } finally {
      await killAll(replicas);
    }
  }, 180_000);
});
