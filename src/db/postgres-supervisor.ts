import type { Logger } from 'pino';
import { Backoff, formatDuration } from './outage';

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One run of the server process. */
export interface ServerProcess {
  /** Settles when the process has exited, for whatever reason. */
  readonly exited: Promise<ServerExit>;
  stop(): Promise<void>;
}

/** A reason the server can never start again, so retrying is pointless (its data directory is gone). */
export class CannotRestart extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CannotRestart';
  }
}

export interface SupervisorOptions {
  /** Starts the server; resolves once it accepts connections. */
  launch(): Promise<ServerProcess>;
  /** Runs before each restart; throws CannotRestart to give up at once. */
  beforeRestart(): Promise<void>;
  /** Why a launch failed, in words for the operator. */
  describe(err: unknown): string;
  logger: Logger;
  /** Pauses before each restart attempt; giving up after the last. */
  restartDelaysMs?: readonly number[];
}

/**
 * Five attempts over about nine seconds: the first comes once the dead server's backends have
 * let go of its shared memory (they exit as soon as they notice), the later ones cover a server
 * that is slow to recover. A server still failing after that has a reason that waiting will
 * not cure (a port taken, a disk full), so Guild says so and exits.
 */
export const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 5000] as const;

/**
 * Keeps the embedded Postgres running: when its process dies unexpectedly (killed, crashed, out
 * of memory), starts it again on the same data directory, where Postgres' own crash recovery
 * replays what was committed. `lost` settles with the reason when it cannot be brought back.
 */
export class PostgresSupervisor {
  readonly lost: Promise<string>;
  private markLost!: (reason: string) => void;
  private current: ServerProcess | undefined;
  private restarting: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.lost = new Promise((resolve) => (this.markLost = resolve));
  }

  async start(): Promise<void> {
    this.watch(await this.options.launch());
  }

  /** Stops the server (and any restart under way); it is not restarted after this. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.restarting;
    await this.current?.stop();
  }

  private watch(server: ServerProcess): void {
    this.current = server;
    void server.exited.then((exit) => {
      if (this.stopping || this.current !== server) return;
      this.current = undefined;
      this.restarting = this.restart(exit).finally(() => (this.restarting = undefined));
    });
  }

  private async restart(exit: ServerExit): Promise<void> {
    const { logger } = this.options;
    const downSince = Date.now();
    logger.warn({ code: exit.code, signal: exit.signal }, `embedded Postgres stopped unexpectedly (${exit.signal ?? `exit code ${String(exit.code)}`}): restarting it on the same data`);
    const backoff = new Backoff(this.options.restartDelaysMs ?? RESTART_DELAYS_MS);
    const attempts = (this.options.restartDelaysMs ?? RESTART_DELAYS_MS).length;
    let reason = 'it did not start';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      await this.pause(backoff.next());
      if (this.stopping) return;
      try {
        await this.options.beforeRestart();
        const server = await this.options.launch();
        if (this.stopping) {
          await server.stop();
          return;
        }
        this.watch(server);
        const downMs = Date.now() - downSince;
        logger.info({ attempts: attempt, downMs }, `embedded Postgres restarted after ${formatDuration(downMs)}`);
        return;
      } catch (err) {
        if (err instanceof CannotRestart) return this.giveUp(err.reason, attempt);
        reason = this.options.describe(err);
        // Each attempt's reason, for whoever debugs; the operator's line comes when Guild gives up.
        logger.debug({ attempt, reason }, 'embedded Postgres restart failed');
      }
    }
    this.giveUp(reason, attempts);
  }

  private giveUp(reason: string, attempts: number): void {
    this.options.logger.error({ reason, attempts }, `embedded Postgres cannot be restarted: ${reason}`);
    this.markLost(reason);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * Why Postgres would not start, from its last words: the few causes an operator can act on are
 * named; anything else is its own FATAL (or PANIC) message.
 */
export function startFailureReason(output: string, where: { port: number; dataDir: string }): string {
  if (/Address already in use|could not create any TCP\/IP sockets/i.test(output)) return `port ${where.port} on 127.0.0.1 is taken by another program`;
  if (/No space left on device/i.test(output)) return `the disk holding ${where.dataDir} is full`;
  // The folder gone, or emptied ("could not access the server configuration file …").
  if (/could not access (directory|the server configuration file) .*No such file or directory/i.test(output)) return `its data directory ${where.dataDir} is gone`;
  if (/Permission denied/i.test(output)) return `Postgres is not allowed to use ${where.dataDir} (permission denied)`;
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const fatal = [...lines].reverse().find((line) => /\b(FATAL|PANIC):/.test(line)) ?? lines.at(-1);
  return fatal ? fatal.replace(/^.*?\b(FATAL|PANIC|LOG|ERROR):\s*/, '') : 'it exited as soon as it started';
}
