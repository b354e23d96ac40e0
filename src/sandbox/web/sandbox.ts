import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import { HELP_ENTRIES } from '../../community/community.views';
import { sandboxConfig, sandboxPage, secretsOf } from '../../config';
import type { Database } from '../../db/database';
import { startGuild, type Guild } from '../../guild';
import { createLogger } from '../../logger';
import type { SlackDriver } from '../drivers/slack-driver';
import { LocalSlack } from '../local-slack';
import type { SandboxSnapshot } from '../snapshot';
import { addDemoWorkspace, restoreDemoMemberships, seedGuild } from './demo-workspace';
import { PageServer, type PageState } from './page-server';
import type { CommandHint } from './render/page-html';
import { WorkspaceClock } from './workspace-clock';

export interface SandboxOptions {
  env: Record<string, string | undefined>;
  /** Where logs go (tests collect them); default stdout. */
  logDestination?: DestinationStream;
  /** An open, migrated database (tests); otherwise the embedded Postgres under DATA_DIR/sandbox. */
  database?: Database;
}

export interface Sandbox {
  /** The page, e.g. http://127.0.0.1:3000/ */
  url: string;
  host: string;
  dataDir: string;
  slack: LocalSlack;
  guild: Guild;
  clock: WorkspaceClock;
  logger: Logger;
  /** Back to the demo workspace as first seeded: Guild's data, Slack's records, the clock. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

interface SavedState {
  version: 1;
  clockOffsetMs: number;
  slack: SandboxSnapshot;
  page: PageState;
}

const SAVE_DEBOUNCE_MS = 500;

/**
 * Guild, unchanged, against the local Slack: a demo workspace on first start (restored from the
 * data directory afterwards), a clock both share, and the page that shows it all. Guild is
 * started exactly as in production (startGuild over HTTP), with a configuration that can only
 * reach the local Slack.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const env = { LOG_LEVEL: 'warn', ...options.env };
  const page = sandboxPage(env);
  const saved = readSaved(env);
  const clock = new WorkspaceClock(saved?.clockOffsetMs ?? 0);
  const signingSecret = randomBytes(16).toString('hex');
  const slackLogs: Logger[] = [];
  const slack = await LocalSlack.start({
    signingSecret,
    botToken: 'xoxb-sandbox-local',
    appToken: 'xapp-sandbox-local',
    now: () => clock.now().getTime(),
    logger: {
      debug: (o, m) => slackLogs[0]?.debug(o, m),
      info: (o, m) => slackLogs[0]?.info(o, m),
      warn: (o, m) => slackLogs[0]?.warn(o, m),
      error: (o, m) => slackLogs[0]?.error(o, m),
    },
  });
  let guild: Guild | undefined;
  let pageServer: PageServer | undefined;
  try {
    const config = sandboxConfig(env, { apiUrl: slack.apiUrl, botToken: slack.botToken, signingSecret });
    const logger = createLogger({ level: config.log.level, pretty: config.log.pretty, secrets: secretsOf(config), ...(options.logDestination ? { destination: options.logDestination } : {}) });
    slackLogs.push(logger.child({ component: 'local-slack' }));
    if (saved) slack.restore(saved.slack);
    else addDemoWorkspace(slack);

    guild = await startGuild(config, logger, { clock, ...(options.database ? { database: options.database } : {}) });
    const running = guild;
    const driver: SlackDriver = slack.httpDriver({ url: `${guild.url}/slack/events` });
    const commands = commandHints(guild);
    pageServer = new PageServer({
      slack,
      driver: () => driver,
      clock,
      commands,
      slashCommands: [...new Set(commands.map((c) => c.usage.split(' ')[0] as string))],
      nextDue: () => nextDue(running, clock),
      reset: () => reset(),
      logger: logger.child({ component: 'sandbox-page' }),
    });
    const server = pageServer;
    server.load(saved?.page);
    const dataDir = config.database.dataDir;
    const statePath = path.join(dataDir, 'slack-state.json');
    const save = () => {
      mkdirSync(dataDir, { recursive: true });
      const state: SavedState = { version: 1, clockOffsetMs: clock.offsetMs, slack: slack.snapshot(), page: server.state() };
      writeFileSync(`${statePath}.tmp`, JSON.stringify(state));
      renameSync(`${statePath}.tmp`, statePath);
    };
    let saveTimer: NodeJS.Timeout | undefined;
    server.onChange(() => {
      if (saveTimer) return;
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        try {
          save();
        } catch (err) {
          logger.error({ err, statePath }, 'could not save the sandbox state');
        }
      }, SAVE_DEBOUNCE_MS);
    });

    const seed = async () => {
      await seedGuild(slack, driver);
      slack.forgetEphemerals();
      server.markAllSeen();
      server.clearLog();
    };
    const reset = async () => {
      logger.warn('sandbox reset: back to the demo workspace');
      await truncateGuild(running);
      slack.resetRecords();
      restoreDemoMemberships(slack);
      clock.reset();
      server.clear();
      await seed();
      save();
    };
    // A data directory whose database is new (or was removed) starts from the demo, whatever Slack kept.
    if ((await guild.database.prisma.community.count()) === 0) {
      if (saved) {
        slack.resetRecords();
        restoreDemoMemberships(slack);
      }
      await seed();
    }
    save();
    const port = await server.listen(page.host, page.port);
    const url = `http://${page.host}:${port}/`;
    logger.info({ url, host: page.host, dataDir }, 'sandbox page listening');
    return {
      url,
      host: page.host,
      dataDir,
      slack,
      guild,
      clock,
      logger,
      reset,
      async stop() {
        clearTimeout(saveTimer);
        await server.close();
        try {
          save();
        } catch (err) {
          logger.error({ err, statePath }, 'could not save the sandbox state');
        }
        await running.stop();
        await slack.stop();
      },
    };
  } catch (err) {
    await pageServer?.close();
    await guild?.stop();
    await slack.stop();
    throw err;
  }
}

/** The saved state, if the data directory has one this version can read. */
function readSaved(env: Record<string, string | undefined>): SavedState | undefined {
  const dataDir = path.join((env.DATA_DIR ?? './.data').replace(/\/+$/, ''), 'sandbox');
  const file = path.join(dataDir, 'slack-state.json');
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
    return state.version === 1 ? state : undefined;
  } catch {
    // A torn or foreign file: the sandbox starts from the demo again rather than refusing to start.
    return undefined;
  }
}

