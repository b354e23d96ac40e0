import type { App } from '@slack/bolt';
import pino from 'pino';
import type { Publisher } from '../../../../src/delivery/outbox';
import { SlackKit } from '../../../../src/slack/kit/kit';
import { ephemeral, OUT_OF_DATE_TEXT } from '../../../../src/slack/kit/replies';
import { fakeApp } from '../../../support/listener-fakes';

/**
 * The kit takes every command, event, click, form and option request through one Bolt listener
 * each and hands it to the handler registered for its name or id; a click or form no handler takes
 * (an old button after an upgrade, a form from an earlier version) is answered, so Slack never
 * shows the person a timeout.
 */
function kitWith(register: (kit: SlackKit) => void = () => undefined) {
  const app = fakeApp();
  const messages = { send: jest.fn(async () => undefined) };
  // Guild's own respond() for a response_url (src/slack/kit/respond.ts; tested against the local Slack).
  const guildRespond = jest.fn(async (_message: unknown) => new Response(null));
  const respondTo = jest.fn((_url: string, _bolts: unknown) => guildRespond);
  const kit = new SlackKit(app as unknown as App, { logger: pino({ level: 'silent' }), messages: messages as unknown as Publisher, roles: { isOrganiser: async () => false }, respondTo });
  register(kit);
  const only = (mock: jest.Mock) => {
    expect(mock).toHaveBeenCalledTimes(1);
    return mock.mock.calls[0]![1] as (args: unknown) => Promise<void>;
  };
  return { app, kit, messages, respondTo, guildRespond, onAction: only(app.action), onView: only(app.view), onOptions: only(app.options), onCommand: only(app.command), onEvent: only(app.event) };
}

/** A dispatcher's arguments: `ack` always, `respond` for clicks. */
function argsFor(extra: Record<string, unknown>) {
  const calls: string[] = [];
  const ack = jest.fn(async (_response?: unknown) => void calls.push('ack'));
  const respond = jest.fn(async (_message: unknown) => void calls.push('respond'));
  return { args: { ack, respond, logger: pino({ level: 'silent' }), context: {}, ...extra }, ack, respond, calls };
}

const click = (actionId: string, body: Record<string, unknown> = { response_url: 'https://hooks.slack.test/actions/1' }) => ({
  body: { type: 'block_actions', user: { id: 'U0ADA' }, actions: [{ type: 'button', action_id: actionId }], ...body },
  action: { type: 'button', action_id: actionId, value: 'x' },
});

describe('SlackKit', () => {
  it('registers every command, event, click, form and option list under its name or id, with one Bolt listener per kind', () => {
    const listener = jest.fn(async () => undefined);
    const { app, kit } = kitWith((k) => {
      k.action('retro_vote', listener);
      k.view('retro_item', listener);
      k.options('topic_search', listener);
      k.command('/retro', listener);
      k.command('/guild', listener);
      k.event('app_home_opened', listener);
      k.event('message', listener);
    });
    expect(kit.registered()).toEqual({
      commands: ['/retro', '/guild'],
      events: ['app_home_opened', 'message'],
      actions: ['retro_vote'],
      views: ['retro_item'],
      options: ['topic_search'],
    });
    for (const kind of [app.command, app.event, app.action, app.view, app.options]) expect(kind).toHaveBeenCalledTimes(1);
  });

  it('refuses two handlers for one id, command or event at start-up', () => {
    const { kit } = kitWith((k) => {
      k.action('retro_vote', jest.fn());
      k.command('/retro', jest.fn());
      k.event('message', jest.fn());
    });
    expect(() => kit.action('retro_vote', jest.fn())).toThrow(/two listeners for the Slack id retro_vote/);
    expect(() => kit.command('/retro', jest.fn())).toThrow(/two listeners for the Slack id \/retro/);
    expect(() => kit.event('message', jest.fn())).toThrow(/two listeners for the Slack id message/);
  });

  it('tells a person after the ack by DM through the delivery gateway, under the key given', async () => {
    const { kit, messages } = kitWith();
    await kit.tellAfterAck('retro:item-failed:V1', 'U0ADA', 'Your item was not added.');
    expect(messages.send).toHaveBeenCalledWith({ key: 'retro:item-failed:V1', to: { users: ['U0ADA'] }, text: 'Your item was not added.' });
  });
});

