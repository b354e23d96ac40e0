import type { App } from '@slack/bolt';
import { LocalSlack, type SlackDriver } from '../../../src/sandbox';
import { startBoltApp, type RunningApp, type Transport } from './bolt-fixtures';

const SURVEY_VIEW = {
  type: 'modal' as const,
  callback_id: 'survey',
  private_metadata: 'round-7',
  notify_on_close: true,
  title: { type: 'plain_text' as const, text: 'Pulse survey' },
  submit: { type: 'plain_text' as const, text: 'Send' },
  blocks: [
    { type: 'input', block_id: 'name', element: { type: 'plain_text_input', action_id: 'value', initial_value: 'anon' }, label: { type: 'plain_text', text: 'Name' } },
    {
      type: 'input',
      block_id: 'score',
      label: { type: 'plain_text', text: 'Score' },
      element: {
        type: 'static_select',
        action_id: 'pick',
        option_groups: [
          { label: { type: 'plain_text', text: 'low' }, options: [{ text: { type: 'plain_text', text: 'One' }, value: '1' }] },
          { label: { type: 'plain_text', text: 'high' }, options: [{ text: { type: 'plain_text', text: 'Five' }, value: '5' }] },
        ],
      },
    },
    { type: 'input', block_id: 'peers', optional: true, label: { type: 'plain_text', text: 'Peers' }, element: { type: 'multi_users_select', action_id: 'who' } },
    { type: 'input', block_id: 'when', label: { type: 'plain_text', text: 'When' }, element: { type: 'datepicker', action_id: 'day', initial_date: '2025-01-02' } },
  ],
};

function registerListeners(app: App, seen: Record<string, unknown[]>): void {
  const note = (key: string, value: unknown): void => {
    (seen[key] ??= []).push(value);
  };
  app.command('/guild', async ({ ack, command, client }) => {
    if (command.text === 'help') {
      await ack({ text: 'Guild help' });
      return;
    }
    if (command.text === 'announce') {
      await ack({ response_type: 'in_channel', text: 'Announcement' });
      return;
    }
    if (command.text === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ack();
      return;
    }
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: SURVEY_VIEW });
  });
  app.view('survey', async ({ ack, view, body }) => {
    note('submission', { values: view.state.values, user: body.user.id, metadata: view.private_metadata });
    const name = view.state.values.name?.value?.value;
    if (name === 'bad') {
      await ack({ response_action: 'errors', errors: { name: 'Not a name' } });
      return;
    }
    await ack();
  });
  app.view({ callback_id: 'survey', type: 'view_closed' }, async ({ ack, body }) => {
    note('closed', body.view.id);
    await ack();
  });
  app.action('join', async ({ ack, body, respond }) => {
    await ack();
    note('action', body);
    await respond({ replace_original: true, text: 'Joined!' });
  });
  app.event('app_mention', async ({ event, body }) => {
    note('mention', { text: event.text, eventId: body.event_id });
  });
  app.event('member_joined_channel', async () => {
    // Never acknowledged within time: the HTTP receiver answers only after the listener, and this one is slow.
    await new Promise((resolve) => setTimeout(resolve, 400));
  });
}

