import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalSlack } from '../../../src/sandbox';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A bare Request URL whose answers the test scripts, to exercise Slack's retry rules. */
async function scriptedApp(handler: { current: Handler }): Promise<{ url: string; server: Server; seen: Array<Record<string, string>> }> {
  const seen: Array<Record<string, string>> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ retryNum: String(req.headers['x-slack-retry-num'] ?? ''), retryReason: String(req.headers['x-slack-retry-reason'] ?? '') });
      handler.current(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, server, seen };
}

describe('Events API retries', () => {
  let slack: LocalSlack;
  const handler: { current: Handler } = { current: (_req, res) => res.end() };
  let app: Awaited<ReturnType<typeof scriptedApp>>;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', ackTimeoutMs: 100, eventRetryDelaysMs: [0, 20, 20] });
    app = await scriptedApp(handler);
  });
  afterAll(async () => {
    await slack.stop();
    app.server.closeAllConnections();
    await new Promise((resolve) => app.server.close(resolve));
  });
  beforeEach(() => {
    slack.resetRecords();
    app.seen.length = 0;
  });

  it('retries a failing event three times with X-Slack-Retry-Num and the same event_id', async () => {
    handler.current = (_req, res) => {
      res.writeHead(500);
      res.end();
    };
    const first = await slack.httpDriver({ url: app.url }).event({ type: 'app_mention', text: 'hi' });
    expect(first).toMatchObject({ status: 500, failed: true });
    const attempts = await slack.waitFor(() => (slack.deliveries.length === 4 ? slack.deliveries : undefined));
    expect(attempts.map((a) => [a.eventId, a.retryNum])).toEqual([0, 1, 2, 3].map((n) => [first.eventId, n]));
    expect(app.seen.map((s) => s.retryNum)).toEqual(['', '1', '2', '3']);
    expect(app.seen[1]?.retryReason).toBe('http_error');
  });

  it('retries a slow ack with reason http_timeout', async () => {
    handler.current = (_req, res) => {
      setTimeout(() => res.end(), 150);
    };
    await slack.httpDriver({ url: app.url }).event({ type: 'app_mention', text: 'hi' });
    await slack.waitFor(() => app.seen.length === 4);
    expect(app.seen[1]).toEqual({ retryNum: '1', retryReason: 'http_timeout' });
  });

  it('stops retrying when the app answers X-Slack-No-Retry: 1', async () => {
    handler.current = (_req, res) => {
      res.writeHead(500, { 'x-slack-no-retry': '1' });
      res.end();
    };
    await slack.httpDriver({ url: app.url }).event({ type: 'app_mention', text: 'hi' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.seen).toHaveLength(1);
  });
});
