import { WebClient, WebClientEvent } from '@slack/web-api';
import { LocalSlack } from '../../../src/sandbox';
import { quietLogger, startBoltApp } from './bolt-fixtures';

async function rawCall(slack: LocalSlack, method: string, args: Record<string, string>): Promise<Response> {
  return fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
}

describe('rate limits', () => {
  let slack: LocalSlack;
  afterEach(async () => {
    await slack.stop();
  });

  it('answers 429 with an honest Retry-After once a tier bucket is empty', async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { methodTiers: { 'users.list': 2 } } });
    const limits = slack.rateLimitsFor('users.list');
    expect(limits).toMatchObject({ tier: 2, workspace: { perMinute: 20, burst: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < limits.workspace.burst + 1; i += 1) statuses.push((await rawCall(slack, 'users.list', {})).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await rawCall(slack, 'users.list', {});
    expect(Number(limited.headers.get('retry-after'))).toBe(3); // 20/min: a token every 3 s
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(slack.callsTo('users.list').at(-1)).toMatchObject({ ok: false, error: 'ratelimited', status: 429 });
  });

  it('limits chat.postMessage per channel, and scales for benchmarks', async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { perChannelBurst: 2 } });
    const a = slack.addChannel({ name: 'a' }).id;
    const b = slack.addChannel({ name: 'b' }).id;
    const codes = [];
    for (const channel of [a, a, a, b]) codes.push((await rawCall(slack, 'chat.postMessage', { channel, text: 'x' })).status);
    expect(codes).toEqual([200, 200, 429, 200]);
    expect(slack.rateLimitsFor('chat.postMessage').minimumMs(12, 1)).toBe(10_000);
    const scaled = await LocalSlack.start({ signingSecret: 's', rateLimits: { scale: 30 } });
    expect(scaled.rateLimitsFor('users.info').workspace.perMinute).toBe(3000);
    await scaled.stop();
  });

  it('is what WebClient waits on when it retries after a 429', async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { perChannelPerSecond: 10, perChannelBurst: 1 } });
    const channel = slack.addChannel({ name: 'pace' }).id;
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logger: quietLogger, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    let rateLimited = 0;
    web.on(WebClientEvent.RATE_LIMITED, () => {
      rateLimited += 1;
    });
    const started = Date.now();
    await web.chat.postMessage({ channel, text: '1' });
    await web.chat.postMessage({ channel, text: '2' });
    expect(rateLimited).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // Retry-After is whole seconds, at least 1
    expect(slack.messages(channel).map((m) => m.text)).toEqual(['1', '2']);
  });
});

describe('fault injection', () => {
  let slack: LocalSlack;
  afterEach(async () => {
    await slack.stop();
  });

  it('injects 429s, 5xx and delays per method, deterministically from the seed', async () => {
    const run = async (): Promise<number[]> => {
      const s = await LocalSlack.start({ signingSecret: 's', seed: 42, rateLimits: { enabled: false } });
      s.faults.set({ method: 'auth.test', rate429: 0.3, rate5xx: 0.3, retryAfterS: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await rawCall(s, 'auth.test', {})).status);
      await s.stop();
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toEqual(expect.arrayContaining([200, 429]));
    expect(first.some((s) => s === 500 || s === 503)).toBe(true);

    slack = await LocalSlack.start({ signingSecret: 's' });
    slack.faults.set({ rate429: 1, retryAfterS: 7 });
    const limited = await rawCall(slack, 'auth.test', {});
    expect(limited.headers.get('retry-after')).toBe('7');
    slack.faults.clear();
    slack.faults.set({ method: 'auth.test', delayMs: 150 });
    const started = Date.now();
    expect((await rawCall(slack, 'auth.test', {})).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    slack.faults.set({ method: 'auth.test', rate5xx: 1 });
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, logger: quietLogger, retryConfig: { retries: 0 } });
    await expect(web.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
  });

  it('drops Socket Mode connections and the Bolt client reconnects', async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false }, socketPingIntervalMs: 100 });
    const ada = slack.addUser({ name: 'ada' }).id;
    const general = slack.addChannel({ name: 'general', members: [ada] }).id;
    const running = await startBoltApp(slack, 'socket', (app) => {
      app.command('/guild', async ({ ack }) => ack({ text: 'pong' }));
    });
    try {
      const driver = slack.socketDriver();
      await slack.waitFor(() => slack.socketConnections === 1);
      slack.faults.set({ dropSocket: true });
      const dropped = await driver.command({ user: ada, channel: general, command: '/guild', text: '' });
      expect(dropped).toMatchObject({ status: 0, failed: true, failure: 'socket_dropped' });
      slack.faults.clear();
      await slack.waitFor(() => slack.socketConnections === 1, { timeoutMs: 5000 });
      expect((await driver.command({ user: ada, channel: general, command: '/guild', text: '' })).status).toBe(200);

      slack.disconnectSockets({ warn: true });
      await slack.waitFor(() => slack.socketConnections === 1, { timeoutMs: 5000 });
      expect((await driver.command({ user: ada, channel: general, command: '/guild', text: '' })).status).toBe(200);
      expect(slack.callsTo('apps.connections.open').length).toBeGreaterThanOrEqual(3);
      expect(slack.ephemerals({ user: ada }).map((e) => e.text)).toEqual(['pong', 'pong']);
    } finally {
      await running.stop();
    }
  });
});
