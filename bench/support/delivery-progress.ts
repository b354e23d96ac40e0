import type { PrismaClient } from '../../src/db/client';
import { pollUntil } from './poll';

export interface DeliveryOutcome {
  /** Seconds from `started` to the last message recorded as sent. */
  elapsedS: number;
  sent: number;
  failed: number;
  /** Messages that needed more than one attempt. */
  retried: number;
}

/**
 * Waits until none of the `count` queued messages is pending, reporting progress every ten
 * seconds, and says when the last one was sent (by its own record, not by when the poll noticed).
 */
export async function awaitDeliveries(
  prisma: PrismaClient,
  count: number,
  options: { started: number; timeoutMs: number; progress: (message: string) => void },
): Promise<DeliveryOutcome> {
  let lastReport = options.started;
  await pollUntil(() => prisma.outboundMessage.count({ where: { status: { not: 'pending' } } }), count, {
    what: 'every message to be sent or failed',
    timeoutMs: options.timeoutMs,
    intervalMs: 100,
    onPending: (done) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      options.progress(`${done} of ${count} done after ${((lastReport - options.started) / 1000).toFixed(0)}s`);
    },
  });
  const last = await prisma.outboundMessage.aggregate({ _max: { sentAt: true } });
  const finished = last._max.sentAt?.getTime() ?? Date.now();
  const sent = await prisma.outboundMessage.count({ where: { status: 'sent' } });
  const retried = await prisma.outboundMessage.count({ where: { attempts: { gt: 1 } } });
  return { elapsedS: (finished - options.started) / 1000, sent, failed: count - sent, retried };
}
