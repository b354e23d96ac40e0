import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { LocalSlack } from '../../../src/sandbox';
import { quietLogger } from './bolt-fixtures';

const modal = (title = 'Hello') => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
});

async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    return (err as WebAPIPlatformError).data?.error ?? String(err);
  }
  throw new Error('expected the call to fail');
}

describe('views and trigger ids', () => {
  let slack: LocalSlack;
  let web: WebClient;
  let ada: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', triggerTtlMs: 100, rateLimits: { enabled: false } });
    web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
    ada = slack.addUser({ name: 'ada' }).id;
  });
  afterAll(async () => {
    await slack.stop();
  });

  it('enforces trigger ids: unknown, used twice, expired', async () => {
    expect(await errorOf(web.views.open({ trigger_id: 'nope', view: modal() }))).toBe('invalid_trigger_id');
    const trigger = slack.issueTriggerId(ada);
    const opened = await web.views.open({ trigger_id: trigger, view: modal() });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), root_view_id: opened.view?.id, state: { values: {} }, app_id: 'A0GUILD', bot_id: 'B0BOT' });
    expect(slack.views(ada).map((v) => v.id)).toEqual([opened.view?.id]);
    expect(await errorOf(web.views.open({ trigger_id: trigger, view: modal() }))).toBe('invalid_trigger_id');
    const late = slack.issueTriggerId(ada);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await errorOf(web.views.open({ trigger_id: late, view: modal() }))).toBe('expired_trigger_id');
  });

  it('validates views, pushes up to three, and detects hash conflicts', async () => {
    expect(await errorOf(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: modal('x'.repeat(25)) }))).toBe('invalid_arguments');
    const huge = { ...modal(), blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };
    expect(await errorOf(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: huge }))).toBe('invalid_arguments');
    const big = { ...modal(), private_metadata: 'x'.repeat(260_000) };
    expect(await errorOf(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: big }))).toBe('view_too_large');

    const root = await web.views.open({ trigger_id: slack.issueTriggerId(ada), view: modal('root') });
    await web.views.push({ trigger_id: slack.issueTriggerId(ada), view: modal('two') });
    await web.views.push({ trigger_id: slack.issueTriggerId(ada), view: modal('three') });
    expect(await errorOf(web.views.push({ trigger_id: slack.issueTriggerId(ada), view: modal('four') }))).toBe('push_limit_reached');
    expect(slack.views(ada)).toHaveLength(3);

    const rootId = root.view?.id as string;
    const updated = await web.views.update({ view_id: rootId, hash: root.view?.hash as string, view: modal('root v2') });
    expect(updated.view?.id).toBe(rootId);
    expect(await errorOf(web.views.update({ view_id: rootId, hash: root.view?.hash as string, view: modal('stale') }))).toBe('hash_conflict');
    expect(await errorOf(web.views.update({ view_id: 'V404', view: modal() }))).toBe('not_found');
  });

  it('publishes a Home tab per user', async () => {
    await web.views.publish({ user_id: ada, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'home' } }] } });
    expect(slack.home(ada)?.view).toMatchObject({ type: 'home', blocks: [{ text: { text: 'home' } }] });
    expect(await errorOf(web.views.publish({ user_id: ada, view: modal() }))).toBe('invalid_arguments');
  });
});

describe('response_url', () => {
  let slack: LocalSlack;
  let app: Server;
  let url: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false } });
    app = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await slack.stop();
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
  });

  const post = (responseUrl: string, body: unknown) =>
    fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('replaces and deletes the original message and allows five uses', async () => {
    const ada = slack.addUser({ name: 'ada' }).id;
    const room = slack.addChannel({ name: 'room', members: [ada] }).id;
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
    const posted = await web.chat.postMessage({
      channel: room,
      text: 'vote',
      blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'yes', text: { type: 'plain_text', text: 'Yes' } }] }],
    });
    const driver = slack.httpDriver({ url });
    const result = await driver.blockAction({ user: ada, channel: room, messageTs: posted.ts as string, actionId: 'yes' });
    const responseUrl = result.responseUrl as string;

    expect((await post(responseUrl, { text: 'only you' })).status).toBe(200);
    expect(slack.ephemerals({ user: ada }).map((e) => [e.text, e.via])).toEqual([['only you', 'response_url']]);
    await post(responseUrl, { replace_original: true, text: 'counted' });
    expect(slack.messages(room)[0]).toMatchObject({ text: 'counted' });
    await post(responseUrl, { response_type: 'in_channel', text: 'everyone', thread_ts: posted.ts });
    expect(slack.messages(room)[0]?.replies.map((r) => r.text)).toEqual(['everyone']);
    await post(responseUrl, { delete_original: true });
    expect(slack.messages(room)[0]?.deleted).toBe(true);
    expect((await post(responseUrl, { text: 'fifth' })).status).toBe(200);
    const sixth = await post(responseUrl, { text: 'sixth' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });

    await expect(driver.blockAction({ user: ada, channel: room, messageTs: posted.ts as string, actionId: 'missing' })).rejects.toThrow(/no element/);
  });
});
