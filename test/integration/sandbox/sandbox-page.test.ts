import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { databaseOver } from '../../../src/db/database';
import { createLogger } from '../../../src/logger';
import { DEMO_PEOPLE } from '../../../src/sandbox/web/demo-workspace';
import { startSandbox, type Sandbox } from '../../../src/sandbox/web/sandbox';
import { createTestDatabase, type TestDatabase } from '../../support/database';

/**
 * The sandbox over plain HTTP (no browser): what survives a restart, what a reset undoes, the
 * clock both sides share, and Slack's refusals shown in the page's event log.
 */
describe('the sandbox', () => {
  let db: TestDatabase;
  let dataDir: string;
  let sandbox: Sandbox | undefined;
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const start = async () => {
    sandbox = await startSandbox({ env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }, logDestination: quiet, database: databaseOver(db.prisma, createLogger({ level: 'warn', destination: quiet })) });
    return sandbox;
  };
  const person = (s: Sandbox, name: string) => s.slack.people().find((u) => u.name === name)!;
  const design = (s: Sandbox) => s.slack.conversations().find((c) => c.name === 'design')!;
  const post = (s: Sandbox, to: string, form: Record<string, string>) =>
    fetch(new URL(to, s.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-sandbox-'));
  });
  afterAll(async () => {
    await sandbox?.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo workspace on first start: people in several zones, #design a community Guild is in', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const people = s.slack.people().filter((u) => !u.isBot);
    expect(people.length).toBe(12);
    expect(new Set(people.map((p) => p.tz)).size).toBeGreaterThanOrEqual(8);
    expect(s.slack.botIsMember(design(s).id)).toBe(true);
    expect(await db.prisma.community.count()).toBe(1);
    expect(await db.prisma.membership.count()).toBe(10);
    expect(JSON.stringify(await db.prisma.person.findMany())).toContain('typography');
    // Each mentoring choice made on a Home is stored, though Guild publishes other people's Homes meanwhile.
    const chosen = await db.prisma.membership.findMany({ where: { mentoring: { not: null } }, select: { personId: true, mentoring: true } });
    const byId = new Map(people.map((p) => [p.id, p.name]));
    const expected = DEMO_PEOPLE.filter((p) => p.mentoring).map((p) => ({ name: p.name, mentoring: p.mentoring }));
    expect(chosen.map((m) => ({ name: byId.get(m.personId), mentoring: m.mentoring })).sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
    const page = await fetch(s.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('#design');
  }, 90_000);

  it('keeps messages, threads and open modals across a restart', async () => {
    let s = sandbox!;
    const ada = person(s, 'ada');
    expect((await post(s, `u/${ada.id}/c/${design(s).id}/send`, { text: 'Before the restart <b>&' })).status).toBe(204);
    const parent = s.slack.messages(design(s).id).at(-1)!;
    expect(parent.text).toBe('Before the restart &lt;b&gt;&amp;');
    await post(s, `u/${ada.id}/c/${design(s).id}/send`, { text: 'a reply', thread: parent.ts });
    await post(s, `u/${ada.id}/c/${design(s).id}/send`, { text: '/guild profile' });
    await s.slack.waitFor(() => s.slack.views(ada.id).length === 1);
    await s.stop();
    sandbox = undefined;

    s = await start();
    const kept = s.slack.messages(design(s).id).find((m) => m.ts === parent.ts);
    expect(kept?.replies.map((r) => r.text)).toEqual(['a reply']);
    expect(s.slack.views(ada.id)).toHaveLength(1);
    expect(await db.prisma.community.count()).toBe(1); // not seeded twice
    const html = await (await fetch(new URL(`u/${ada.id}/c/${design(s).id}`, s.url))).text();
    expect(html).toContain('Before the restart &lt;b&gt;&amp;');
    expect(html).toContain('1 reply');
  }, 90_000);

  it('keys each live part, so the page redraws the messages only when they changed', async () => {
    const s = sandbox!;
    const ada = person(s, 'ada');
    const at = `u/${ada.id}/c/${design(s).id}`;
    const keyIn = (page: string) => /<section id="messages"[^>]* data-part="([^"]+)"/.exec(page)?.[1];
    const partKey = async () => (await fetch(new URL(`${at}/messages`, s.url))).headers.get('x-part');
    const shown = keyIn(await (await fetch(new URL(at, s.url))).text());
    expect(shown).toMatch(/^[\w-]{16}$/);
    expect(await partKey()).toBe(shown);
    await post(s, `${at}/send`, { text: 'something new' });
    const changed = await partKey();
    expect(changed).not.toBe(shown);
    expect(await partKey()).toBe(changed);
  }, 60_000);

  it('moves Guild\'s clock and Slack\'s together, and shows Slack\'s refusals in red', async () => {
    const s = sandbox!;
    const before = Date.now();
    expect((await post(s, 'clock', { by: '1d' })).status).toBe(204);
    expect(s.clock.offsetMs).toBe(86_400_000);
    const ada = person(s, 'ada');
    await post(s, `u/${ada.id}/c/${design(s).id}/send`, { text: 'tomorrow already' });
    expect(Number(s.slack.messages(design(s).id).at(-1)!.ts) * 1000).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(await (await fetch(new URL(`clock?u=${ada.id}`, s.url))).text()).toContain('+24h');

    const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, setLevel: () => {}, getLevel: () => 'error' as never, setName: () => {} };
    const client = new WebClient(s.slack.botToken, { slackApiUrl: s.slack.apiUrl, retryConfig: { retries: 0 }, logger: silent });
    await expect(client.chat.postMessage({ channel: design(s).id, text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] })).rejects.toThrow(/invalid_blocks/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const log = await (await fetch(new URL('log', s.url))).text();
    expect(log).toMatch(/<li class="log-error">.*Slack refused chat.postMessage in #design: invalid_blocks/);
  }, 60_000);

  it('resets to the demo workspace from the page', async () => {
    const s = sandbox!;
    expect((await post(s, 'reset', {})).status).toBe(204);
    expect(s.clock.offsetMs).toBe(0);
    expect(s.slack.messages(design(s).id).some((m) => m.text.includes('restart'))).toBe(false);
    expect(s.slack.views(person(s, 'ada').id)).toHaveLength(0);
    expect(await db.prisma.community.count()).toBe(1);
    expect(await db.prisma.membership.count()).toBe(10);
  }, 90_000);
});
