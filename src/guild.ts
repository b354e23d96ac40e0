import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { CommunityService } from './community/community.service';
import { ProfileService } from './community/profile.service';
import type { Config } from './config';
import type { Core } from './core';
import { openDatabase, type Database } from './db/database';
import { Delivery } from './delivery/delivery';
import { PublicLinks } from './links';
import type { Ritual, RitualHelp } from './rituals/ritual';
import { coffeeRitual } from './rituals/coffee';
import { eventsRitual } from './rituals/events';
import { healthRitual } from './rituals/health';
import { ideasRitual } from './rituals/ideas';
import { mentoringRitual } from './rituals/mentoring';
import { pairingRitual } from './rituals/pairing';
import { pollsRitual, pollsService } from './rituals/polls';
import { privacyRitual } from './rituals/privacy';
import { retroRitual } from './rituals/retro';
import { unconferencePort, unconferenceRitual } from './rituals/unconference';
import { systemClock, type Clock } from './scheduler/clock';
import { Scheduler } from './scheduler/scheduler';
import { Schedules } from './scheduler/schedules';
import { guildSecret } from './secret';
import { SLACK_RETRY, startSlackApp } from './slack/app';
import { boltLogger } from './slack/bolt-logger';
import { registerCoreListeners } from './slack/core.listeners';
import { publishHome } from './slack/home.listener';
import { InFlight } from './slack/in-flight';
import { SlackKit } from './slack/kit/kit';
import { webDirectory } from './slack/web-directory';

export interface Guild {
  app: App;
  /** Base URL of Guild's HTTP server: /slack/events (HTTP mode), /healthz, /readyz, the rituals' routes (/calendar/…). */
  url: string;
  database: Database;
  scheduler: Scheduler;
  delivery: Delivery;
  schedules: Schedules;
  /** Settles, with the reason, if the database is gone for good: Guild cannot work any more (see main.ts). */
  lost: Promise<string>;
  /** Each ritual's help (what `/guild help` lists after the core's own entries). */
  help: RitualHelp[];
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

/** The rituals Guild runs. Adding one is a folder under src/rituals/ and a line here. */
const RITUALS: ((core: Core, config: Config) => Ritual)[] = [
  retroRitual,
  coffeeRitual,
  mentoringRitual,
  pairingRitual,
  eventsRitual,
  pollsRitual,
  unconferenceRitual,
  // A post of an outside feed can be proposed as a poll option or an unconference session, through their ports.
  (core, config) => ideasRitual(core, { polls: pollsService(core), unconference: unconferencePort(core) }, { fetch: { allowPrivate: config.feeds.allowPrivate } }),
  healthRitual,
  privacyRitual,
];

/**
 * The composition root: builds the core once (database, scheduler, delivery, community), then
 * the rituals, then the Slack app, and registers each ritual's jobs and listeners in a loop.
 * Nothing registers itself by being imported.
 */
export async function startGuild(config: Config, logger: Logger, options: GuildOptions = {}): Promise<Guild> {
  const database = options.database ?? (await openDatabase(config.database, logger));
  const clock = options.clock ?? systemClock;
  const scheduler = new Scheduler({ prisma: database.prisma, logger: logger.child({ component: 'scheduler' }), clock, outage: database.outage });
  try {
    const links = new PublicLinks(config.http.publicUrl);
    const core = await buildCore(config, logger, database, scheduler, clock, links);
    const rituals = RITUALS.map((make) => make(core, config));
    for (const handler of [core.messages.handler(), core.messages.updateHandler(), ...rituals.flatMap((r) => r.jobs)]) scheduler.register(handler);
    scheduler.addDuty(core.schedules.duty());

    const inFlight = new InFlight();
    let draining = false;
    const slack = await startSlackApp(config, logger, { databaseReachable: () => database.isReachable(), draining: () => draining }, inFlight, (app) => {
      const kit: SlackKit = new SlackKit(app, { logger, messages: core.messages, roles: core.roles, publishHome: (actor, client) => publishHome({ profile: core.profile, kit, rituals }, actor, client) });
      registerCoreListeners(kit, core, rituals);
      for (const ritual of rituals) ritual.register(kit);
    }, rituals.flatMap((r) => r.httpRoutes ?? []));
    links.listeningAt(slack.url);
    if (options.heartbeat !== false) scheduler.start();
    return {
      app: slack.app,
      url: slack.url,
      database,
      scheduler,
      delivery: core.messages,
      schedules: core.schedules,
      lost: database.lost,
      help: rituals.map((r) => r.help),
      async stop() {
        draining = true;
        logger.info({ inFlight: inFlight.size, jobsInFlight: scheduler.inFlight }, 'shutting down: no new work accepted');
        await slack.stop();
        if (!(await inFlight.drained(config.shutdownTimeoutMs))) logger.warn({ inFlight: inFlight.size }, 'shutdown timed out with work still in flight');
        await Promise.all(rituals.map((r) => r.stop?.()));
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

/** Every service, built before Bolt starts: Slack is reached through clients of their own. */
async function buildCore(config: Config, logger: Logger, database: Database, scheduler: Scheduler, clock: Clock, links: PublicLinks): Promise<Core> {
  const prisma = database.prisma;
  // The gateway handles rate limits and retries itself, per method and channel: its client must not.
  const deliveryClient = new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: boltLogger(logger) });
  const messages = new Delivery({ prisma, jobs: scheduler.jobs, client: deliveryClient, logger, clock, limits: { scale: config.slack.rateScale }, rateBudget: config.slack.rateBudget });
  const directory = webDirectory(new WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, retryConfig: SLACK_RETRY, logger: boltLogger(logger) }));
  const community = new CommunityService({ prisma, directory, outbox: messages, logger });
  return {
    logger,
    clock,
    now: () => clock.now(),
    prisma,
    jobs: scheduler.jobs,
    schedules: new Schedules({ prisma, jobs: scheduler.jobs, clock, logger }),
    messages,
    community,
    profile: new ProfileService({ prisma, directory, logger }),
    roles: community,
    directory,
    channels: { prepare: async (channel) => void (await community.prepareChannel(channel)) },
    secret: await guildSecret(config.secret, config.database.dataDir, logger),
    links,
  };
}
