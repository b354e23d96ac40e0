/**
 * One Guild scheduler replica as its own process, for the end-to-end test of several replicas on
 * one database (test/e2e/scheduler-replicas.test.ts). It wires the scheduler and the delivery
 * gateway as src/guild.ts does, plus an `announce` job kind that records each run in the test's
 * `job_runs` table and sends one message keyed by the job. Run it with tsx; it prints one JSON
 * line `{"msg":"ready"}` on stdout when its heartbeat is running, and stops cleanly on SIGTERM.
 */
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { z } from 'zod';
import { createPrismaClient } from '../../src/db/client';
import { Delivery } from '../../src/delivery/delivery';
import { systemClock } from '../../src/scheduler/clock';
import { Scheduler, type JobHandler } from '../../src/scheduler/scheduler';

const ANNOUNCE_JOB = 'announce';

const workerEnv = z.object({
  DATABASE_URL: z.string().url(),
  SLACK_API_URL: z.string().url(),
  SLACK_BOT_TOKEN: z.string().min(1),
  WORKER_NAME: z.string().min(1),
  LEASE_MS: z.coerce.number().int().positive().default(3000),
  CONCURRENCY: z.coerce.number().int().positive().default(20),
  /** How long an announcement takes before it sends, so that a kill can land while jobs run. */
  ANNOUNCE_DELAY_MS: z.coerce.number().int().nonnegative().default(0),
  /** Multiplier of Slack's limits, the same as the local Slack's. */
  SLACK_RATE_SCALE: z.coerce.number().positive().default(1),
  DB_POOL_SIZE: z.coerce.number().int().positive().default(5),
  LOG_LEVEL: z.string().default('warn'),
});

/** The payload of an `announce` job: where its message goes. */
const announcePayload = z.object({ channel: z.string().min(1) });

async function main(): Promise<void> {
  const env = workerEnv.parse(process.env);
  // Logs go to stderr: stdout carries only the lines the test reads.
  const logger = pino({ level: env.LOG_LEVEL, base: { worker: env.WORKER_NAME } }, pino.destination(2));
  const prisma = createPrismaClient(env.DATABASE_URL, { poolSize: env.DB_POOL_SIZE });
  const scheduler = new Scheduler({
    prisma,
    logger: logger.child({ component: 'scheduler' }),
    clock: systemClock,
    owner: env.WORKER_NAME,
    leaseMs: env.LEASE_MS,
    concurrency: env.CONCURRENCY,
  });
  const client = new WebClient(env.SLACK_BOT_TOKEN, { slackApiUrl: env.SLACK_API_URL, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const delivery = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock: systemClock, limits: { scale: env.SLACK_RATE_SCALE } });

  const announce: JobHandler = {
    kind: ANNOUNCE_JOB,
    run: async (payload, { job }) => {
      const { channel } = announcePayload.parse(payload);
      await prisma.$executeRaw`INSERT INTO job_runs (job_key, worker) VALUES (${job.key}, ${env.WORKER_NAME})`;
      if (env.ANNOUNCE_DELAY_MS > 0) await new Promise((resolve) => setTimeout(resolve, env.ANNOUNCE_DELAY_MS));
      await delivery.send({ key: job.key, to: { channel }, text: job.key });
    },
  };
  scheduler.register(delivery.handler());
  scheduler.register(announce);
  scheduler.start();

  process.once('SIGTERM', () => {
    void scheduler
      .stop()
      .then(() => prisma.$disconnect())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'worker did not stop cleanly');
        process.exit(1);
      });
  });
  process.stdout.write(`${JSON.stringify({ msg: 'ready', worker: env.WORKER_NAME, pid: process.pid })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`scheduler worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
