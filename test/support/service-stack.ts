import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../src/community/community.service';
import type { PrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import { ManualClock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';

/**
 * The core a ritual's service is built on, for integration tests against Postgres: a manual
 * clock, the scheduler's job store, the delivery gateway (its messages are only queued: its
 * client points nowhere) and the community service with an empty Slack directory.
 */
export function serviceStack(prisma: PrismaClient, startsAt = '2026-12-07T08:00:00Z') {
  const logger = pino({ level: 'silent' });
  const clock = new ManualClock(startsAt);
  const scheduler = new Scheduler({ prisma, logger, clock });
  const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
  const messages = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock });
  const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
  const community = new CommunityService({ prisma, directory: directory as never, outbox: messages, logger });
  return { logger, clock, scheduler, jobs: scheduler.jobs, messages, community, now: () => clock.now() };
}
