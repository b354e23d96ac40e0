import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { StartupError } from '../../../src/startup-error';
import { isAlive } from '../../support/postgres-processes';

/** Never two servers on one data directory, and no stale lock file in the way of a start. */
describe("the embedded Postgres' lock file (postmaster.pid)", () => {
  const logger = pino({ level: 'silent' });
  let dir: string;
  const running: EmbeddedPostgres[] = [];
  const dataDir = () => path.join(dir, 'pg');
  const start = async () => {
    const server = await startEmbeddedPostgres({ dataDir: dataDir(), logger });
    running.push(server);
    return server;
  };
  const stopAll = async () => {
    for (const server of running.splice(0)) await server.stop();
  };
  /** Writes a lock file naming `pid`, readable by the server's account, as a server would leave it. */
  const lockWith = (pid: number) => {
    const file = path.join(dataDir(), 'postmaster.pid');
    writeFileSync(file, `${pid}\n${dataDir()}\n1764000000\n5432\n\n127.0.0.1\n`, { mode: 0o600 });
    const owner = statSync(dataDir());
    chownSync(file, owner.uid, owner.gid);
  };
  const answers = async (server: EmbeddedPostgres) => {
    const client = new Client({ connectionString: server.url('postgres') });
    await client.connect();
    try {
      return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one === 1;
    } finally {
      await client.end();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'guild-lock-'));
    chmodSync(dir, 0o755); // as root, Postgres runs as the 'postgres' user, which must reach it
    await start(); // initialise the cluster
    await stopAll();
  }, 60_000);
  afterEach(async () => {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts over a lock file whose server is dead', async () => {
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    lockWith(gone.pid!);
    expect(await answers(await start())).toBe(true);
  }, 60_000);

  it('starts over a lock file whose pid now belongs to another program of the same account, and leaves that program alone', async () => {
    // After a reboot or in a new container, the old pid may be anyone's: Postgres alone would refuse to start.
    const owner = statSync(dataDir());
    const other = spawn('sleep', ['60'], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' });
    try {
      lockWith(other.pid!);
      expect(await answers(await start())).toBe(true);
      expect(isAlive(other.pid!)).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses to start a second server on a data directory whose server another Guild is running', async () => {
    const first = await start(); // this process plays the other Guild: it is that server's parent
    const second = startEmbeddedPostgres({ dataDir: dataDir(), logger });
    await expect(second).rejects.toBeInstanceOf(StartupError);
    await expect(second).rejects.toThrow(/is running the embedded Postgres .* is another Guild using this DATA_DIR\?/);
    expect(await answers(first)).toBe(true);
  }, 60_000);
});
