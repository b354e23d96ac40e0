import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { CommunityService } from './community/community.service';
import { ProfileService } from './community/profile.service';
import { startSlackApp } from './slack/app';
import { registerHome } from './slack/home.listener';
import { registerGuildCommand } from './slack/guild-command.listener';
import { InFlight } from './slack/in-flight';
import { registerMembershipEvents } from './slack/membership-events.listener';
import { registerProfileSubmission } from './slack/profile.listener';
import { webDirectory } from './slack/web-directory';

export interface Guild {
  app: App;
  /** Base URL of Guild's HTTP server: /slack/events (HTTP mode), /healthz, /readyz. */
  url: string;
  database: Database;
  /** Stops taking work, lets work in flight finish, then closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: database, services, Slack listeners. Everything is built here and passed
 * down; nothing registers itself by being imported. Tests pass an already migrated `database`.
 */
export async function startGuild(config: Config, logger: Logger, options: { database?: Database } = {}): Promise<Guild> {
  const database = options.database ?? (await openDatabase(config.database, logger));
  const inFlight = new InFlight();
  let draining = false;
  try {
    const slack = await startSlackApp(
      config,
      logger,
      { databaseReachable: () => database.isReachable(), draining: () => draining },
      inFlight,
      (app) => {
        const deps = { prisma: database.prisma, directory: webDirectory(app.client), logger };
        const community = new CommunityService(deps);
        const profile = new ProfileService(deps);
        registerGuildCommand(app, { community, profile, logger });
        registerProfileSubmission(app, { profile, logger });
        registerMembershipEvents(app, { community, logger });
        registerHome(app, { profile, logger });
      },
    );
    return {
      app: slack.app,
      url: slack.url,
      database,
      async stop() {
        draining = true;
        logger.info({ inFlight: inFlight.size }, 'shutting down: no new work accepted');
        await slack.stop();
        if (!(await inFlight.drained(config.shutdownTimeoutMs))) logger.warn({ inFlight: inFlight.size }, 'shutdown timed out with work still in flight');
        if (!options.database) await database.close();
        logger.info('Guild stopped');
      },
    };
  } catch (err) {
    if (!options.database) await database.close();
    throw err;
  }
}