/** Guild's own commands, for the composer's completion list. */
function commandHints(guild: Guild): CommandHint[] {
  const entries = [...HELP_ENTRIES, ...guild.help.flatMap((h) => h.entries)];
  return entries.map((e) => ({ example: e.example, usage: e.usage, what: e.what }));
}

/** The earliest pending job or active schedule occurrence after now. */
async function nextDue(guild: Guild, clock: WorkspaceClock): Promise<Date | undefined> {
  const now = clock.now();
  const prisma = guild.database.prisma;
  const [job, schedule] = await Promise.all([
    prisma.job.findFirst({ where: { status: 'pending', runAt: { gt: now } }, orderBy: { runAt: 'asc' }, select: { runAt: true } }),
    prisma.schedule.findFirst({ where: { status: 'active', nextRunAt: { gt: now } }, orderBy: { nextRunAt: 'asc' }, select: { nextRunAt: true } }),
  ]);
  const times = [job?.runAt, schedule?.nextRunAt].filter((d): d is Date => d instanceof Date);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : undefined;
}

/** Empties every table of Guild's but the migration history. */
async function truncateGuild(guild: Guild): Promise<void> {
  const prisma = guild.database.prisma;
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  await prisma.$executeRawUnsafe(`TRUNCATE TABLE ${tables.map((t) => `"${t.tablename.replace(/"/g, '""')}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
