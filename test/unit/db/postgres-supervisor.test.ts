import { CannotRestart, PostgresSupervisor, startFailureReason, type ServerExit, type ServerProcess } from '../../../src/db/postgres-supervisor';
import { capturedLogger } from '../../support/captured-logger';

/** Postgres 18's own words when its port is taken (captured from a real server). */
const PORT_TAKEN = [
  '2026-12-01 09:47:26.399 UTC [24731] LOG:  starting PostgreSQL 18.4 on x86_64-pc-linux-gnu, compiled by gcc (Ubuntu 7.5.0-3ubuntu1~18.04) 7.5.0, 64-bit',
  '2026-12-01 09:47:26.399 UTC [24731] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
  '2026-12-01 09:47:26.399 UTC [24731] HINT:  Is another postmaster already running on port 33227? If not, wait a few seconds and retry.',
  '2026-12-01 09:47:26.400 UTC [24731] WARNING:  could not create listen socket for "127.0.0.1"',
  '2026-12-01 09:47:26.400 UTC [24731] FATAL:  could not create any TCP/IP sockets',
  '2026-12-01 09:47:26.406 UTC [24731] LOG:  database system is shut down',
].join('\n');

const where = { port: 33227, dataDir: '/srv/guild/.data/postgres' };

describe('startFailureReason', () => {
  it('names the causes an operator can act on', () => {
    expect(startFailureReason(PORT_TAKEN, where)).toBe('port 33227 on 127.0.0.1 is taken by another program');
    expect(startFailureReason('2026-12-01 10:00:00.000 UTC [9] PANIC:  could not write to file "pg_wal/xlogtemp.9": No space left on device', where)).toBe('the disk holding /srv/guild/.data/postgres is full');
    // Postgres 18's words for a missing and for an emptied data directory (run by hand).
    expect(startFailureReason('postgres: could not access directory "/srv/guild/.data/postgres": No such file or directory\nRun initdb or pg_basebackup to initialize a PostgreSQL data directory.', where)).toBe(
      'its data directory /srv/guild/.data/postgres is gone',
    );
    expect(startFailureReason('postgres: could not access the server configuration file "/srv/guild/.data/postgres/postgresql.conf": No such file or directory', where)).toBe(
      'its data directory /srv/guild/.data/postgres is gone',
    );
    expect(startFailureReason('2026-12-01 10:00:00.000 UTC [9] FATAL:  could not open file "global/pg_control": Permission denied', where)).toBe(
      'Postgres is not allowed to use /srv/guild/.data/postgres (permission denied)',
    );
  });

  it("otherwise gives Postgres' own last FATAL message, without its prefix", () => {
    const output = [
      '2026-12-01 10:00:00.000 UTC [9] FATAL:  pre-existing shared memory block (key 1234, ID 5) is still in use',
      '2026-12-01 10:00:00.000 UTC [9] HINT:  Terminate any old server processes associated with data directory "/srv/guild/.data/postgres".',
    ].join('\n');
    expect(startFailureReason(output, where)).toBe('pre-existing shared memory block (key 1234, ID 5) is still in use');
    expect(startFailureReason('', where)).toBe('it exited as soon as it started');
  });
});

/** A server process the test ends by hand: `die()` is what kill -9 does to a real one. */
class ScriptedServer implements ServerProcess {
  readonly exited: Promise<ServerExit>;
  stopped = false;
  private end!: (exit: ServerExit) => void;
  constructor() {
    this.exited = new Promise((resolve) => (this.end = resolve));
  }
  die(): void {
    this.end({ code: null, signal: 'SIGKILL' });
  }
  async stop(): Promise<void> {
    this.stopped = true;
    this.end({ code: 0, signal: null });
  }
}

function supervised(script: (attempt: number) => ScriptedServer | Error, beforeRestart: () => Promise<void> = async () => undefined) {
  const { logger, lines } = capturedLogger();
  const servers: ScriptedServer[] = [];
  let launches = 0;
  const supervisor = new PostgresSupervisor({
    logger,
    restartDelaysMs: [1, 1, 1],
    beforeRestart,
    describe: (err) => (err as Error).message,
    async launch() {
      const outcome = script((launches += 1));
      if (outcome instanceof Error) throw outcome;
      servers.push(outcome);
      return outcome;
    },
  });
  return { supervisor, servers, lines, launches: () => launches };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('PostgresSupervisor', () => {
  it('starts a server that died again, and keeps watching the new one', async () => {
    const { supervisor, servers, lines } = supervised(() => new ScriptedServer());
    await supervisor.start();
    servers[0]!.die();
    await settle();
    expect(servers).toHaveLength(2);
    servers[1]!.die();
    await settle();
    expect(servers).toHaveLength(3);
    await supervisor.stop();
    expect(servers[2]!.stopped).toBe(true);
    expect(lines.map((l) => String(l.msg).replace(/after .*/, 'after …'))).toEqual([
      'embedded Postgres stopped unexpectedly (SIGKILL): restarting it on the same data',
      'embedded Postgres restarted after …',
      'embedded Postgres stopped unexpectedly (SIGKILL): restarting it on the same data',
      'embedded Postgres restarted after …',
    ]);
  });

  it('retries a failing start, and gives up with the last reason in one line after the last attempt', async () => {
    const { supervisor, servers, lines, launches } = supervised((attempt) => (attempt === 1 ? new ScriptedServer() : new Error(`port taken (${attempt})`)));
    await supervisor.start();
    servers[0]!.die();
    await expect(supervisor.lost).resolves.toBe('port taken (4)');
    expect(launches()).toBe(4); // the start and three attempts
    const errors = lines.filter((l) => Number(l.level) >= 50);
    expect(errors.map((l) => l.msg)).toEqual(['embedded Postgres cannot be restarted: port taken (4)']);
    await supervisor.stop();
  });

  it('gives up at once when the server can never start again', async () => {
    const { supervisor, servers, launches } = supervised(
      () => new ScriptedServer(),
      async () => {
        throw new CannotRestart('its data directory /srv/guild/.data/postgres is gone');
      },
    );
    await supervisor.start();
    servers[0]!.die();
    await expect(supervisor.lost).resolves.toBe('its data directory /srv/guild/.data/postgres is gone');
    expect(launches()).toBe(1);
  });

  it('does not restart a server it was asked to stop', async () => {
    const { supervisor, servers } = supervised(() => new ScriptedServer());
    await supervisor.start();
    await supervisor.stop();
    await settle();
    expect(servers).toHaveLength(1);
    expect(servers[0]!.stopped).toBe(true);
  });
});
