import pino from 'pino';
import { ManualClock } from '../../../src/scheduler/clock';
import { PermanentFailure, RetryLater, Scheduler, type JobHandler } from '../../../src/scheduler/scheduler';
import { useTestDatabase } from '../../support/database';

describe('Scheduler', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-06-01T09:00:00Z');
  const logger = pino({ level: 'silent' });
  const make = (owner: string, leaseMs = 30_000, concurrency = 50) => new Scheduler({ prisma: db.prisma, logger, clock, owner, leaseMs, concurrency });
  const statusOf = async (key: string) => (await db.prisma.job.findUniqueOrThrow({ where: { key } })).status;

  beforeEach(() => clock.set('2026-06-01T09:00:00Z'));

  it('runs each due job once, in due order, and leaves future jobs alone', async () => {
    const ran: string[] = [];
    const scheduler = make('a', 30_000, 1); // one at a time, so the order they ran in is the order they were claimed
    scheduler.register({ kind: 'note', run: async (payload) => void ran.push((payload as { n: string }).n) });
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
    expect(await scheduler.jobs.enqueue([
      { key: 'note:2', kind: 'note', payload: { n: '2' }, runAt: at(-1) },
      { key: 'note:1', kind: 'note', payload: { n: '1' }, runAt: at(-2) },
      { key: 'note:later', kind: 'note', payload: { n: 'later' }, runAt: at(10) },
    ])).toBe(3);
    expect(await scheduler.jobs.enqueue([{ key: 'note:1', kind: 'note', payload: { n: 'again' }, runAt: at(-5) }])).toBe(0);
    await scheduler.runUntilIdle();
    expect(ran).toEqual(['1', '2']);
    clock.advance(10 * 60_000);
    await scheduler.runUntilIdle();
    await scheduler.runUntilIdle();
    expect(ran).toEqual(['1', '2', 'later']);
    expect(await statusOf('note:later')).toBe('done');
  });

  it('retries with backoff, then keeps a job that keeps failing as dead', async () => {
    let attempts = 0;
    const scheduler = make('a');
    scheduler.register({ kind: 'flaky', run: async () => { attempts += 1; throw new Error(`boom ${attempts}`); }, backoffMs: (n) => n * 1000 });
    await scheduler.jobs.enqueue([{ key: 'flaky:1', kind: 'flaky', runAt: clock.now(), maxAttempts: 3 }]);
    await scheduler.runUntilIdle();
    expect(attempts).toBe(1);
    const retry = await db.prisma.job.findUniqueOrThrow({ where: { key: 'flaky:1' } });
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1' });
    expect(retry.runAt.getTime() - clock.now().getTime()).toBe(1000);
    clock.advance(1000);
    await scheduler.runUntilIdle();
    clock.advance(2000);
    await scheduler.runUntilIdle();
    expect(attempts).toBe(3);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'flaky:1' } })).toMatchObject({ status: 'dead', attempts: 3, lastError: 'boom 3' });
  });

  it('sends a permanent failure straight to dead, and a rate-limited job back without using an attempt', async () => {
    const scheduler = make('a');
    let limited = true;
    scheduler.register({ kind: 'doomed', run: async () => { throw new PermanentFailure('channel archived'); } });
    scheduler.register({ kind: 'limited', run: async () => { if (limited) { limited = false; throw new RetryLater(new Date(clock.now().getTime() + 5000), 'ratelimited'); } } });
    await scheduler.jobs.enqueue([{ key: 'd', kind: 'doomed', runAt: clock.now() }, { key: 'l', kind: 'limited', runAt: clock.now() }]);
    await scheduler.runUntilIdle();
    expect(await statusOf('d')).toBe('dead');
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'l' } })).toMatchObject({ status: 'pending', attempts: 0 });
    clock.advance(5000);
    await scheduler.runUntilIdle();
    expect(await statusOf('l')).toBe('done');
  });

  it('skips a job that is too late to be useful, but runs one without a staleness rule however late', async () => {
    const scheduler = make('a');
    const ran: string[] = [];
    const reminder: JobHandler = { kind: 'reminder.15m', staleAfterMs: 10 * 60_000, run: async () => void ran.push('reminder') };
    scheduler.register(reminder);
    scheduler.register({ kind: 'match.weekly', run: async () => void ran.push('match') });
    await scheduler.jobs.enqueue([
      { key: 'r', kind: 'reminder.15m', runAt: clock.now() },
      { key: 'm', kind: 'match.weekly', runAt: clock.now() },
    ]);
    clock.advance(2 * 3600_000); // two hours of downtime
    await scheduler.runUntilIdle();
    expect(ran).toEqual(['match']);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'r' } })).toMatchObject({ status: 'skipped', lastError: expect.stringMatching(/^stale: started 7200000 ms after/) });
  });

  it('lets another replica take over a job whose lease expired, and ignores the first replica\'s late outcome', async () => {
    const a = make('a', 2000);
    const b = make('b', 2000);
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    a.register({ kind: 'work', run: async () => { runs.push('a'); await hung; } });
    b.register({ kind: 'work', run: async () => void runs.push('b') });
    await a.jobs.enqueue([{ key: 'w', kind: 'work', runAt: clock.now() }]);
    expect(await a.tick()).toBe(1);
    expect(await b.tick()).toBe(0); // leased by a
    clock.advance(2500); // a has stopped renewing: as if it had died
    expect(await b.tick()).toBe(1);
    await b.runUntilIdle();
    expect(await statusOf('w')).toBe('done');
    release();
    await a.runUntilIdle();
    expect(runs).toEqual(['a', 'b']);
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'w' } })).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('elects one replica per tick for once-per-tick duties', async () => {
    const calls: string[] = [];
    const replicas = ['a', 'b', 'c'].map((owner) => {
      const s = make(owner);
      s.addDuty({ key: 'materialise', run: async () => void calls.push(owner) });
      return s;
    });
    await Promise.all(replicas.map((s) => s.tick()));
    await Promise.all(replicas.map((s) => s.tick()));
    expect(calls).toHaveLength(2);
    expect(new Set(calls).size).toBe(1); // the holder keeps its lease while alive
    clock.advance(6000);
    await replicas[1]!.tick();
    expect(calls).toHaveLength(3);
  });

  it('puts a dead job back for a retry while it is still useful, and refuses when its staleness rule says too late', async () => {
    const scheduler = make('a');
    let fail = true;
    const ran: string[] = [];
    scheduler.register({ kind: 'round', staleAfterMs: 60 * 60_000, run: async () => { if (fail) throw new PermanentFailure('no channel'); ran.push('round'); } });
    scheduler.register({ kind: 'forever', run: async () => { if (fail) throw new PermanentFailure('no channel'); ran.push('forever'); } });
    await scheduler.jobs.enqueue([{ key: 'r', kind: 'round', runAt: clock.now() }, { key: 'f', kind: 'forever', runAt: clock.now() }]);
    await scheduler.runUntilIdle();
    const idOf = async (key: string) => (await db.prisma.job.findUniqueOrThrow({ where: { key } })).id;
    expect(await statusOf('r')).toBe('dead');
    fail = false;
    clock.advance(30 * 60_000);
    expect(await scheduler.jobs.revive(await idOf('r'), clock.now())).toBe('revived');
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'r' } })).toMatchObject({ status: 'pending', attempts: 0, runAt: clock.now(), finishedAt: null });
    expect(await scheduler.jobs.revive(await idOf('r'), clock.now())).toBe('not-dead');
    await scheduler.runUntilIdle();
    expect(ran).toEqual(['round']);
    expect(await statusOf('r')).toBe('done');
    // Two hours after it was due: too late for the hour-long rule; a job without one is revived however late.
    clock.advance(90 * 60_000);
    fail = true;
    await db.prisma.job.update({ where: { key: 'r' }, data: { status: 'dead', runAt: new Date(clock.now().getTime() - 2 * 60 * 60_000) } });
    expect(await scheduler.jobs.revive(await idOf('r'), clock.now())).toBe('too-late');
    expect(await statusOf('r')).toBe('dead');
    expect(await scheduler.jobs.revive(await idOf('f'), clock.now())).toBe('revived');
    expect(await scheduler.jobs.revive(999_999n, clock.now())).toBe('not-dead');
  });
});
