import pino from 'pino';
import { WebClient } from '@slack/web-api';
import type { PrismaClient } from '../../src/db/client';
import { Delivery, type OutboundRequest } from '../../src/delivery/delivery';
import type { LocalSlack } from '../../src/sandbox';
import { systemClock } from '../../src/scheduler/clock';
import { JobStore } from '../../src/scheduler/job-store';

/** Requests per `sendMany` when queueing in batches. */
const BATCH = 1000;

/**
 * Queues every request through the gateway, in one transaction: one `send` each (as a broadcast
 * loop would), or `sendMany` in batches (as a round queues its introductions). Guild's scheduler,
 * in its own process, then delivers them.
 */
export async function queueThroughDelivery(
  prisma: PrismaClient,
  slack: LocalSlack,
  requests: readonly OutboundRequest[],
  how: 'one by one' | 'in batches' = 'one by one',
): Promise<void> {
  const delivery = queueOnlyDelivery(prisma, slack);
  await prisma.$transaction(
    async (tx) => {
      if (how === 'in batches') {
        for (let i = 0; i < requests.length; i += BATCH) await delivery.sendMany(requests.slice(i, i + BATCH), tx);
      } else {
        for (const request of requests) await delivery.send(request, tx);
      }
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
}

/** A gateway used only to queue: its client is never called from this process. */
function queueOnlyDelivery(prisma: PrismaClient, slack: LocalSlack): Delivery {
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  return new Delivery({ prisma, jobs: new JobStore(prisma), client, logger, clock: systemClock });
}