describe('SlackKit dispatch', () => {
  const vote = jest.fn(async () => undefined);
  const item = jest.fn(async () => undefined);
  const search = jest.fn(async () => undefined);
  const retro = jest.fn(async () => undefined);
  const homeOpened = jest.fn(async () => undefined);
  const registered = (kit: SlackKit) => {
    kit.action('retro_vote', vote);
    kit.view('retro_item', item);
    kit.options('topic_search', search);
    kit.command('/retro', retro);
    kit.event('app_home_opened', homeOpened);
  };
  beforeEach(() => jest.clearAllMocks());

  it("hands a registered click to its handler, with respond() sent by Guild's client to the click's response_url", async () => {
    const { onAction, respondTo, guildRespond } = kitWith(registered);
    const { args, ack } = argsFor(click('retro_vote'));
    await onAction(args);
    expect(vote).toHaveBeenCalledWith({ ...args, respond: guildRespond });
    expect(respondTo).toHaveBeenCalledWith('https://hooks.slack.test/actions/1', args.respond);
    expect(ack).not.toHaveBeenCalled();
  });

  it('acks a click nobody handles, then says it is out of date', async () => {
    const { onAction, guildRespond } = kitWith(registered);
    const { args, ack, respond } = argsFor(click('retro_vote_v1'));
    await onAction(args);
    expect(ack).toHaveBeenCalledWith();
    expect(guildRespond).toHaveBeenCalledWith(ephemeral(OUT_OF_DATE_TEXT));
    expect(ack.mock.invocationCallOrder[0]).toBeLessThan(guildRespond.mock.invocationCallOrder[0]!);
    expect(respond).not.toHaveBeenCalled();
    expect(vote).not.toHaveBeenCalled();
  });

  it('acks an unhandled click without a response URL (in a modal or the App Home) without answering', async () => {
    const { onAction, respondTo } = kitWith(registered);
    const { args, calls } = argsFor(click('old_button', {}));
    await onAction(args);
    expect(calls).toEqual(['ack']);
    expect(respondTo).not.toHaveBeenCalled();
  });

  it("gives a form with a response_url (a modal's channel picker) and a command Guild's respond(), and leaves the rest as Bolt made them", async () => {
    const { onView, onCommand, respondTo, guildRespond } = kitWith(registered);
    const form = argsFor({ body: { type: 'view_submission', response_urls: [{ response_url: 'https://hooks.slack.test/views/2' }] }, view: { id: 'V1', callback_id: 'retro_item' } });
    await onView(form.args);
    expect(item).toHaveBeenCalledWith({ ...form.args, respond: guildRespond });
    const command = argsFor({ body: { command: '/retro', response_url: 'https://hooks.slack.test/commands/3' }, command: { command: '/retro', text: 'help' } });
    await onCommand(command.args);
    expect(retro).toHaveBeenCalledWith({ ...command.args, respond: guildRespond });
    expect(respondTo.mock.calls).toEqual([
      ['https://hooks.slack.test/views/2', form.args.respond],
      ['https://hooks.slack.test/commands/3', command.args.respond],
    ]);
    const noUrls = argsFor({ body: { type: 'view_submission', response_urls: [] }, view: { id: 'V2', callback_id: 'retro_item' } });
    await onView(noUrls.args);
    expect(item).toHaveBeenLastCalledWith(noUrls.args);
  });

  it('hands a registered form to its handler, and replaces one nobody handles with an out-of-date notice', async () => {
    const { onView } = kitWith(registered);
    const known = argsFor({ body: { type: 'view_submission' }, view: { id: 'V1', callback_id: 'retro_item' } });
    await onView(known.args);
    expect(item).toHaveBeenCalledWith(known.args);
    const old = argsFor({ body: { type: 'view_submission' }, view: { id: 'V1', callback_id: 'retro_item_v1' } });
    await onView(old.args);
    expect(old.calls).toEqual(['ack']);
    expect(old.ack).toHaveBeenCalledWith({ response_action: 'update', view: expect.objectContaining({ type: 'modal', title: { type: 'plain_text', text: 'Out of date' } }) });
  });

  it('hands a registered option request to its handler, and answers one nobody handles with no options', async () => {
    const { onOptions } = kitWith(registered);
    const known = argsFor({ body: { type: 'block_suggestion', action_id: 'topic_search', value: 'de' } });
    await onOptions(known.args);
    expect(search).toHaveBeenCalledWith(known.args);
    const old = argsFor({ body: { type: 'block_suggestion', action_id: 'old_search', value: 'de' } });
    await onOptions(old.args);
    expect(old.ack).toHaveBeenCalledWith({ options: [] });
  });

  // A command Guild does not declare never comes (left unanswered, as Bolt leaves it); Bolt acknowledged every event already.
  it.each([
    ['a command', 'onCommand', retro, { command: { command: '/retro', text: 'help' } }, { command: { command: '/other', text: '' } }],
    ['an event', 'onEvent', homeOpened, { event: { type: 'app_home_opened', user: 'U0ADA', tab: 'home' } }, { event: { type: 'reaction_added', user: 'U0ADA' } }],
  ] as const)('hands %s to the handler of its name, and leaves one nobody handles alone', async (_kind, dispatcher, handler, known, unknown) => {
    const dispatch = kitWith(registered)[dispatcher];
    const handled = argsFor(known);
    await dispatch(handled.args);
    expect(handler).toHaveBeenCalledWith(handled.args);
    const ignored = argsFor(unknown);
    await dispatch(ignored.args);
    expect(ignored.calls).toEqual([]);
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
