import type { App, Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import pino from 'pino';
import type { Publisher } from '../../../../src/delivery/outbox';
import { SlackKit } from '../../../../src/slack/kit/kit';
import { ephemeral, OUT_OF_DATE_TEXT } from '../../../../src/slack/kit/replies';
import { fakeApp } from '../../../support/listener-fakes';

/**
 * The kit's global middleware answers what no listener takes (an old button after an upgrade,
 * a form from an earlier version), so Slack never shows the person a timeout; everything a
 * listener takes passes through untouched.
 */
function kitWith(register: (kit: SlackKit) => void = () => undefined) {
  const app = fakeApp();
  const messages = { send: jest.fn(async () => undefined) };
  const kit = new SlackKit(app as unknown as App, { logger: pino({ level: 'silent' }), messages: messages as unknown as Publisher, roles: { isOrganiser: async () => false } });
  register(kit);
  expect(app.use).toHaveBeenCalledTimes(1);
  const middleware = app.use.mock.calls[0]![0] as Middleware<AnyMiddlewareArgs>;
  return { app, kit, messages, middleware };
}

/** The middleware's arguments: an interaction has `ack` (and `respond` when it has a response URL); an event has neither. */
function argsFor(body: Record<string, unknown>, options: { ack?: boolean; respond?: boolean } = {}) {
  const calls: string[] = [];
  const ack = jest.fn(async (_response?: unknown) => void calls.push('ack'));
  const respond = jest.fn(async (_message: unknown) => void calls.push('respond'));
  const next = jest.fn(async () => void calls.push('next'));
  const args = { body, payload: body, next, context: {}, logger: pino({ level: 'silent' }), ...(options.ack === false ? {} : { ack }), ...(options.respond === false ? {} : { respond }) };
  return { args: args as unknown as Parameters<Middleware<AnyMiddlewareArgs>>[0], ack, respond, next, calls };
}

const click = (actionIds: string[], extra: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  user: { id: 'U0ADA' },
  response_url: 'https://hooks.slack.test/actions/1',
  actions: actionIds.map((action_id) => ({ type: 'button', action_id, value: 'x' })),
  ...extra,
});

describe('SlackKit', () => {
  it('registers through the app and remembers what it registered', () => {
    const listener = jest.fn(async () => undefined);
    const { app } = kitWith((kit) => {
      kit.action('retro_vote', listener);
      kit.view('retro_item', listener);
      kit.options('topic_search', listener);
      kit.command('/retro', listener);
      kit.event('app_home_opened', listener);
    });
    expect(app.action).toHaveBeenCalledWith('retro_vote', listener);
    expect(app.view).toHaveBeenCalledWith('retro_item', listener);
    expect(app.options).toHaveBeenCalledWith('topic_search', listener);
    expect(app.command).toHaveBeenCalledWith('/retro', listener);
    expect(app.event).toHaveBeenCalledWith('app_home_opened', listener);
  });

  it('tells a person after the ack by DM through the delivery gateway, under the key given', async () => {
    const { kit, messages } = kitWith();
    await kit.tellAfterAck('retro:item-failed:V1', 'U0ADA', 'Your item was not added.');
    expect(messages.send).toHaveBeenCalledWith({ key: 'retro:item-failed:V1', to: { users: ['U0ADA'] }, text: 'Your item was not added.' });
  });
});

describe('SlackKit answerUnhandled', () => {
  const registered = (kit: SlackKit) => {
    kit.action('retro_vote', jest.fn());
    kit.view('retro_item', jest.fn());
    kit.options('topic_search', jest.fn());
  };

  it('acks a click nobody handles, then says it is out of date, and stops there', async () => {
    const { middleware } = kitWith(registered);
    const { args, ack, respond, next, calls } = argsFor(click(['retro_vote_v1']));
    await middleware(args);
    expect(calls).toEqual(['ack', 'respond']);
    expect(ack).toHaveBeenCalledWith();
    expect(respond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
    expect(next).not.toHaveBeenCalled();
  });

  it('acks an unhandled click without a response URL (in a modal or the App Home) without answering', async () => {
    const { middleware } = kitWith(registered);
    const body = click(['old_button']);
    delete (body as { response_url?: string }).response_url;
    const { args, respond, next, calls } = argsFor(body);
    await middleware(args);
    expect(calls).toEqual(['ack']);
    expect(respond).not.toHaveBeenCalled();
    expect(next).not.toHaveBeenCalled();
  });

  it.each([
    ['a registered click', ['retro_vote']],
    ['a payload with a registered and an unknown action', ['old_button', 'retro_vote']],
  ])('passes %s on to its listener without acking', async (_, actionIds) => {
    const { middleware } = kitWith(registered);
    const { args, ack, calls } = argsFor(click(actionIds));
    await middleware(args);
    expect(calls).toEqual(['next']);
    expect(ack).not.toHaveBeenCalled();
  });

  it('replaces a form nobody handles with an out-of-date notice in the ack', async () => {
    const { middleware } = kitWith(registered);
    const { args, ack, next, calls } = argsFor({ type: 'view_submission', user: { id: 'U0ADA' }, view: { id: 'V1', callback_id: 'retro_item_v1', state: { values: {} } } });
    await middleware(args);
    expect(calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ response_action: 'update', view: expect.objectContaining({ type: 'modal', title: { type: 'plain_text', text: 'Out of date' } }) });
    expect(next).not.toHaveBeenCalled();
  });

  it('passes a registered form on without acking', async () => {
    const { middleware } = kitWith(registered);
    const { args, calls } = argsFor({ type: 'view_submission', user: { id: 'U0ADA' }, view: { id: 'V1', callback_id: 'retro_item', state: { values: {} } } });
    await middleware(args);
    expect(calls).toEqual(['next']);
  });

  it('answers an option request nobody handles with no options', async () => {
    const { middleware } = kitWith(registered);
    const { args, ack, calls } = argsFor({ type: 'block_suggestion', action_id: 'old_search', value: 'de' });
    await middleware(args);
    expect(calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith({ options: [] });
  });

  it('passes a registered option request on', async () => {
    const { middleware } = kitWith(registered);
    const { args, calls } = argsFor({ type: 'block_suggestion', action_id: 'topic_search', value: 'de' });
    await middleware(args);
    expect(calls).toEqual(['next']);
  });

  it.each([
    ['an event (no ack)', { type: 'event_callback', event: { type: 'app_home_opened', user: 'U0ADA' } }, { ack: false, respond: false }],
    ['an event, even with an ack', { type: 'event_callback', event: { type: 'message' } }, {}],
    ['a slash command (no type)', { command: '/retro', text: '', user_id: 'U0ADA' }, {}],
    ['a payload of an unexpected shape', { type: 'block_actions', actions: 'not a list' }, {}],
    ['a form being closed', { type: 'view_closed', view: { callback_id: 'retro_item_v1' } }, {}],
  ])('passes %s on untouched', async (_, body, options) => {
    const { middleware } = kitWith(registered);
    const { args, ack, respond, calls } = argsFor(body, options);
    await middleware(args);
    expect(calls).toEqual(['next']);
    expect(ack).not.toHaveBeenCalled();
    expect(respond).not.toHaveBeenCalled();
  });
});
