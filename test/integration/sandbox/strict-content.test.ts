import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { LocalSlack, type SlackDriver } from '../../../src/sandbox';
import { quietLogger, startBoltApp, type RunningApp } from './bolt-fixtures';

const EMOJI = '\u{1F389}';
const LONE = EMOJI.slice(0, 1); // what cutting an emoji by UTF-16 unit leaves behind

async function failure(call: Promise<unknown>): Promise<{ error?: string; response_metadata?: { messages?: string[] } }> {
  try {
    await call;
  } catch (err) {
    return (err as WebAPIPlatformError).data as { error?: string; response_metadata?: { messages?: string[] } };
  }
  throw new Error('expected the call to fail');
}

async function rawJson(slack: LocalSlack, method: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('the local Slack renders mrkdwn control sequences live, as Slack does', () => {
  let slack: LocalSlack;
  let web: WebClient;
  let ada: string;
  let room: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false } });
    web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
    ada = slack.addUser({ name: 'ada' }).id;
    room = slack.addChannel({ name: 'room', members: [ada], botMember: true }).id;
  });
  afterAll(async () => {
    await slack.stop();
  });

  it('records the pings, mentions and links a posted message would make', async () => {
    const typed = '<!channel> deploys broke again, ask <@U0123> on <https://evil.example|our wiki>';
    const posted = await web.chat.postMessage({
      channel: room,
      text: typed,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: typed } },
        { type: 'section', text: { type: 'mrkdwn', text: `Item: ${typed}` }, fields: [{ type: 'mrkdwn', text: '<!here>' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Added by <@U0456>' }] },
      ],
    });
    const message = slack.messages(room).find((m) => m.ts === posted.ts);
    expect(message?.live).toEqual({
      pings: ['channel', 'channel', 'here'],
      mentions: ['U0123', 'U0123', 'U0456'],
      channels: [],
      usergroups: [],
      links: [{ url: 'https://evil.example', label: 'our wiki' }, { url: 'https://evil.example', label: 'our wiki' }],
      dates: [],
    });
  });

  it('keeps escaped text and plain_text dead', async () => {
    const escaped = '&lt;!channel&gt; deploys broke &amp; &lt;@U0123&gt;';
    const posted = await web.chat.postMessage({
      channel: room,
      text: escaped,
      blocks: [{ type: 'section', text: { type: 'plain_text', text: '<!channel> in plain text' } }, { type: 'section', text: { type: 'mrkdwn', text: escaped } }],
    });
    const message = slack.messages(room).find((m) => m.ts === posted.ts);
    expect(message?.live.pings).toEqual([]);
    expect(message?.live.mentions).toEqual([]);
  });

  it('recomputes on chat.update, and records ephemerals too', async () => {
    const posted = await web.chat.postMessage({ channel: room, text: 'calm' });
    await web.chat.update({ channel: room, ts: posted.ts as string, text: 'now <!everyone>' });
    expect(slack.messages(room).find((m) => m.ts === posted.ts)?.live.pings).toEqual(['everyone']);
    await web.chat.postEphemeral({ channel: room, user: ada, text: 'psst <@U0999>' });
    expect(slack.ephemerals({ user: ada }).at(-1)?.live.mentions).toEqual(['U0999']);
  });

  it('records what a response_url post would do', async () => {
    const url = slack.issueResponseUrl({ user: ada, channel: room });
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Saved <!here>' }) });
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'in_channel', text: 'Posted <#C0FFEE>' }) });
    expect(slack.ephemerals({ user: ada }).at(-1)).toMatchObject({ via: 'response_url', live: { pings: ['here'] } });
    expect(slack.messages(room).at(-1)?.live.channels).toEqual(['C0FFEE']);
  });
});

