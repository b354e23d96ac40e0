import pino from 'pino';
import { createPrismaClient } from '../../src/db/client';
import { systemClock } from '../../src/scheduler/clock';
import { Scheduler } from '../../src/scheduler/scheduler';
import { BENCH_JOB_KIND, recordRun } from '../scheduler/bench-job';
import { fail, serveUntilStopped } from './serve';

/**
 * One scheduler replica as production builds it (default concurrency, lease and every-second
 * heartbeat, its own Prisma pool; BENCH_SCHEDULER_CONCURRENCY and BENCH_SCHEDULER_HEARTBEAT
 * override the first and last for investigations) running only the benchmark's trivial job, which records when it
 * started. Announces its owner name in place of a URL.
 */
serveUntilStopped(async () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('scheduler-replica needs DATABASE_URL');
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const prisma = createPrismaClient(url);
  await prisma.$queryRaw`SELECT 1`;
  // Production defaults unless an investigation overrides them (see bench/scheduler.bench.ts).
  const concurrency = process.env.BENCH_SCHEDULER_CONCURRENCY ? Number(process.env.BENCH_SCHEDULER_CONCURRENCY) : undefined;
  const heartbeat = process.env.BENCH_SCHEDULER_HEARTBEAT || undefined;
  const scheduler = new Scheduler({ prisma, logger, clock: systemClock, concurrency, heartbeat });
  scheduler.register({ kind: BENCH_JOB_KIND, run: (_payload, context) => recordRun(prisma, scheduler.owner, context.job, context.now) });
  scheduler.start();
  return {
    url: scheduler.owner,
    async stop() {
      await scheduler.stop();
      await prisma.$disconnect();
    },
  };
}).catch(fail);
