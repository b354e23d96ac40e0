import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { loadConfig } from '../../src/config';
import { databaseOver } from '../../src/db/database';
import { startGuild, type Guild } from '../../src/guild';
import { createLogger } from '../../src/logger';
import type { Clock } from '../../src/scheduler/clock';
import { LocalSlack, type SandboxChannel, type SandboxUser, type SlackDriver } from '../../src/sandbox';
import { createTestDatabase, type TestDatabase } from './database';

export type Transport = 'http' | 'socket';

export interface Harness {
  slack: LocalSlack;
  guild: Guild;
  db: TestDatabase;
  driver: SlackDriver;
  transport: Transport;
  /** Every JSON line Guild logged, parsed. */
  logs: Record<string, unknown>[];
  users: { ada: SandboxUser; grace: SandboxUser; alan: SandboxUser; margaret: SandboxUser };
  channel: SandboxChannel;
  /** The id of the bot's DM with a user, as Slack would put in a command run there. */
  openDm(userId: string): Promise<string>;
  /** Restarts Guild against the same local Slack and database (e.g. after a stop() test). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Guild's log level; the anonymity tests read every line at `debug`. */
  logLevel?: 'debug' | 'info';
  /** The scheduler's clock (its heartbeat still ticks every second); default the system's. */
  clock?: Clock;
  /** More of Guild's environment (e.g. GUILD_FEEDS_ALLOW_PRIVATE=1 for feeds served on 127.0.0.1). */
  env?: Record<string, string>;
}

export const SIGNING_SECRET = 'e2e-signing-secret-3f9a0c';

/**
 * The real Guild (Bolt app, services, Postgres) wired to the local Slack over HTTP or Socket Mode,
 * with a small workspace: four people in three time zones and a #design channel.
 */
export async function startHarness(transport: Transport = 'http', options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const slack = await LocalSlack.start({ signingSecret: SIGNING_SECRET, eventRetryDelaysMs: [50, 100, 150] });
  const users = {
    ada: slack.addUser({ name: 'ada', realName: 'Ada Lovelace', tz: 'Europe/London' }),
    grace: slack.addUser({ name: 'grace', realName: 'Grace Hopper', tz: 'America/New_York' }),
    alan: slack.addUser({ name: 'alan', realName: 'Alan Turing', tz: 'Europe/London' }),
    margaret: slack.addUser({ name: 'margaret', realName: 'Margaret Hamilton', tz: 'America/Los_Angeles' }),
  };
  // #design is a channel someone invited Guild to (/invite @Guild): Slack sends the app its thread
  // replies and joins only from channels the bot is in.
  const channel = slack.addChannel({ name: 'design', members: Object.values(users).map((u) => u.id), botMember: true });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: transport === 'socket' ? slack.appToken : undefined,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: db.url,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: options.logLevel ?? 'info',
    SHUTDOWN_TIMEOUT_MS: '5000',
    GUILD_SECRET: 'e2e-anonymity-secret-0123456789abcdef',
    ...options.env,
  });
  const logger = createLogger({ level: config.log.level, destination, secrets: [SIGNING_SECRET, slack.botToken, slack.appToken] });
  const database = databaseOver(db.prisma, logger);
  const boot = async () => {
    const guild = await startGuild(config, logger, { database, ...(options.clock ? { clock: options.clock } : {}) });
    const driver = transport === 'http' ? slack.httpDriver({ url: `${guild.url}/slack/events` }) : slack.socketDriver();
    return { guild, driver };
  };
  const harness: Harness = {
    slack,
    db,
    transport,
    logs,
    users,
    channel,
    ...(await boot()),
    async openDm(userId) {
      const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
      const opened = await client.conversations.open({ users: userId });
      return opened.channel?.id ?? '';
    },
    async restart() {
      Object.assign(harness, await boot());
    },
    async stop() {
      await harness.guild.stop();
      await slack.stop();
      await db.drop();
    },
  };
  return harness;
}

/** Log lines with this message. */
export function logged(harness: Harness, msg: string): Record<string, unknown>[] {
  return harness.logs.filter((line) => line.msg === msg);
}

/**
 * Registers the jest hooks that run a harness for a describe block: started once, with the
 * database emptied and Slack's records cleared before each test. The returned object stands for
 * the running harness.
 */
export function useHarness(transport: Transport, options: HarnessOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(transport, options);
  });
  // Guild's own shutdown may take its two timeouts (work in flight, then jobs: 10 s each) under load.
  afterAll(async () => {
    await current?.stop();
  }, 60_000);
  beforeEach(async () => {
    if (!current) throw new Error('the harness did not start');
    await current.db.truncate();
    current.slack.resetRecords();
    current.logs.length = 0;
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!current) throw new Error('the harness is used before beforeAll ran');
      return current[key as keyof Harness];
    },
  });
}

/** Runs `/guild <text>` as a user and waits for the reply they see (ephemeral or in the channel). */
export async function guildReply(h: Harness, user: { id: string }, text: string, channel: { id: string } = h.channel): Promise<string> {
  const seen = () => [...h.slack.ephemerals({ user: user.id, channel: channel.id }), ...h.slack.messages(channel.id)];
  const before = seen().length;
  await h.driver.command({ user, channel, command: '/guild', text });
  await h.slack.waitFor(() => seen().length > before, { description: `a reply to /guild ${text}` });
  return seen().sort((a, b) => Number(a.ts) - Number(b.ts)).at(-1)?.text ?? '';
}
