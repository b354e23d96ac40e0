import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { LocalSlack, signRequest, type SlackDriver } from '../../../src/sandbox';
import { quietLogger, startBoltApp, type RunningApp, type Transport } from './bolt-fixtures';

const ACK_TIMEOUT_MS = 300;

describe.each<Transport>(['http', 'socket'])('interactions nobody acknowledges (%s)', (transport) => {
  let slack: LocalSlack;
  let running: RunningApp;
  let driver: SlackDriver;
  let ada: string;
  let room: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, ackTimeoutMs: ACK_TIMEOUT_MS, socketPingIntervalMs: 200 });
    running = await startBoltApp(slack, transport, (app) => {
      app.command('/slow', async ({ ack }) => {
        await new Promise((resolve) => setTimeout(resolve, ACK_TIMEOUT_MS + 400));
        await ack();
      });
      app.command('/fine', async ({ ack }) => ack());
      // No listener at all for the 'stale' button or for the form's submission.
    });
    driver = transport === 'http' ? slack.httpDriver({ url: running.url }) : slack.socketDriver();
    ada = slack.addUser({ name: 'ada' }).id;
    room = slack.addChannel({ name: 'room', members: [ada], botMember: true }).id;
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });
  beforeEach(() => slack.resetRecords());

  it('shows the person operation_timeout for a command acknowledged too late, and resolves at the deadline', async () => {
    const started = Date.now();
    const result = await driver.command({ user: ada, channel: room, command: '/slow', text: '' });
    expect(Date.now() - started).toBeLessThan(ACK_TIMEOUT_MS + 300);
    expect(result).toMatchObject({ failed: true, failure: 'ack_timeout', userVisibleError: 'operation_timeout', userVisibleMessage: '/slow failed with the error "operation_timeout"' });
    expect(result.ackMs).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS);
    await driver.command({ user: ada, channel: room, command: '/fine', text: '' });
    expect(slack.failedInteractions()).toEqual([expect.objectContaining({ kind: 'slash_commands', what: '/slow', user: ada, userVisibleError: 'operation_timeout' })]);
  });

  it('shows an error for a click on a button nobody handles', async () => {
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
    const posted = await web.chat.postMessage({
      channel: room,
      text: 'old board',
      blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'stale', text: { type: 'plain_text', text: 'Vote' } }] }],
    });
    const started = Date.now();
    const result = await driver.blockAction({ user: ada, channel: room, messageTs: posted.ts as string, actionId: 'stale' });
    expect(Date.now() - started).toBeLessThan(ACK_TIMEOUT_MS + 300);
    expect(result).toMatchObject({ failed: true, userVisibleError: 'operation_timeout' });
    expect(slack.failedInteractions()).toEqual([expect.objectContaining({ kind: 'interactive', what: 'block_actions:stale', userVisibleError: 'operation_timeout' })]);
  });

  it('keeps a modal open with Slack\'s error when its submission is not acknowledged', async () => {
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
    const opened = await web.views.open({
      trigger_id: slack.issueTriggerId(ada),
      view: {
        type: 'modal',
        callback_id: 'unhandled_form',
        title: { type: 'plain_text', text: 'Form' },
        submit: { type: 'plain_text', text: 'Send' },
        blocks: [{ type: 'input', block_id: 'n', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'v' } }],
      },
    });
    const result = await driver.submitView({ user: ada, viewId: opened.view?.id as string, values: { n: { v: 'hi' } } });
    expect(result).toMatchObject({ failed: true, userVisibleError: 'operation_timeout', userVisibleMessage: 'We had some trouble connecting. Try again?' });
    expect(slack.views(ada).map((v) => v.id)).toEqual([opened.view?.id]);
  });
});

describe('requests stamped at any time', () => {
  let server: Server;
  let url: string;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs a request stamped ten minutes in the future, so an app can be shown to refuse it', async () => {
    const slack = await LocalSlack.start({ signingSecret: 'stamp-secret', rateLimits: { enabled: false } });
    try {
      const ada = slack.addUser({ name: 'ada' }).id;
      const room = slack.addChannel({ name: 'room', members: [ada] }).id;
      const driver = slack.httpDriver({ url });
      const now = Math.floor(Date.now() / 1000);
      await driver.command({ user: ada, channel: room, command: '/guild', text: '' }, { timestampOffsetSeconds: 600 });
      await driver.event({ type: 'app_mention', text: 'hi' }, { timestampOffsetSeconds: -600, autoRetry: false });
      const [future, past] = received;
      const stamp = (r: typeof future) => Number(r?.headers['x-slack-request-timestamp']);
      expect(stamp(future) - now).toBeGreaterThanOrEqual(599);
      expect(stamp(future) - now).toBeLessThanOrEqual(602);
      expect(now - stamp(past)).toBeGreaterThanOrEqual(598);
      // Correctly signed for that stamp: only the clock check can refuse it.
      for (const r of [future, past]) {
        expect(r?.headers['x-slack-signature']).toBe(signRequest('stamp-secret', r?.body ?? '', stamp(r))['x-slack-signature']);
      }
    } finally {
      await slack.stop();
    }
  });
});
