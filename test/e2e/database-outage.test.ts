import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { DELIVERY_JOB } from '../../src/delivery/delivery';
import { LocalSlack } from '../../src/sandbox';
import { runGuild, until } from '../support/guild-process';
import { killTree } from '../support/postgres-processes';

const SIGNING_SECRET = 'outage-test-secret';
/** As long as the issue asks: long enough for a once-a-second logger to have written thirty lines. */
const OUTAGE_MS = 30_000;

/**
 * The real `src/main.ts` on a Postgres of its own (DATABASE_URL) that goes away for 30 s and
 * comes back, as a managed database does during maintenance. (The embedded one is restarted by
 * Guild within a second, so it cannot be away this long; see embedded-postgres-supervision.test.ts.)
 */
describe('a 30-second database outage (npm start with DATABASE_URL)', () => {
  let slack: LocalSlack;
  let dir: string;
  let server: EmbeddedPostgres | undefined;
  let guildPid: number | undefined;
  const serverLogger = pino({ level: 'silent' });

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: SIGNING_SECRET });
    dir = mkdtempSync(path.join(os.tmpdir(), 'guild-outage-'));
    chmodSync(dir, 0o755); // as root, Postgres runs as the 'postgres' user, which must reach it
  });
  afterAll(async () => {
    if (guildPid) killTree(guildPid);
    await server?.stop();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is logged once when it starts and once when it ends; requests and /readyz tell the truth meanwhile; what fell due runs after it', async () => {
    const dataDir = path.join(dir, 'pg');
    server = await startEmbeddedPostgres({ dataDir, logger: serverLogger });
    const port = server.port;
    await server.createDatabase('guild');
    const databaseUrl = server.url('guild');

    const running = runGuild({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, DATABASE_URL: databaseUrl, DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0' });
    guildPid = running.child.pid;
    const listening = await until('Guild listening', () => running.lines.find((l) => l.msg === 'Guild is listening to Slack'), running);
    const url = `http://127.0.0.1:${String(listening.port)}`;
    const driver = slack.httpDriver({ url: `${url}/slack/events` });
    const ada = slack.addUser({ name: 'ada', tz: 'Europe/London' });
    const grace = slack.addUser({ name: 'grace', tz: 'America/New_York' });
    const channel = slack.addChannel({ name: 'design', members: [ada.id, grace.id], botMember: true });
    await driver.command({ user: ada, channel, command: '/guild', text: 'setup' });
    await slack.waitFor(() => slack.messages(channel.id).length === 1, { timeoutMs: 20_000 });

    // A message due ten seconds into the outage: delivery jobs run however late.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(`INSERT INTO "OutboundMessage" (key, "channelId", text) VALUES ('outage-test', $1, 'Due during the outage')`, [channel.id]);
    await db.query(`INSERT INTO "Job" (key, kind, payload, "runAt", "maxAttempts") VALUES ('delivery:outage-test', $1, '{"key":"outage-test"}', now() + interval '10 seconds', 8)`, [DELIVERY_JOB]);
    await db.end();

    const before = running.lines.length;
    await server.stop();
    const stoppedAt = Date.now();

    // Meanwhile: /readyz says so (a load balancer asking every second), and people are told the truth.
    let asked = false;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'database unreachable' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200); // the process itself is fine: nothing to restart
      if (!asked) {
        asked = true;
        await driver.command({ user: grace, channel, command: '/guild', text: 'join' });
        const reply = await slack.waitFor(() => slack.ephemerals({ user: grace.id }).at(-1), { timeoutMs: 20_000 });
        expect(reply.text).toMatch(/try again in a minute/);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    server = await startEmbeddedPostgres({ dataDir, port, logger: serverLogger });
    const backAt = Date.now();
    await until('ready again', () => running.lines.find((l, i) => i >= before && String(l.msg).startsWith('the database is back')), running, 20_000);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const notice = await slack.waitFor(() => slack.messages(channel.id).find((m) => m.text === 'Due during the outage'), { timeoutMs: 20_000 });
    expect(notice).toBeDefined();
    const deliveredAfterMs = Date.now() - backAt;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // lines written late would count too

    const lines = running.lines.slice(before);
    process.stdout.write(`outage.lines: ${lines.length} in ${Math.round((Date.now() - stoppedAt) / 1000)} s (due job delivered ${deliveredAfterMs} ms after the server came back)\n${lines.map((l) => `  ${String(l.level)} ${String(l.msg)}`).join('\n')}\n`);
    expect(lines.length).toBeLessThanOrEqual(5);
    const messages = lines.map((l) => String(l.msg));
    expect(messages.filter((m) => m.startsWith('the database is unreachable'))).toHaveLength(1);
    const back = lines.find((l) => String(l.msg).startsWith('the database is back'));
    expect(Number(back?.outageMs)).toBeGreaterThanOrEqual(OUTAGE_MS - 2000);
    expect(running.stderr).toBe('');

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    guildPid = undefined;
  }, 150_000);
});
