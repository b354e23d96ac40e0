import type { App } from '@slack/bolt';
import { LocalSlack, type SlackDriver } from '../../../src/sandbox';
import { startBoltApp, type RunningApp, type Transport } from './bolt-fixtures';

const option = (text: string, value = text) => ({ text: { type: 'plain_text' as const, text }, value });

const CITY_VIEW = {
  type: 'modal' as const,
  callback_id: 'city',
  title: { type: 'plain_text' as const, text: 'Where' },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    { type: 'input', block_id: 'city', label: { type: 'plain_text', text: 'City' }, element: { type: 'external_select', action_id: 'pick', min_query_length: 0 } },
    { type: 'input', block_id: 'slow', optional: true, label: { type: 'plain_text', text: 'Slow' }, element: { type: 'multi_external_select', action_id: 'pick_many' } },
  ],
};

/** Answers by query: a few cities, or (for test queries) answers that break Slack's rules. */
function register(app: App, seen: unknown[]): void {
  app.command('/where', async ({ ack, command, client }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: CITY_VIEW });
  });
  app.options('pick', async ({ ack, payload, body }) => {
    seen.push({ value: payload.value, type: body.type, container: body.container, hasView: 'view' in body });
    if (payload.value === 'many') return ack({ options: Array.from({ length: 101 }, (_, i) => option(`City ${i}`, `c${i}`)) });
    if (payload.value === 'long') return ack({ options: [option('x'.repeat(76), 'x')] });
    if (payload.value === 'groups') return ack({ option_groups: [{ label: { type: 'plain_text', text: 'Europe' }, options: [option('Berlin')] }] });
    const cities = ['Berlin', 'Bern', 'Boston'].filter((c) => c.toLowerCase().startsWith(payload.value.toLowerCase()));
    await ack({ options: cities.map((c) => option(c)) });
  });
  app.options('pick_many', async ({ ack }) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await ack({ options: [] });
  });
}

describe.each<Transport>(['http', 'socket'])('options requests (block_suggestion) over %s', (transport) => {
  let slack: LocalSlack;
  let running: RunningApp;
  let driver: SlackDriver;
  const seen: unknown[] = [];
  let ada: string;
  let general: string;
  let viewId: string;

  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'shh', ackTimeoutMs: 200, rateLimits: { enabled: false } });
    running = await startBoltApp(slack, transport, (app) => register(app, seen));
    driver = transport === 'http' ? slack.httpDriver({ url: running.url }) : slack.socketDriver();
    ada = slack.addUser({ name: 'ada' }).id;
    general = slack.addChannel({ name: 'general', members: [ada] }).id;
    await driver.command({ user: ada, channel: general, command: '/where' });
    const [open] = await slack.waitFor(() => (slack.views(ada).length > 0 ? slack.views(ada) : undefined));
    viewId = open!.id;
  });
  afterAll(async () => {
    await running.stop();
    await slack.stop();
  });

  it('sends the query from the modal and reads the options from the ack body', async () => {
    const result = await driver.blockSuggestion({ user: ada, viewId, actionId: 'pick', value: 'be' });
    expect(result).toMatchObject({ status: 200, failed: false });
    expect(result.options.options.map((o) => o.value)).toEqual(['Berlin', 'Bern']);
    expect(seen.at(-1)).toEqual({ value: 'be', type: 'block_suggestion', container: { type: 'view', view_id: viewId }, hasView: true });
    expect((await driver.blockSuggestion({ user: ada, viewId, actionId: 'pick', value: '' })).options.options).toHaveLength(3);
  });

  it('reads option groups', async () => {
    const result = await driver.blockSuggestion({ user: ada, viewId, actionId: 'pick', value: 'groups' });
    expect(result.options.optionGroups).toHaveLength(1);
    expect(result.options.options.map((o) => o.value)).toEqual(['Berlin']);
  });

  it('shows no options when the answer breaks Slack\'s limits: over 100 options, text over 75 characters', async () => {
    const many = await driver.blockSuggestion({ user: ada, viewId, actionId: 'pick', value: 'many' });
    expect(many).toMatchObject({ failed: true, failure: 'ack_rejected', options: { options: [], problem: '101 options (at most 100)' } });
    const long = await driver.blockSuggestion({ user: ada, viewId, actionId: 'pick', value: 'long' });
    expect(long).toMatchObject({ failed: true, options: { options: [], problem: expect.stringContaining('76 characters') } });
  });

  it('sends nothing before min_query_length characters (3 by default), nor for a menu that is not there', async () => {
    await expect(driver.blockSuggestion({ user: ada, viewId, actionId: 'pick_many', value: 'ab' })).rejects.toThrow(/min_query_length/);
    await expect(driver.blockSuggestion({ user: ada, viewId, actionId: 'nope', value: 'abc' })).rejects.toThrow(/no external select/);
  });

  it('counts an answer later than Slack waits as a failure', async () => {
    const slow = await driver.blockSuggestion({ user: ada, viewId, actionId: 'pick_many', value: 'abc' });
    expect(slow).toMatchObject({ failed: true, failure: 'ack_timeout', options: { options: [] } });
  });
});
