import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { CommunityService } from './community/community.service';
import { ProfileService } from './community/profile.service';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { Delivery } from './delivery/delivery';
import { systemClock, type Clock } from './scheduler/clock';
import { Scheduler } from './scheduler/scheduler';
import { Schedules } from './scheduler/schedules';
import { startSlackApp } from './slack/app';
import { boltLogger } from './slack/bolt-logger';
import { registerGuildCommand } from './slack/guild-command.listener';
import { registerHome } from './slack/home.listener';
import { InFlight } from './slack/in-flight';
import { registerMembershipEvents } from './slack/membership-events.listener';
import { registerProfileSubmission } from './slack/profile.listener';
import { webDirectory } from './slack/web-directory';
import { registerRetro } from './rituals/retro/retro.listeners';
import { RetroService } from './rituals/retro/retro.service';
import { actionReminderJob, nextRetroReminderJob, phaseDeadlineJob, scheduledRetroJob } from './rituals/retro/retro.jobs';
import { scheduleRetros } from './rituals/retro/retro.schedule';
import { guildSecret } from './secret';

export interface Guild {
  app: App;
  /** Base URL of Guild's HTTP server: /slack/events (HTTP mode), /healthz, /readyz. */
  url: string;
  database: Database;
  scheduler: Scheduler;
  delivery: Delivery;
  schedules: Schedules;
  /** Stops taking work, lets work in flight finish, then closes the database. */
  stop(): Promise<void>;
}

export interface GuildOptions {
  /** An open, migrated database (tests); otherwise one is opened from the configuration. */
  database?: Database;
  /** The scheduler's clock; tests move a manual one. */
  clock?: Clock;
  /** False: no heartbeat; the caller drives `guild.scheduler.tick()` (tests). Default true. */
  heartbeat?: boolean;
}

/**
 * The composition root: database, scheduler, delivery, services, Slack listeners. Everything is
 * built here and passed down; nothing registers itself by being imported.
 */
export async function startGuild(config: Config, logger: Logger, options: GuildOptions = {}): Promise<Guild> {
  const database = options.database ?? (await openDatabase(config.database, logger));
  const inFlight = new InFlight();
  const clock = options.clock ?? systemClock;
  const scheduler = new Scheduler({ prisma: database.prisma, logger: logger.child({ component: 'scheduler' }), clock });
  // The gateway handles rate limits and retries itself, per method and channel: its client must not.
  const deliveryClient = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(logger),
  });
  const delivery = new Delivery({ prisma: database.prisma, jobs: scheduler.jobs, client: deliveryClient, logger, clock, limits: { scale: config.slack.rateScale } });
  scheduler.register(delivery.handler());
  scheduler.register(delivery.updateHandler());
  scheduler.register(actionReminderJob({ prisma: database.prisma, outbox: delivery }));
  const schedules = new Schedules({ prisma: database.prisma, jobs: scheduler.jobs, clock, logger });
  scheduler.addDuty(schedules.duty());
  const secret = await guildSecret(config.secret, config.database.dataDir, logger);
  const now = () => clock.now();
  const retros = new RetroService({ prisma: database.prisma, logger, anonymitySecret: secret, jobs: scheduler.jobs, outbox: delivery, now });
  scheduler.register(phaseDeadlineJob({ retros, outbox: delivery }));
  scheduler.register(scheduledRetroJob({ prisma: database.prisma, retros, outbox: delivery, jobs: scheduler.jobs }));
  scheduler.register(nextRetroReminderJob({ prisma: database.prisma, retros }));
  let draining = false;
  try {
    const slack = await startSlackApp(
      config,
      logger,
      { databaseReachable: () => database.isReachable(), draining: () => draining },
      inFlight,
      (app) => {
        const deps = { prisma: database.prisma, directory: webDirectory(app.client), outbox: delivery, logger };
        const community = new CommunityService(deps);
        const profile = new ProfileService(deps);
        registerGuildCommand(app, { community, profile, schedules, logger });
        registerProfileSubmission(app, { profile, logger });
        registerMembershipEvents(app, { community, logger });
        registerHome(app, { profile, logger });
        registerRetro(app, {
          retros,
          community,
          outbox: delivery,
          files: delivery,
          scheduleRetros: (input) => scheduleRetros({ prisma: database.prisma, community, schedules, jobs: scheduler.jobs, now }, input),
          timeZoneOf: async (userId) => (await deps.directory.user(userId))?.timeZone,
          logger,
          now,
        });
      },
    );
    if (options.heartbeat !== false) scheduler.start();
    return {
      app: slack.app,
      url: slack.url,
      database,
      scheduler,
      delivery,
      schedules,
      async stop() {
        draining = true;
        logger.info({ inFlight: inFlight.size, jobsInFlight: scheduler.inFlight }, 'shutting down: no new work accepted');
        await slack.stop();
        if (!(await inFlight.drained(config.shutdownTimeoutMs))) logger.warn({ inFlight: inFlight.size }, 'shutdown timed out with work still in flight');
        await scheduler.stop(config.shutdownTimeoutMs);
        if (!options.database) await database.close();
        logger.info('Guild stopped');
      },
    };
  } catch (err) {
    await scheduler.stop(0);
    if (!options.database) await database.close();
    throw err;
  }
}
