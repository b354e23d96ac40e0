import path from 'node:path';
import type { PrismaClient } from '../src/db/client';
import { JobStore } from '../src/scheduler/job-store';
import { BENCH_JOB_KIND, clearRuns, createRunsTable, runsOf } from './scheduler/bench-job';
import { startBenchDatabase } from './support/bench-database';
import { figure, type BenchmarkContext, type Benchmark, type Figure } from './support/benchmark';
import { summarise } from './support/percentiles';
import { pollUntil } from './support/poll';
import { scratchDir } from './support/scratch-dir';
import { REPO_ROOT, startServerProcess, type ServerProcess } from './support/server-process';
import { positiveSetting } from './support/settings';

interface SchedulerSettings {
  /** Jobs due over the lateness window. */
  jobs: number;
  windowS: number;
  /** Jobs already due at once, for throughput. */
  backlog: number;
  replicas: number;
}

interface ReplicaSetResults {
  lateMs: number[];
  jobsPerS: number;
  repeats: number;
}

/** Seconds between enqueuing the first lateness job and its due time: room for the insert itself. */
const LEAD_S = 2;

/**
 * Lateness (due → handler start) of jobs spread over a window, and throughput on a backlog of due
 * jobs, for one scheduler process and then for several, each a separate Node process with the
 * production heartbeat over one Postgres.
 */
const scheduler: Benchmark = {
  description: 'job lateness (p50/p99) and jobs/s claimed with 1 and 3 scheduler processes',
  async run(context) {
    const { cleanup, progress } = context;
    const settings: SchedulerSettings = {
      jobs: positiveSetting(process.env, 'BENCH_SCHEDULER_JOBS', 3000),
      windowS: positiveSetting(process.env, 'BENCH_SCHEDULER_WINDOW_S', 30),
      backlog: positiveSetting(process.env, 'BENCH_SCHEDULER_BACKLOG', 2000),
      replicas: positiveSetting(process.env, 'BENCH_SCHEDULER_REPLICAS', 3),
    };
    const dir = scratchDir(cleanup);
    progress('starting Postgres and applying migrations');
    const db = await startBenchDatabase(dir, cleanup);
    await createRunsTable(db.prisma);

    const one = await measureReplicaSet(1, db, settings, context);
    const many = await measureReplicaSet(settings.replicas, db, settings, context);
    const s1 = summarise(one.lateMs);
    const sn = summarise(many.lateMs);
    const figures: Figure[] = [
      figure('p50_lateness_s', sn.p50 / 1000),
      figure('p99_lateness_s', sn.p99 / 1000),
      figure('p50_lateness_1p_s', s1.p50 / 1000),
      figure('p99_lateness_1p_s', s1.p99 / 1000),
      figure('jobs_per_s', many.jobsPerS, 1),
      figure('jobs_per_s_1p', one.jobsPerS, 1),
      figure('repeated_runs', one.repeats + many.repeats, 0),
    ];
    return figures;
  },
};

/** Starts `count` fresh replicas, runs the lateness then the backlog scenario on them, stops them. */
async function measureReplicaSet(count: number, db: { url: string; prisma: PrismaClient }, settings: SchedulerSettings, { cleanup, progress }: BenchmarkContext): Promise<ReplicaSetResults> {
  const label = `${count}p`;
  await clearRuns(db.prisma);
  const replicas: ServerProcess[] = await Promise.all(
    Array.from({ length: count }, () =>
      startServerProcess(path.join(REPO_ROOT, 'bench', 'servers', 'scheduler-replica.ts'), { env: { DATABASE_URL: db.url }, cleanup, progress, stopTimeoutMs: 30_000 }),
    ),
  );
  const jobs = new JobStore(db.prisma);

  progress(`${label}: ${settings.jobs} jobs due over ${settings.windowS}s`);
  const firstDue = Date.now() + LEAD_S * 1000;
  const spacingMs = (settings.windowS * 1000) / settings.jobs;
  await jobs.enqueue(Array.from({ length: settings.jobs }, (_, i) => ({ key: `late-${label}:${i}`, kind: BENCH_JOB_KIND, runAt: new Date(firstDue + i * spacingMs) })));
  await waitForDone(db.prisma, `late-${label}:`, settings.jobs, settings.windowS + 120, progress);
  const late = await runsOf(db.prisma, `late-${label}:`);
  const s = summarise(late.lateMs);
  progress(`${label} lateness: p50 ${s.p50.toFixed(0)} p95 ${s.p95.toFixed(0)} p99 ${s.p99.toFixed(0)} max ${s.max.toFixed(0)} ms; jobs per process ${[...late.perOwner.values()].join('/')}; heartbeats claim at ms ${[...late.tickPhaseMs.values()].join('/')} of each second`);

  progress(`${label}: a backlog of ${settings.backlog} jobs due now`);
  const due = new Date();
  await jobs.enqueue(Array.from({ length: settings.backlog }, (_, i) => ({ key: `backlog-${label}:${i}`, kind: BENCH_JOB_KIND, runAt: due })));
  // Timed from the moment the backlog is visible to the replicas (its insert committed).
  const visible = Date.now();
  await waitForDone(db.prisma, `backlog-${label}:`, settings.backlog, 150, progress);
  const finished = await db.prisma.job.aggregate({ where: { key: { startsWith: `backlog-${label}:` } }, _max: { finishedAt: true } });
  const drainS = ((finished._max.finishedAt?.getTime() ?? Date.now()) - visible) / 1000;
  const backlog = await runsOf(db.prisma, `backlog-${label}:`);
  progress(`${label} backlog drained in ${drainS.toFixed(1)}s; per process ${[...backlog.perOwner.values()].join('/')}`);

  await Promise.all(replicas.map((r) => r.stop()));
  const repeats = late.repeats + backlog.repeats;
  if (repeats > 0) progress(`WARNING: ${label}: ${repeats} job runs repeated a job that had already run`);
  return { lateMs: late.lateMs, jobsPerS: settings.backlog / drainS, repeats };
}

async function waitForDone(prisma: PrismaClient, keyPrefix: string, target: number, timeoutS: number, progress: (m: string) => void): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  await pollUntil(() => prisma.job.count({ where: { key: { startsWith: keyPrefix }, status: { notIn: ['pending', 'running'] } } }), target, {
    what: `jobs ${keyPrefix}* to finish`,
    timeoutMs: timeoutS * 1000,
    intervalMs: 200,
    onPending: (done) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      progress(`  ${done} of ${target} finished after ${((lastReport - started) / 1000).toFixed(0)}s`);
    },
  });
  const notDone = await prisma.job.count({ where: { key: { startsWith: keyPrefix }, status: { not: 'done' } } });
  if (notDone > 0) progress(`WARNING: ${notDone} jobs ${keyPrefix}* ended other than done`);
}

export default scheduler;