describe.each<Transport>(['http', 'socket'])('a real Bolt app against the local Slack over %s', (transport) => {
  let slack: LocalSlack;
  let running: RunningApp;
  let driver: SlackDriver;
  const seen: Record<string, unknown[]> = {};
  let ada: string;
  let general: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'shh', ackTimeoutMs: 200, eventRetryDelaysMs: [0, 50, 50], socketPingIntervalMs: 200 });
    running = await startBoltApp(slack, transport, (app) => registerListeners(app, seen));
    driver = transport === 'http' ? slack.httpDriver({ url: running.url }) : slack.socketDriver();
    ada = slack.addUser({ name: 'ada', tz: 'Europe/Paris' }).id;
    general = slack.addChannel({ name: 'general', members: [ada] }).id;
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });
  beforeEach(() => {
    for (const key of Object.keys(seen)) delete seen[key];
  });

  it('shows a text ack as an ephemeral to the user, and in_channel as a message', async () => {
    const result = await driver.command({ user: ada, channel: general, command: '/guild', text: 'help' });
    expect(result).toMatchObject({ status: 200, failed: false });
    expect(result.ackMs).toBeLessThan(200);
    expect(slack.ephemerals({ user: ada, channel: general })).toEqual([expect.objectContaining({ text: 'Guild help', via: 'ack' })]);
    await driver.command({ user: ada, channel: general, command: '/guild', text: 'announce' });
    expect(slack.messages(general).at(-1)).toMatchObject({ text: 'Announcement', botId: 'B0BOT' });
    expect(slack.callsTo('auth.test').length).toBeGreaterThan(0);
  });

  it('records an ack slower than Slack allows as a failure the user sees', async () => {
    const result = await driver.command({ user: ada, channel: general, command: '/guild', text: 'slow' });
    expect(result.failed).toBe(true);
    expect(result.ackMs).toBeGreaterThanOrEqual(200);
    expect(slack.deliveries.at(-1)).toMatchObject({ kind: 'slash_commands', failed: true, failure: 'ack_timeout' });
  });

  it('opens a modal with the trigger id and delivers a typed view_submission', async () => {
    await driver.command({ user: ada, channel: general, command: '/guild', text: 'survey' });
    const [open] = await slack.waitFor(() => (slack.views(ada).length > 0 ? slack.views(ada) : undefined));
    expect(open?.view).toMatchObject({ callback_id: 'survey', private_metadata: 'round-7', app_id: 'A0GUILD' });

    await expect(driver.submitView({ user: ada, viewId: open?.id as string, values: { score: { pick: '9' } } })).rejects.toThrow(/not offered/);

    const bad = await driver.submitView({ user: ada, viewId: open?.id as string, values: { name: { value: 'bad' }, score: { pick: '5' } } });
    expect(bad.status).toBe(200);
    expect(slack.views(ada)[0]?.errors).toEqual({ name: 'Not a name' });

    await driver.submitView({ user: ada, viewId: open?.id as string, values: { score: { pick: '1' }, peers: { who: [ada] } } });
    expect(seen.submission?.at(-1)).toEqual({
      user: ada,
      metadata: 'round-7',
      values: {
        name: { value: { type: 'plain_text_input', value: 'anon' } },
        score: { pick: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'One' }, value: '1' } } },
        peers: { who: { type: 'multi_users_select', selected_users: [ada] } },
        when: { day: { type: 'datepicker', selected_date: '2025-01-02' } },
      },
    });
    expect(slack.views(ada)).toEqual([]);
  });

  it('sends view_closed only for views that asked for it', async () => {
    await driver.command({ user: ada, channel: general, command: '/guild', text: 'survey' });
    const [open] = await slack.waitFor(() => (slack.views(ada).length > 0 ? slack.views(ada) : undefined));
    const closed = await driver.closeView({ user: ada, viewId: open?.id as string });
    expect(closed).toMatchObject({ delivered: true, status: 200 });
    expect(seen.closed).toEqual([open?.id]);
  });

  it('delivers a block action with the stored message and applies respond() through response_url', async () => {
    const posted = await running.app.client.chat.postMessage({
      channel: general,
      text: 'Coffee round',
      blocks: [{ type: 'actions', block_id: 'round', elements: [{ type: 'button', action_id: 'join', text: { type: 'plain_text', text: 'Join' }, value: 'r1' }] }],
    });
    const result = await driver.blockAction({ user: ada, channel: general, messageTs: posted.ts as string, actionId: 'join' });
    expect(result.responseUrl).toContain('/response/');
    const body = seen.action?.[0] as { actions: Array<Record<string, unknown>>; message: { ts: string }; container: Record<string, unknown> };
    expect(body.actions[0]).toMatchObject({ type: 'button', action_id: 'join', block_id: 'round', value: 'r1' });
    expect(body.message.ts).toBe(posted.ts);
    expect(body.container).toMatchObject({ type: 'message', channel_id: general });
    await slack.waitFor(() => slack.messages(general).find((m) => m.ts === posted.ts && m.text === 'Joined!'));
  });

  it('wraps events and lets a test redeliver one with the same event_id', async () => {
    const first = await driver.event({ type: 'app_mention', user: ada, channel: general, text: '<@U0BOT> hi', ts: '1.000001' });
    expect(first.eventId).toMatch(/^Ev/);
    await slack.waitFor(() => seen.mention?.length === 1);
    const again = await driver.redeliver(first.eventId as string, { retryNum: 1, reason: 'http_timeout' });
    expect(again.eventId).toBe(first.eventId);
    await slack.waitFor(() => seen.mention?.length === 2);
    expect(seen.mention).toEqual([
      { text: '<@U0BOT> hi', eventId: first.eventId },
      { text: '<@U0BOT> hi', eventId: first.eventId },
    ]);
  });
});

describe('the HTTP driver against Bolt request verification', () => {
  let slack: LocalSlack;
  let running: RunningApp;
  let driver: SlackDriver;
  let ada: string;
  let general: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'shh', eventRetryDelaysMs: [0, 30, 30], ackTimeoutMs: 200 });
    running = await startBoltApp(slack, 'http', (app) => {
      app.command('/guild', async ({ ack }) => ack('ok'));
    });
    driver = slack.httpDriver({ url: running.url });
    ada = slack.addUser({ name: 'ada' }).id;
    general = slack.addChannel({ name: 'general', members: [ada] }).id;
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });

  it.each(['forged', 'stale', 'missing'] as const)('gets 401 for a %s signature', async (signature) => {
    const result = await driver.command({ user: ada, channel: general, command: '/guild', text: '' }, { signature });
    expect(result.status).toBe(401);
    expect(result.failed).toBe(true);
    expect(slack.ephemerals({ user: ada })).toEqual([]);
  });

  it('shows a plain-text ack as an ephemeral', async () => {
    const result = await driver.command({ user: ada, channel: general, command: '/guild', text: '' });
    expect(result.status).toBe(200);
    expect(slack.ephemerals({ user: ada }).map((e) => e.text)).toEqual(['ok']);
  });

  it('answers url_verification with the challenge', async () => {
    const result = await driver.urlVerification('abc123');
    expect(result.body).toEqual({ challenge: 'abc123' });
  });

});
