import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../src/community/community.service';
import type { PrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import type { Clock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';
import { Schedules } from '../../src/scheduler/schedules';

/**
 * The parts of the core a ritual's service test needs, on the test database: messages are only
 * queued (the scheduler does not run, and Slack is never called), schedules are real.
 */
export function queuedCore(prisma: PrismaClient, clock: Clock) {
  const logger = pino({ level: 'silent' });
  const scheduler = new Scheduler({ prisma, logger, clock });
  const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
  const messages = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock });
  const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
  const community = new CommunityService({ prisma, directory: directory as never, outbox: messages, logger });
  const schedules = new Schedules({ prisma, jobs: scheduler.jobs, clock, logger });
  return { logger, scheduler, messages, community, schedules, now: () => clock.now() };
}
