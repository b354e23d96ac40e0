import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalSlack } from '../../src/sandbox';
import { runGuild, until, type RunningGuild } from '../support/guild-process';
import { linkedCheckout } from '../support/linked-checkout';

const asRoot = process.getuid?.() === 0;

/**
 * A checkout where only its owner may enter, as in root's home folder (mode 700). As root, the
 * embedded Postgres runs as the `postgres` user, who can reach neither the binaries in
 * node_modules nor a data folder inside the checkout; `npm test` and `npm start` must work anyway.
 * (Run as anyone else, the server runs as that user and these tests check the plain case.)
 */
describe('a checkout in a folder only its owner may enter', () => {
  let home: string;
  let checkout: string;
  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'guild-home-'));
    chmodSync(home, 0o700);
    checkout = linkedCheckout(path.join(home, 'guild'));
  });
  afterAll(() => {
    // As root, the data of the checkout's embedded Postgres lives where .data/postgres links to.
    const data = path.join(checkout, '.data', 'postgres');
    const link = lstatSync(data, { throwIfNoEntry: false });
    if (link?.isSymbolicLink()) rmSync(readlinkSync(data), { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("runs npm test's global set-up: an embedded Postgres with the migrated template database", () => {
    const run = spawnSync(path.join(checkout, 'node_modules', '.bin', 'tsx'), ['test/support/run-global-setup.ts'], {
      cwd: checkout,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const migrations = readdirSync(path.join(checkout, 'prisma', 'migrations')).filter((entry) => /^\d+_/.test(entry));
    expect(JSON.parse(run.stdout.trim())).toEqual({ migrationsApplied: migrations.length });
  }, 120_000);

  describe('npm start, with its data in the checkout (the default DATA_DIR)', () => {
    let slack: LocalSlack;
    beforeAll(async () => {
      slack = await LocalSlack.start({ signingSecret: 'private-checkout-secret' });
    });
    afterAll(async () => {
      await slack.stop();
    });

    const env = (extra: Record<string, string> = {}) => ({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'private-checkout-secret',
      SLACK_API_URL: slack.apiUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      ...extra,
    });

    const boot = async () => {
      const running = runGuild(env(), checkout);
      const listening = await until('Guild listening', () => running.lines.find((l) => l.msg === 'Guild is listening to Slack'), running, 90_000);
      return { running, url: `http://127.0.0.1:${String(listening.port)}` };
    };

    const stop = async (running: RunningGuild) => {
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect(running.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Guild stopped', 'embedded Postgres stopped']));
    };

    it('starts, keeps its data across restarts, and stops on SIGTERM', async () => {
      const ada = slack.addUser({ name: 'ada', tz: 'Europe/London' });
      const channel = slack.addChannel({ name: 'design', members: [ada.id] });

      const first = await boot();
      if (asRoot) {
        const messages = first.running.lines.map((l) => String(l.msg));
        expect(messages).toEqual(expect.arrayContaining([
          expect.stringMatching(`the 'postgres' user cannot enter ${home}: Postgres runs from a copy of its binaries`),
          expect.stringMatching(`the 'postgres' user cannot enter ${home}: Postgres keeps its data in /var/lib/guild/postgres-`),
        ]));
      }
      await slack.httpDriver({ url: `${first.url}/slack/events` }).command({ user: ada, channel, command: '/guild', text: 'setup' });
      await slack.waitFor(() => slack.messages(channel.id).length === 1, { timeoutMs: 10_000 });
      await stop(first.running);

      const second = await boot();
      expect(second.running.lines.map((l) => l.msg)).not.toContain('initialising embedded Postgres');
      await slack.httpDriver({ url: `${second.url}/slack/events` }).command({ user: ada, channel, command: '/guild', text: 'setup' });
      const answer = await slack.waitFor(() => slack.ephemerals({ user: ada.id }).at(-1), { timeoutMs: 10_000 });
      expect(answer.text).toMatch(/already the \*design\* community/);
      await stop(second.running);
    }, 180_000);

    it('says why when the embedded Postgres cannot start, without a stack trace', async () => {
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const port = (taken.address() as net.AddressInfo).port;
      try {
        const running = runGuild(env({ EMBEDDED_POSTGRES_PORT: String(port) }), checkout);
        expect(await running.exited).toBe(1);
        expect(running.stderr).toMatch(new RegExp(`^Guild failed to start: The embedded Postgres did not start on port ${port} [^\\n]*\\n`));
        expect(running.stderr).toMatch(/could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
        expect(running.stderr).not.toMatch(/^\s+at /m);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    }, 120_000);
  });
});
