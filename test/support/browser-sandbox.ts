import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { databaseOver } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { startSandbox, type Sandbox } from '../../src/sandbox/web/sandbox';
import { createTestDatabase, type TestDatabase } from './database';

/** Screenshots and downloads of browser tests: kept after the run (gitignored). */
export const ARTIFACTS = path.join(__dirname, '..', 'browser', 'artifacts');

/** Debian's Chromium, as CI installs it (.ci/run); never a browser downloaded by a tool. */
export const CHROMIUM = '/usr/bin/chromium';

export interface BrowserSandbox {
  sandbox: Sandbox;
  db: TestDatabase;
  context: BrowserContext;
  /** Every JSON line Guild and the sandbox logged. */
  logs: Record<string, unknown>[];
  /** A new tab acting as the named demo person, on a conversation (by name) or the Home tab. */
  open(person: string, where?: string): Promise<Page>;
  idOf(person: string): string;
  channelId(name: string): string;
  screenshot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface BrowserSandboxOptions {
  /** More of the environment `npm start` would read (e.g. GUILD_FEEDS_ALLOW_PRIVATE=1 for a feed on 127.0.0.1). */
  env?: Record<string, string>;
}

/**
 * The real sandbox (the page, Guild, the local Slack, Postgres) as `npm start` runs it, with the
 * test's own database and data directory, and headless Chromium on it.
 */
export async function startBrowserSandbox(options: BrowserSandboxOptions = {}): Promise<BrowserSandbox> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-browser-'));
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', GUILD_SECRET: 'browser-test-anonymity-secret-0123456789', ...options.env };
  const database = databaseOver(db.prisma, createLogger({ level: 'warn', destination }));
  const sandbox = await startSandbox({ env, logDestination: destination, database });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'guild-chromium-'));
  let context: BrowserContext;
  try {
    // A fresh profile each run (playwright passes it as --user-data-dir).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
  } catch (err) {
    await sandbox.stop();
    await db.drop();
    throw err;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const idOf = (person: string) => {
    const user = sandbox.slack.people().find((u) => u.name === person);
    if (!user) throw new Error(`no demo person ${person}`);
    return user.id;
  };
  const channelId = (name: string) => {
    const channel = sandbox.slack.conversations().find((c) => c.name === name && !c.isIm);
    if (!channel) throw new Error(`no channel ${name}`);
    return channel.id;
  };
  return {
    sandbox,
    db,
    context,
    logs,
    idOf,
    channelId,
    async open(person, where = 'design') {
      const page = await context.newPage();
      // Slack's confirm dialogs (Close the retro?) are accepted, as a person who clicked on would.
      page.on('dialog', (dialog) => void dialog.accept());
      const url = where === 'home' ? `${sandbox.url}u/${idOf(person)}/home` : `${sandbox.url}u/${idOf(person)}/c/${channelId(where)}`;
      await page.goto(url);
      await page.waitForSelector('body[data-ready="1"]');
      return page;
    },
    async screenshot(page, name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async stop() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await sandbox.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends a message or slash command from the tab's composer (the thread's, when `thread`). */
export async function send(page: Page, text: string, { thread = false }: { thread?: boolean } = {}): Promise<void> {
  const selector = thread ? '#thread-pane .composer input[name="text"]' : 'main .composer input[name="text"]';
  const input = page.locator(selector);
  await input.fill(text);
  await input.press('Enter');
  // The composer empties once the page has taken the message (htmx resets the form on success).
  await page.waitForFunction(`document.querySelector(${JSON.stringify(selector)}).value === ''`);
}

/** The tab's open form (the top modal). */
export const modal = (page: Page) => page.locator('#modal .modal');

/** Submits the tab's open form and waits until it closes (Guild accepted it). */
export async function submitModal(page: Page): Promise<void> {
  await modal(page).locator('button[type="submit"]').click();
  await modal(page).waitFor({ state: 'detached', timeout: 20_000 });
}

/** Opens the person's DM with Guild from the sidebar. */
export async function openGuildDm(page: Page): Promise<void> {
  await page.locator('#sidebar a[data-conversation^="D"]', { hasText: 'Guild' }).first().click();
  await page.locator('#messages').waitFor();
}

/** Acts as someone else in the same tab, with the page's "Acting as" menu (the same conversation or Home). */
export async function actAs(page: Page, userId: string): Promise<void> {
  const urls = await page.locator('#person option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
  const url = urls.find((u) => u.includes(`/u/${userId}/`));
  if (!url) throw new Error(`no ${userId} in the "Acting as" menu`);
  await page.locator('#person').selectOption(url);
  await page.waitForURL(new RegExp(`/u/${userId}/`));
  await page.waitForSelector('body[data-ready="1"]');
}

/** The workspace's time as the page's clock shows it. */
export async function pageTime(page: Page): Promise<Date> {
  return new Date((await page.locator('#workspace-time').getAttribute('datetime')) as string);
}

/** Clicks "+1 day" until the page's clock reads a time `reached` accepts (each click waits for the clock to move). */
export async function daysUntil(page: Page, reached: (now: Date) => boolean, maxDays = 8): Promise<Date> {
  for (let days = 0; days < maxDays; days++) {
    const before = await pageTime(page);
    if (reached(before)) return before;
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.waitForFunction(`document.querySelector('#workspace-time')?.getAttribute('datetime') !== ${JSON.stringify(before.toISOString())}`, undefined, { timeout: 20_000 });
  }
  const now = await pageTime(page);
  if (!reached(now)) throw new Error(`the clock did not reach the time asked for in ${maxDays} days (${now.toISOString()})`);
  return now;
}

/**
 * Fast-forwards with the page's clock buttons, "next job" (one job at a time) or "+1 day", until
 * `target` shows; each jump gives the jobs a few seconds to run and the page to redraw.
 */
export async function clockUntil(page: Page, target: Locator, { step = 'job', maxSteps = 10, settleMs = 15_000 }: { step?: 'job' | 'day'; maxSteps?: number; settleMs?: number } = {}): Promise<void> {
  const button = step === 'job' ? page.locator('#next-job') : page.getByRole('button', { name: '+1 day' });
  for (let steps = 0; steps < maxSteps; steps++) {
    if ((await target.count()) > 0) return;
    await button.click();
    try {
      await target.first().waitFor({ timeout: settleMs });
      return;
    } catch {
      // Not this jump's doing: on to the next.
    }
  }
  throw new Error(`nothing matching ${target.toString()} after ${maxSteps} clock jumps`);
}

/**
 * Registers the jest hooks that run one sandbox for a describe block (started once, stopped at
 * the end); the returned object stands for the running sandbox.
 */
export function useBrowserSandbox(options: BrowserSandboxOptions = {}): BrowserSandbox {
  let current: BrowserSandbox | undefined;
  beforeAll(async () => {
    current = await startBrowserSandbox(options);
  }, 120_000);
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as BrowserSandbox, {
    get(_, key) {
      if (!current) throw new Error('the sandbox is used before beforeAll ran');
      return current[key as keyof BrowserSandbox];
    },
  });
}
