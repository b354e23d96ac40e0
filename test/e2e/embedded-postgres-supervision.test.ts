import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LocalSlack, type SandboxChannel, type SlackDriver } from '../../src/sandbox';
import { runGuild, until, type RunningGuild } from '../support/guild-process';
import { isAlive, killPostmasters, killTree, lockFilePid, parentOf, postmastersOn, waitUntil } from '../support/postgres-processes';

const SIGNING_SECRET = 'supervision-test-secret';

/**
 * What an operator meets with Guild on its embedded Postgres, against the real `src/main.ts`:
 * its Postgres killed, a Postgres that cannot come back, and Guild itself killed.
 */
describe('the embedded Postgres, supervised (npm start)', () => {
  let slack: LocalSlack;
  let dataDir: string;
  let guilds: RunningGuild[];
  const cluster = () => path.join(dataDir, 'postgres');

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: SIGNING_SECRET });
  });
  afterAll(async () => {
    await slack.stop();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-supervise-'));
    chmodSync(dataDir, 0o755); // as root, Postgres runs as the 'postgres' user, which must reach it
    guilds = [];
  });
  afterEach(async () => {
    for (const running of guilds) if (running.child.exitCode === null && running.child.pid) killTree(running.child.pid);
    killPostmasters(cluster());
    rmSync(dataDir, { recursive: true, force: true });
  });

  const boot = async () => {
    const running = runGuild({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0' });
    guilds.push(running);
    const listening = await until('Guild listening', () => running.lines.find((l) => l.msg === 'Guild is listening to Slack'), running);
    const started = running.lines.find((l) => l.msg === 'embedded Postgres started');
    const url = `http://127.0.0.1:${String(listening.port)}`;
    return { running, url, driver: slack.httpDriver({ url: `${url}/slack/events` }), postgresPort: Number(started?.port) };
  };

  /** Runs a command and waits for the answer its person sees. */
  const answer = async (driver: SlackDriver, userId: string, channel: SandboxChannel, text: string): Promise<string> => {
    const before = slack.ephemerals({ user: userId }).length;
    await driver.command({ user: userId, channel, command: '/guild', text });
    const reply = await slack.waitFor(() => slack.ephemerals({ user: userId })[before], { timeoutMs: 20_000, description: `the answer to /guild ${text}` });
    return reply.text ?? '';
  };

  const setUp = async (driver: SlackDriver, name: string) => {
    const ada = slack.addUser({ name: `${name}-ada`, tz: 'Europe/London' });
    const channel = slack.addChannel({ name, members: [ada.id], botMember: true });
    await driver.command({ user: ada, channel, command: '/guild', text: 'setup' });
    await slack.waitFor(() => slack.messages(channel.id).length === 1, { timeoutMs: 20_000 });
    return { ada, channel };
  };

  const stopCleanly = async (running: RunningGuild) => {
    running.child.kill('SIGTERM');
    const stopped = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000).unref());
    expect(await Promise.race([running.exited, stopped])).toBe(0);
  };

  it('serves again within seconds after its Postgres is killed with -9 under load, and keeps every committed write', async () => {
    const { running, url, driver, postgresPort } = await boot();
    const { channel } = await setUp(driver, 'load');

    // Two people at a time join, one after another, before, during and after the kill.
    const welcomed: string[] = [];
    let apologies = 0;
    let killedAt = 0;
    let servedAgainAt = 0;
    let next = 0;
    let failed = false;
    const work = async () => {
      while (!failed && (servedAgainAt === 0 || welcomed.length < 40)) {
        const person = slack.addUser({ name: `member-${(next += 1)}` });
        const text = await answer(driver, person.id, channel, 'join');
        if (text.startsWith('Welcome to')) {
          welcomed.push(person.id);
          if (killedAt > 0 && servedAgainAt === 0) servedAgainAt = Date.now();
        } else {
          expect(text).toMatch(/try again in a minute/); // the truth, while the database is away
          apologies += 1;
        }
        if (killedAt > 0 && Date.now() - killedAt > 30_000) throw new Error('Guild did not serve again within 30 s');
      }
    };
    const worker = () =>
      work().catch((err: unknown) => {
        failed = true; // the other worker stops too
        throw err;
      });
    const load = [worker(), worker()];
    await waitUntil('ten joins before the kill', () => welcomed.length >= 10);
    const committedBeforeKill = [...welcomed];
    const postmaster = lockFilePid(cluster())!;
    process.kill(postmaster, 'SIGKILL');
    killedAt = Date.now();
    await Promise.all(load);

    const downForMs = servedAgainAt - killedAt;
    process.stdout.write(`supervision.kill9_served_again_ms: ${downForMs} (apologies meanwhile: ${apologies})\n`);
    expect(downForMs).toBeLessThan(10_000);
    expect(running.lines.map((l) => l.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^embedded Postgres restarted/)]));
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(postmastersOn(cluster())).toEqual([lockFilePid(cluster())]);

    // Everyone told "Welcome" is a member, those before the kill included (Postgres' crash recovery).
    const db = new Client({ host: '127.0.0.1', port: postgresPort, user: 'guild', password: 'guild', database: 'guild' });
    await db.connect();
    try {
      const { rows } = await db.query<{ personId: string }>('SELECT "personId" FROM "Membership" WHERE "leftAt" IS NULL');
      const members = new Set(rows.map((r) => r.personId));
      expect(committedBeforeKill.filter((id) => !members.has(id))).toEqual([]);
      expect(welcomed.filter((id) => !members.has(id))).toEqual([]);
    } finally {
      await db.end();
    }
    await stopCleanly(running);
    expect(postmastersOn(cluster())).toEqual([]);
  }, 120_000);

  /** Waits for the process to end, and returns its exit code and the error lines it logged. */
  const outcome = async (running: RunningGuild) => {
    const code = await Promise.race([running.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 40_000).unref())]);
    return { code, errors: running.lines.filter((l) => Number(l.level) >= 50) };
  };

  it('exits non-zero, saying why in one line, when its Postgres cannot start again because the port is taken', async () => {
    const { running, postgresPort } = await boot();
    const squatter = net.createServer();
    try {
      process.kill(lockFilePid(cluster())!, 'SIGKILL');
      // Another program takes the port the moment the server lets go of it.
      await new Promise<void>((resolve, reject) => {
        squatter.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE') setTimeout(() => squatter.listen(postgresPort, '127.0.0.1'), 5);
          else reject(err);
        });
        squatter.once('listening', resolve);
        squatter.listen(postgresPort, '127.0.0.1');
      });
      const { code, errors } = await outcome(running);
      expect(code).toBe(69);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.msg).toMatch(new RegExp(`embedded Postgres cannot be restarted: port ${postgresPort} .*is taken`));
      expect(postmastersOn(cluster())).toEqual([]);
    } finally {
      squatter.close();
    }
  }, 90_000);

  it('exits non-zero, saying why in one line, when its data directory is gone, and never starts an empty one', async () => {
    const { running } = await boot();
    const postmaster = lockFilePid(cluster())!;
    rmSync(cluster(), { recursive: true, force: true });
    process.kill(postmaster, 'SIGKILL');
    const { code, errors } = await outcome(running);
    expect(code).toBe(69);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/embedded Postgres cannot be restarted: its data directory .* is gone/);
    expect(existsSync(path.join(cluster(), 'PG_VERSION'))).toBe(false);
  }, 90_000);

  it('after Guild itself is killed with -9, the next start stops the Postgres it left behind and reuses the data', async () => {
    const first = await boot();
    const { ada, channel } = await setUp(first.driver, 'orphan');
    const orphan = lockFilePid(cluster())!;
    process.kill(parentOf(orphan), 'SIGKILL'); // Guild's own process: the one that started Postgres
    await first.running.exited;
    expect(isAlive(orphan)).toBe(true); // what an operator finds: the old server still holds the data

    const second = await boot();
    expect(isAlive(orphan)).toBe(false);
    expect(postmastersOn(cluster())).toEqual([lockFilePid(cluster())]);
    expect(await answer(second.driver, ada.id, channel, 'setup')).toMatch(/already the \*orphan\* community/);
    await stopCleanly(second.running);
    expect(postmastersOn(cluster())).toEqual([]);
  }, 120_000);
});
