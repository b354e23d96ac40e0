import pino from 'pino';
import { loadConfig, secretsOf } from '../../src/config';
import { createPrismaClient } from '../../src/db/client';
import { databaseOver } from '../../src/db/database';
import { startGuild } from '../../src/guild';
import { createLogger } from '../../src/logger';
import { fail, serveUntilStopped } from './serve';

/**
 * The real Guild as production runs it (same config, logger, Bolt app, Prisma pool), but over a
 * database the benchmark already migrated and seeded, with its log lines in BENCH_LOG_FILE.
 */
serveUntilStopped(async () => {
  const config = loadConfig(process.env);
  const logFile = process.env.BENCH_LOG_FILE;
  if (!logFile || !config.database.url) throw new Error('guild-server needs BENCH_LOG_FILE and DATABASE_URL');
  const destination = pino.destination({ dest: logFile, sync: false });
  const logger = createLogger({ level: config.log.level, secrets: secretsOf(config), destination });
  const database = databaseOver(createPrismaClient(config.database.url), logger);
  const guild = await startGuild(config, logger, { database });
  return {
    url: `${guild.url}/slack/events`,
    async stop() {
      await guild.stop();
      await database.close();
      destination.flushSync();
    },
  };
}).catch(fail);
