import { Backoff, DATABASE_OUTAGE, errorSummary, formatDuration, isUnreachable, OutageLog, OutageState } from '../../../src/db/outage';
import { capturedLogger } from '../../support/captured-logger';

/** Pino writes asynchronously to a stream: wait for it. */
const flushed = () => new Promise((resolve) => setImmediate(resolve));

describe('Backoff', () => {
  it('walks its steps, then stays on the last; a reset starts again', () => {
    const backoff = new Backoff([1000, 2000, 4000, 5000]);
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoff.count).toBe(6);
    backoff.reset();
    expect(backoff.count).toBe(0);
    expect(backoff.next()).toBe(1000);
  });

  it('needs a step', () => {
    expect(() => new Backoff([])).toThrow(/at least one step/);
  });
});

describe('OutageState', () => {
  it('reports the first failure and the first success after it, and nothing in between', () => {
    const state = new OutageState();
    expect(state.succeeded(0)).toBeUndefined(); // nothing was down
    expect(state.failed('refused', 1_000)).toEqual({ kind: 'started', reason: 'refused' });
    expect(state.down).toBe(true);
    for (let at = 2_000; at < 31_000; at += 1_000) expect(state.failed('refused again', at)).toBeUndefined();
    expect(state.succeeded(31_500)).toEqual({ kind: 'ended', durationMs: 30_500, failures: 30 });
    expect(state.down).toBe(false);
    expect(state.succeeded(32_000)).toBeUndefined();
    expect(state.failed('again', 40_000)).toEqual({ kind: 'started', reason: 'again' }); // a new outage
  });
});

describe('OutageLog', () => {
  it('logs a 30-second outage in two lines: a warning with the first reason, and how long it lasted', async () => {
    const { logger, lines } = capturedLogger();
    let now = 0;
    const outage = new OutageLog(logger, { ...DATABASE_OUTAGE, now: () => now });
    for (; now <= 30_000; now += 1000) outage.failed(new Error(`connect ECONNREFUSED 127.0.0.1:5432 (${now})`));
    outage.succeeded();
    outage.succeeded();
    await flushed();
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'the database is unreachable: connect ECONNREFUSED 127.0.0.1:5432 (0) (logged once; a line follows when it ends)'],
      [30, 'the database is back after 31.0 s'],
    ]);
    expect(lines[0]).toMatchObject({ error: 'connect ECONNREFUSED 127.0.0.1:5432 (0)' });
    expect(lines[0]).not.toHaveProperty('err'); // no stack: an outage is not a bug
    expect(lines[1]).toMatchObject({ outageMs: 31_000, failures: 31 });
  });

  it('keeps the stack of the first error when asked, for failures that are bugs', async () => {
    const { logger, lines } = capturedLogger();
    const outage = new OutageLog(logger, { started: 'the scheduler heartbeat is failing', ended: 'the scheduler heartbeat works again', withStack: true });
    outage.failed(new TypeError('cannot read properties of undefined'));
    outage.failed(new TypeError('cannot read properties of undefined'));
    await flushed();
    expect(lines).toHaveLength(1);
    expect((lines[0]?.err as { stack?: string }).stack).toContain('TypeError: cannot read properties of undefined');
  });
});

describe('errorSummary', () => {
  it("keeps the reason of Prisma's multi-line messages, unwrapped from a raw query's", () => {
    const raw = new Error("\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:45901`");
    expect(errorSummary(raw)).toBe("Can't reach database server at 127.0.0.1:45901");
    expect(errorSummary(new Error('\nInvalid `prisma.job.count()` invocation:\n\n\nCan\'t reach database server at 127.0.0.1:45901'))).toBe("Can't reach database server at 127.0.0.1:45901");
    expect(errorSummary('x'.repeat(400))).toHaveLength(300);
    expect(errorSummary(new Error(''))).toBe('Error');
  });
});

describe('formatDuration', () => {
  it('reads well at every scale', () => {
    expect([450, 1_234, 31_000, 119_999, 600_000].map(formatDuration)).toEqual(['450 ms', '1.2 s', '31.0 s', '120.0 s', '10 min']);
  });
});

describe('isUnreachable', () => {
  /** Shapes seen from Prisma 6.19 on adapter-pg 7.10 while the server was killed (see the outage tests). */
  const prismaError = (code: string, message: string) => Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code });

  it('recognises a server that is gone, however the error was wrapped', () => {
    expect(isUnreachable(prismaError('P1001', "Can't reach database server at 127.0.0.1:45901"))).toBe(true);
    expect(isUnreachable(prismaError('P2010', "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:45901`"))).toBe(true);
    expect(isUnreachable(prismaError('P2010', 'Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`'))).toBe(true);
    expect(isUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isUnreachable(new Error('query failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isUnreachable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isUnreachable(new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('leaves out errors of a database that answered', () => {
    expect(isUnreachable(prismaError('P2002', 'Unique constraint failed on the fields: (`key`)'))).toBe(false);
    expect(isUnreachable(prismaError('P2010', 'Raw query failed. Code: `42P01`. Message: `relation "Nope" does not exist`'))).toBe(false);
    expect(isUnreachable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isUnreachable(undefined)).toBe(false);
  });
});
