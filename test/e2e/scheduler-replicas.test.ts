import { LocalSlack, type SandboxChannel } from '../../src/sandbox';
import { JobStore } from '../../src/scheduler/job-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { isReady, killAll, startReplicaProcess, type ReplicaProcess as Worker } from '../support/replica-process';

const JOBS = 500;
const WORKERS = ['replica-a', 'replica-b', 'replica-c'] as const;
const VICTIM = 'replica-b';
// At most ~100 messages per channel, so a taken-over delivery finds an earlier post in one page of history.
const CHANNELS = 5;
const RATE_SCALE = 50;
const LEASE_MS = 3000;
const CONCURRENCY = 40;
// Each announcement takes this long, so a replica holds leases most of each heartbeat and a kill lands mid-run.
const ANNOUNCE_DELAY_MS = 500;

/** Polls `check` until it returns a value, failing with `explain()` (and every replica's stderr) when time runs out. */
async function until<T>(what: string, check: () => Promise<T | undefined>, workers: Worker[], explain: () => Promise<string>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const crashed = workers.find((w) => w.name !== VICTIM && w.child.exitCode !== null);
    if (Date.now() > deadline || crashed) {
      const logs = workers.map((w) => `--- ${w.name} (exit ${String(w.child.exitCode)})\n${w.stderr.slice(-4000)}`).join('\n');
      throw new Error(`${what} did not happen within ${timeoutMs} ms\n${await explain()}\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Several Guild replicas on one database, as in production: each job runs exactly once, a
 * replica killed mid-run has its leased jobs finished by the others, and the local Slack
 * receives every message once.
 */
describe('scheduler replicas', () => {
  let db: TestDatabase;
  let slack: LocalSlack;
  let channels: SandboxChannel[];
  const workers: Worker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // Not in the Prisma schema: a record the test's `announce` handler keeps of every run.
    await db.prisma.$executeRawUnsafe('CREATE TABLE job_runs (job_key text NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
    slack = await LocalSlack.start({ signingSecret: 'unused', seed: 11, rateLimits: { scale: RATE_SCALE } });
    channels = Array.from({ length: CHANNELS }, (_, i) => slack.addChannel({ name: `guild-${i}` }));
  });

  afterAll(async () => {
    await killAll(workers);
    await slack?.stop();
    await db?.drop();
  });

  it(`runs ${JOBS} jobs exactly once on three replicas, and finishes the leased jobs of one killed with SIGKILL`, async () => {
    const env = {
      DATABASE_URL: db.url,
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      LEASE_MS: String(LEASE_MS),
      CONCURRENCY: String(CONCURRENCY),
      ANNOUNCE_DELAY_MS: String(ANNOUNCE_DELAY_MS),
      SLACK_RATE_SCALE: String(RATE_SCALE),
    };
    workers.push(...WORKERS.map((name) => startReplicaProcess(name, env)));
    const noDetail = async () => '';
    await until('all replicas ready', async () => (workers.every(isReady) ? true : undefined), workers, noDetail, 60_000);

    // Due now, enqueued once every replica is up, so that all three share the work from the start.
    const keys = Array.from({ length: JOBS }, (_, i) => `announce:${String(i).padStart(3, '0')}`);
    const channelOf = new Map(keys.map((key, i) => [key, channels[i % CHANNELS]!.id]));
    const jobs = new JobStore(db.prisma);
    expect(await jobs.enqueue(keys.map((key) => ({ key, kind: 'announce', payload: { channel: channelOf.get(key)! }, runAt: new Date() })))).toBe(JOBS);

    const progress = async () => {
      const byStatus = await db.prisma.job.groupBy({ by: ['kind', 'status'], _count: true });
      const messages = await db.prisma.outboundMessage.groupBy({ by: ['status'], _count: true });
      return `jobs: ${JSON.stringify(byStatus)}\nmessages: ${JSON.stringify(messages)}`;
    };
    const runsBy = async () => {
      const rows = await db.prisma.$queryRaw<{ worker: string; runs: number }[]>`SELECT worker, count(*)::int AS runs FROM job_runs GROUP BY worker`;
      return new Map(rows.map((r) => [r.worker, r.runs]));
    };

    // Kill the victim in the middle of announcements: jobs it leased and started (recorded their
    // run) less than 300 ms ago are still inside their delay, so they die half done.
    const before = await until('every replica running jobs, and the victim mid-run', async () => {
      const runs = await runsBy();
      if (!WORKERS.every((w) => (runs.get(w) ?? 0) > 0)) return undefined;
      const [midRun] = await db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM "Job" j JOIN job_runs r ON r.job_key = j.key AND r.worker = j."leaseOwner"
         WHERE j."leaseOwner" = ${VICTIM} AND j.status = 'running' AND r.at > now() - interval '300 milliseconds'`;
      return (midRun?.n ?? 0) > 0 ? runs : undefined;
    }, workers, progress, 30_000);
    const victim = workers.find((w) => w.name === VICTIM)!;
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Its rows stay as they were at the kill until their lease runs out (LEASE_MS): this is what it held.
    const held = await db.prisma.job.findMany({ where: { leaseOwner: VICTIM, status: 'running' }, select: { key: true, kind: true, leaseUntil: true } });
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((j) => j.leaseUntil !== null && j.leaseUntil.getTime() > Date.now())).toBe(true);

    await until('every job done and every message sent', async () => {
      const open = await db.prisma.job.count({ where: { status: { not: 'done' } } });
      const total = await db.prisma.job.count();
      const sent = await db.prisma.outboundMessage.count({ where: { status: 'sent' } });
      return open === 0 && total === 2 * JOBS && sent === JOBS ? true : undefined;
    }, workers, progress, 60_000);

    // 1. Every announcement ran; exactly once, except those the victim held, which a survivor completed.
    const heldKeys = new Set(held.map((j) => j.key));
    const runs = await db.prisma.$queryRaw<{ job_key: string; workers: string[] }[]>`
      SELECT job_key, array_agg(worker ORDER BY at) AS workers FROM job_runs GROUP BY job_key ORDER BY job_key`;
    expect(runs.map((r) => r.job_key)).toEqual(keys);
    const ranTwice = runs.filter((r) => r.workers.length > 1);
    expect(ranTwice.filter((r) => !heldKeys.has(r.job_key))).toEqual([]);
    for (const run of runs.filter((r) => heldKeys.has(r.job_key))) {
      expect(run.workers.length).toBeLessThanOrEqual(2);
      expect(run.workers.at(-1)).not.toBe(VICTIM);
      if (run.workers.length === 2) expect(run.workers[0]).toBe(VICTIM);
    }

    // 2. The local Slack holds one message per key, in the channel it was meant for.
    const posted = channels.flatMap((c) => slack.messages(c.id).map((m) => ({ channel: c.id, text: m.text })));
    expect(posted.map((m) => m.text).sort()).toEqual(keys);
    expect(posted.filter((m) => channelOf.get(m.text) !== m.channel)).toEqual([]);
    const outbound = await db.prisma.outboundMessage.findMany({ select: { key: true, channelId: true, ts: true } });
    const postedTs = new Set(channels.flatMap((c) => slack.messages(c.id).map((m) => `${c.id}/${m.ts}`)));
    expect(outbound.filter((m) => !postedTs.has(`${m.channelId ?? ''}/${m.ts ?? ''}`))).toEqual([]);

    // 3. The victim's leases were taken over: each of its jobs is done on a second attempt, and no other job needed one.
    const all = await db.prisma.job.findMany({ select: { key: true, kind: true, status: true, attempts: true } });
    const retried = all.filter((j) => j.attempts >= 2);
    expect(all.filter((j) => j.status !== 'done')).toEqual([]);
    expect(retried.map((j) => j.key).sort()).toEqual([...heldKeys].sort());
    expect(all.filter((j) => j.attempts < 1)).toEqual([]);

    // 4. Before the kill, every replica had run some of the work.
    for (const name of WORKERS) expect(before.get(name) ?? 0).toBeGreaterThan(0);

    // The survivors stop cleanly on SIGTERM.
    const survivors = workers.filter((w) => w.name !== VICTIM);
    for (const worker of survivors) worker.child.kill('SIGTERM');
    for (const worker of survivors) expect(await worker.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