describe('the local Slack refuses lone surrogates and counts lengths as Slack does', () => {
  let slack: LocalSlack;
  let web: WebClient;
  let ada: string;
  let room: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false } });
    web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
    ada = slack.addUser({ name: 'ada' }).id;
    room = slack.addChannel({ name: 'room', members: [ada], botMember: true }).id;
  });
  afterAll(async () => {
    await slack.stop();
  });

  it('refuses blocks holding half an emoji with invalid_blocks naming where', async () => {
    const title = `${EMOJI.repeat(3)}${LONE}`;
    const answer = await failure(web.chat.postMessage({ channel: room, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: title } }] }));
    expect(answer.error).toBe('invalid_blocks');
    expect(answer.response_metadata?.messages).toEqual(['[ERROR] must be a valid UTF-8 string: unpaired surrogate U+D83C at index 6 [json-pointer:/blocks/0/text/text]']);
    expect(slack.messages(room)).toEqual([]);
  });

  it('refuses such text in a JSON body, in chat.update and in ephemerals', async () => {
    const posted = await rawJson(slack, 'chat.postMessage', { channel: room, text: `cut ${LONE}` });
    expect(posted).toMatchObject({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [expect.stringContaining('[json-pointer:/text]')] } });
    const ok = await web.chat.postMessage({ channel: room, text: 'fine' });
    expect(await rawJson(slack, 'chat.update', { channel: room, ts: ok.ts, text: `cut ${LONE}` })).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(slack.messages(room).at(-1)?.text).toBe('fine');
    expect(await rawJson(slack, 'chat.postEphemeral', { channel: room, user: ada, text: `cut ${LONE}` })).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });

  it('refuses views and response_url posts holding one', async () => {
    const view = { type: 'modal', title: { type: 'plain_text', text: `Retro ${LONE}` }, blocks: [{ type: 'divider' }] };
    const opened = await failure(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: view as never }));
    expect(opened.error).toBe('invalid_arguments');
    expect(opened.response_metadata?.messages).toEqual([expect.stringContaining('[json-pointer:/view/title/text]')]);
    const metadata = await failure(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: { ...view, title: { type: 'plain_text', text: 'Retro' }, private_metadata: `{"t":"${LONE}"}` } as never }));
    expect(metadata.response_metadata?.messages).toEqual([expect.stringContaining('[json-pointer:/view/private_metadata]')]);

    const url = slack.issueResponseUrl({ user: ada, channel: room });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: LONE } }] }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(slack.ephemerals({ user: ada })).toEqual([]);
  });

  it('accepts limits filled with emoji and refuses one character more', async () => {
    const header = (n: number) => [{ type: 'header', text: { type: 'plain_text', text: EMOJI.repeat(n) } }];
    await web.chat.postMessage({ channel: room, text: 'ok', blocks: header(150) });
    expect((await failure(web.chat.postMessage({ channel: room, text: 'x', blocks: header(151) }))).response_metadata?.messages).toEqual([
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const title = (text: string) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text }, blocks: [{ type: 'divider' }] });
    await web.views.open({ trigger_id: slack.issueTriggerId(ada), view: title(EMOJI.repeat(24)) });
    expect((await failure(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: title(EMOJI.repeat(25)) }))).error).toBe('invalid_arguments');
    const metadata = { ...title('Form'), private_metadata: 'm'.repeat(3001) };
    expect((await failure(web.views.open({ trigger_id: slack.issueTriggerId(ada), view: metadata }))).response_metadata?.messages).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
    const button = (text: string, value: string) => [{ type: 'actions', elements: [{ type: 'button', action_id: 'b', text: { type: 'plain_text', text }, value }] }];
    await web.chat.postMessage({ channel: room, text: 'ok', blocks: button(EMOJI.repeat(75), 'v'.repeat(2000)) });
    expect((await failure(web.chat.postMessage({ channel: room, text: 'x', blocks: button('b'.repeat(76), 'v') }))).error).toBe('invalid_blocks');
  });

  it('truncates long text at 40,000 characters without splitting an emoji', async () => {
    const posted = await web.chat.postMessage({ channel: room, text: EMOJI.repeat(40_001) });
    expect(posted.response_metadata?.warnings).toEqual(['message_truncated']);
    const text = slack.messages(room).find((m) => m.ts === posted.ts)?.text ?? '';
    expect(text).toBe(EMOJI.repeat(40_000));
  });
});

describe('an ack Slack cannot apply is an error the person sees', () => {
  let slack: LocalSlack;
  let running: RunningApp;
  let driver: SlackDriver;
  let ada: string;
  let room: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 's', rateLimits: { enabled: false } });
    running = await startBoltApp(slack, 'http', (app) => {
      app.command('/cut', async ({ ack }) => ack({ text: `Saved "${EMOJI}${LONE}"` }));
    });
    driver = slack.httpDriver({ url: running.url });
    ada = slack.addUser({ name: 'ada' }).id;
    room = slack.addChannel({ name: 'room', members: [ada], botMember: true }).id;
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });

  it('shows nothing and records the failure for an ack holding half an emoji', async () => {
    const result = await driver.command({ user: ada, channel: room, command: '/cut', text: '' });
    expect(result).toMatchObject({ status: 200, failed: true, failure: 'ack_rejected', userVisibleError: 'invalid_arguments' });
    expect(slack.ephemerals({ user: ada })).toEqual([]);
    expect(slack.failedInteractions()).toEqual([expect.objectContaining({ what: '/cut', user: ada, userVisibleMessage: '/cut failed with the error "invalid_arguments"' })]);
  });
});
