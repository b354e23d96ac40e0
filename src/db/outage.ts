import type { Logger } from 'pino';

/**
 * Delays between attempts at something that keeps failing: the steps in order, then the last
 * step for ever. Deliberately without jitter: it paces one process's own retries (a heartbeat,
 * a server restart), not many clients converging on one server.
 */
export class Backoff {
  private failures = 0;

  constructor(private readonly stepsMs: readonly number[]) {
    if (stepsMs.length === 0) throw new Error('a backoff needs at least one step');
  }

  /** The delay before the next attempt; each call counts one more failure. */
  next(): number {
    const delay = this.stepsMs[Math.min(this.failures, this.stepsMs.length - 1)]!;
    this.failures += 1;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }

  /** Failures since the last reset. */
  get count(): number {
    return this.failures;
  }
}

export type OutageChange = { kind: 'started'; reason: string } | { kind: 'ended'; durationMs: number; failures: number };

/**
 * Whether something is down, and since when: the pure part of outage logging. Only the first
 * failure of an outage and the first success after it are changes worth telling anyone about;
 * everything in between is the same news again.
 */
export class OutageState {
  private since: number | undefined;
  private failures = 0;

  failed(reason: string, at: number): OutageChange | undefined {
    this.failures += 1;
    if (this.since !== undefined) return undefined;
    this.since = at;
    return { kind: 'started', reason };
  }

  succeeded(at: number): OutageChange | undefined {
    if (this.since === undefined) return undefined;
    const change: OutageChange = { kind: 'ended', durationMs: Math.max(0, at - this.since), failures: this.failures };
    this.since = undefined;
    this.failures = 0;
    return change;
  }

  get down(): boolean {
    return this.since !== undefined;
  }
}

export interface OutageLogOptions {
  /** How the first line starts, before the first error's message: "the database is unreachable". */
  started: string;
  /** How the last line starts, before how long it lasted: "the database is back". */
  ended: string;
  /** Logs the first error in full (its stack), for failures that are bugs rather than outages. */
  withStack?: boolean;
  now?: () => number;
}

/** The words of a database outage, wherever it is noticed. */
export const DATABASE_OUTAGE: Pick<OutageLogOptions, 'started' | 'ended'> = { started: 'the database is unreachable', ended: 'the database is back' };

/**
 * Logs an outage twice: a warning when it starts, with the first error's message, and a line
 * when it ends, with how long it lasted. Whoever meets the failure reports it here; an outage
 * seen by the scheduler and the readiness check at once is still two lines.
 */
export class OutageLog {
  private readonly state = new OutageState();
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    private readonly options: OutageLogOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  failed(err: unknown): void {
    const change = this.state.failed(errorSummary(err), this.now());
    if (change?.kind !== 'started') return;
    const detail = this.options.withStack ? { err } : { error: change.reason };
    this.logger.warn(detail, `${this.options.started}: ${change.reason} (logged once; a line follows when it ends)`);
  }

  succeeded(): void {
    const change = this.state.succeeded(this.now());
    if (change?.kind !== 'ended') return;
    this.logger.info({ outageMs: change.durationMs, failures: change.failures }, `${this.options.ended} after ${formatDuration(change.durationMs)}`);
  }

  get down(): boolean {
    return this.state.down;
  }
}

/**
 * One line about an error. Prisma's messages start with where the query was made and end with
 * why it failed, which for raw queries is wrapped again: "Raw query failed. Code: `N/A`.
 * Message: `Can't reach database server at …`".
 */
export function errorSummary(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1) ?? (err instanceof Error ? err.name : 'unknown error');
  const summary = /^Raw query failed\. Code: `[^`]*`\. Message: `(.*)`$/.exec(last)?.[1] ?? last;
  return summary.length > 300 ? `${summary.slice(0, 299)}…` : summary;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** Node's socket errors for a server that is not there (or went away). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** Prisma's codes for "cannot reach", "timed out", "server closed the connection". */
const UNREACHABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
/** Postgres SQLSTATEs: connection exceptions (08…), and shutting down / starting up (57P01–57P03). */
const UNREACHABLE_SQLSTATE = /^(08\w{3}|57P0[123])$/;
/** What pg and Prisma say, in words, when the server is gone: some of their errors carry no code. */
const UNREACHABLE_WORDS =
  /Can't reach database server|Connection terminated|connection timeout|Server has closed the connection|terminating connection|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|ECONNREFUSED|ECONNRESET|Code: `(08\w{3}|57P0[123])`/i;

/**
 * Whether an error means the database could not be reached (as opposed to a query that is wrong
 * or a constraint that refused it): only then is it part of a database outage.
 */
export function isUnreachable(err: unknown): boolean {
  for (let current: unknown = err, depth = 0; current && depth < 8; depth += 1) {
    if (typeof current !== 'object') return UNREACHABLE_WORDS.test(String(current));
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || UNREACHABLE_PRISMA.has(code) || UNREACHABLE_SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && UNREACHABLE_WORDS.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isUnreachable(inner))) return true;
    current = cause;
  }
  return false;
}
