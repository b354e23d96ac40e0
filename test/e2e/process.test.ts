import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalSlack } from '../../src/sandbox';
import { exitOf, killGroup, runGuild, until, type RunningGuild as Running } from '../support/guild-process';

describe('the Guild process (npm start)', () => {
  it('with only some Slack credentials, says exactly which are missing, and exits', async () => {
    const running = runGuild({ SLACK_APP_TOKEN: 'xapp-1-A1-1-abc' });
    expect(await running.exited).toBe(78);
    expect(running.stderr).toMatch(/SLACK_BOT_TOKEN is missing: .*OAuth & Permissions/);
    expect(running.stderr).toMatch(/see .env.example/);
    const secretOnly = runGuild({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(await secretOnly.exited).toBe(78);
    expect(secretOnly.stderr).toMatch(/SLACK_SIGNING_SECRET is missing/);
  }, 60_000);

  it('with no Slack credentials at all, opens the sandbox on 127.0.0.1 and prints its URL last, then stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-sandbox-process-'));
    chmodSync(dataDir, 0o755);
    try {
      const running = runGuild({ DATA_DIR: dataDir, PORT: '0' });
      const url = await until('the sandbox URL', () => /^(http:\/\/127\.0\.0\.1:\d+\/)\n$/m.exec(running.stdout.split('\n').slice(-2).join('\n'))?.[1], running, 90_000);
      expect(running.stdout).toMatch(/listens on 127\.0\.0\.1 only/);
      expect(running.stdout.trimEnd().split('\n').at(-1)).toBe(url);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Guild sandbox');
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  describe('with the embedded Postgres', () => {
    let slack: LocalSlack;
    let dataDir: string;
    beforeAll(async () => {
      slack = await LocalSlack.start({ signingSecret: 'process-test-secret' });
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-process-'));
      chmodSync(dataDir, 0o755); // as root, Postgres runs as the 'postgres' user, which must reach it
    });
    afterAll(async () => {
      await slack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const env = () => ({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'process-test-secret',
      SLACK_API_URL: slack.apiUrl,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
    });

    const boot = async () => {
      const running = runGuild(env());
      const listening = await until('Guild listening', () => running.lines.find((l) => l.msg === 'Guild is listening to Slack'), running, 90_000).catch(async (err: unknown) => {
        killGroup(running);
        await running.exited;
        throw err;
      });
      return { running, url: `http://127.0.0.1:${String(listening.port)}` };
    };

    const stop = async (running: Running) => {
      running.child.kill('SIGTERM');
      expect(await exitOf(running, 'stopping on SIGTERM')).toBe(0);
      expect(running.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Guild stopped', 'embedded Postgres stopped']));
    };

    it('starts on the embedded Postgres, keeps its data across restarts, and stops cleanly on SIGTERM', async () => {
      const ada = slack.addUser({ name: 'ada', tz: 'Europe/London' });
      const channel = slack.addChannel({ name: 'design', members: [ada.id] });

      const first = await boot();
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      await slack.httpDriver({ url: `${first.url}/slack/events` }).command({ user: ada, channel, command: '/guild', text: 'setup' });
      await slack.waitFor(() => slack.messages(channel.id).length === 1, { timeoutMs: 10_000 });
      await stop(first.running);

      const second = await boot();
      await slack.httpDriver({ url: `${second.url}/slack/events` }).command({ user: ada, channel, command: '/guild', text: 'setup' });
      const answer = await slack.waitFor(() => slack.ephemerals({ user: ada.id }).at(-1), { timeoutMs: 10_000 });
      expect(answer.text).toMatch(/already the \*design\* community/);
      await stop(second.running);
    }, 240_000);

    it('refuses to start with a token Slack rejects, saying which', async () => {
      const running = runGuild({ ...env(), SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' });
      expect(await running.exited).toBe(1);
      expect(running.stderr).toMatch(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect(running.stderr).not.toContain('xoxb-not-the-right-one');
    }, 120_000);
  });
});
