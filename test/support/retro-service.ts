import { WebClient } from '@slack/web-api';
import pino, { type Logger } from 'pino';
import type { PrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import { communityRoles } from '../../src/community/roles';
import { RetroService } from '../../src/rituals/retro/retro.service';
import { ManualClock, systemClock, type Clock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';
import type { LocalSlack } from '../../src/sandbox';

export const TEST_ANONYMITY_SECRET = 'test-secret-0123456789abcdef';

/**
 * A retro service wired as Guild wires it: a real scheduler and delivery gateway on the test
 * database, talking to the local Slack when one is given (else messages are only queued).
 */
export function retroStack(prisma: PrismaClient, options: { slack?: LocalSlack; clock?: Clock | ManualClock; logger?: Logger } = {}) {
  const logger = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const scheduler = new Scheduler({ prisma, logger, clock });
  const client = new WebClient(options.slack?.botToken ?? 'xoxb-unused', { slackApiUrl: options.slack?.apiUrl ?? 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const delivery = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock });
  scheduler.register(delivery.handler());
  scheduler.register(delivery.updateHandler());
  const retros = new RetroService({
    prisma,
    logger,
    anonymitySecret: TEST_ANONYMITY_SECRET,
    jobs: scheduler.jobs,
    messages: delivery,
    roles: communityRoles(prisma),
    timeZoneOf: async (userId) => {
      const person = await prisma.person.findUnique({ where: { id: userId } });
      return person?.timeZone ?? person?.slackTimeZone ?? 'UTC';
    },
    now: () => clock.now(),
  });
  return { retros, delivery, scheduler, clock, logger };
}
