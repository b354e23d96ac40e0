import type { AllMiddlewareArgs, App, BlockButtonAction, BlockOverflowAction, BlockStaticSelectAction, RespondFn, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import pino, { type Logger } from 'pino';
import type { Roles } from '../../src/community/roles';
import type { Publisher } from '../../src/delivery/outbox';
import { SlackKit } from '../../src/slack/kit/kit';

/**
 * Hand-built Bolt arguments and small fakes for the fast listener tests: no database, no HTTP.
 * Every fake records its name in one shared `calls` list, so a test can say "ack, then the
 * service" and fail when a listener does them the other way round.
 */
export class CallLog {
  readonly calls: string[] = [];

  /** An async jest.fn() resolving to `value` (undefined by default). */
  async<A extends unknown[], R = undefined>(name: string, value?: R | ((...args: A) => R | Promise<R>)): jest.Mock<Promise<R>, A> {
    return jest.fn(async (...args: A) => {
      this.calls.push(name);
      return (typeof value === 'function' ? await (value as (...a: A) => R | Promise<R>)(...args) : value) as R;
    });
  }

  /** An async jest.fn() that rejects with `err`. */
  rejects<A extends unknown[]>(name: string, err: unknown): jest.Mock<Promise<never>, A> {
    return jest.fn(async (..._args: A) => {
      this.calls.push(name);
      throw err;
    });
  }
}

export interface CapturedLog {
  logger: Logger;
  lines: Array<Record<string, unknown> & { level: number; msg: string }>;
}

/** A pino logger whose lines are kept, parsed, for assertions. */
export function capturingLogger(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** Bolt's `App`, reduced to the registration methods SlackKit calls. */
export function fakeApp() {
  return { use: jest.fn(), action: jest.fn(), view: jest.fn(), options: jest.fn(), command: jest.fn(), event: jest.fn() };
}

/**
 * A real SlackKit over a fake app, sending through a fake delivery gateway: `tellAfterAck` is
 * the kit's own, so a test sees the DM it queues (`messages.send`), and `kit.publishHome` is
 * recorded as `publishHome` (the whole Home re-rendered); a listener's `respond()` is the fake
 * Bolt's it was handed.
 */
export function testKit(log: CallLog, logger: Logger = pino({ level: 'silent' }), publishHome: jest.Mock = log.async('publishHome')) {
  const app = fakeApp();
  const messages = { send: log.async('messages.send') };
  const roles: Roles = { isOrganiser: jest.fn(async () => false) };
  // The fake Bolt's respond() stays: these tests see what is answered, not how it is sent (src/slack/kit/respond.ts).
  const respondTo = (_url: string, bolts: RespondFn) => bolts;
  const kit = new SlackKit(app as unknown as App, { logger, messages: messages as unknown as Publisher, roles, publishHome, respondTo });
  return { kit, app, messages, publishHome };
}

export const TEAM = 'T0GUILD';
export const ADA = 'U0ADA';
export const ALAN = 'U0ALAN';
export const TRIGGER = '1337.42.trigger';

/** A Web API client with only the methods listeners call. */
export function fakeClient(log: CallLog) {
  return {
    views: { open: log.async('views.open', { ok: true }), publish: log.async('views.publish', { ok: true }) },
    chat: { getPermalink: log.async('chat.getPermalink', { ok: true, permalink: 'https://guild.slack.com/archives/C1/p1' }) },
  };
}

type Button = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Overflow = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;
type Select = SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs;
type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Command = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

function actionBody(userId: string, action: Record<string, unknown>) {
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'guild' },
    user: { id: userId, name: userId.toLowerCase(), team_id: TEAM },
    trigger_id: TRIGGER,
    response_url: 'https://hooks.slack.test/actions/1',
    channel: { id: 'C0RETRO', name: 'retro' },
    actions: [action],
  };
}

/** A click on a button carrying `value` (undefined: a button without one). */
export function buttonArgs(log: CallLog, value: string | undefined, actionId = 'a_button', userId = ADA) {
  const action = { type: 'button', action_id: actionId, block_id: 'b', action_ts: '1.1', text: { type: 'plain_text', text: 'x' }, ...(value === undefined ? {} : { value }) };
  const client = fakeClient(log);
  const args = { ack: log.async('ack'), respond: log.async('respond'), body: actionBody(userId, action), action, payload: action, client, next: jest.fn(), context: {} };
  return { args: args as unknown as Button, ack: args.ack, respond: args.respond, client };
}

/** A choice in a static select (in a message) whose option carries `value`. */
export function selectArgs(log: CallLog, value: string, actionId = 'a_select', userId = ADA) {
  const action = { type: 'static_select', action_id: actionId, block_id: 'b', action_ts: '1.1', selected_option: { text: { type: 'plain_text', text: 'x' }, value } };
  const client = fakeClient(log);
  const args = { ack: log.async('ack'), respond: log.async('respond'), body: actionBody(userId, action), action, payload: action, client, next: jest.fn(), context: {} };
  return { args: args as unknown as Select, ack: args.ack, respond: args.respond, client };
}

/** A choice in an overflow menu whose option carries `value`. */
export function overflowArgs(log: CallLog, value: string, actionId = 'a_menu', userId = ADA) {
  const action = { type: 'overflow', action_id: actionId, block_id: 'b', action_ts: '1.1', selected_option: { text: { type: 'plain_text', text: 'x' }, value } };
  const client = fakeClient(log);
  const args = { ack: log.async('ack'), respond: log.async('respond'), body: actionBody(userId, action), action, payload: action, client, next: jest.fn(), context: {} };
  return { args: args as unknown as Overflow, ack: args.ack, respond: args.respond, client };
}

/**
 * A click on the App Home, as Slack sends it: the Home view (its blocks and hash) in the body,
 * and no response URL, so Bolt gives no `respond` (a listener that calls it there throws).
 */
export function onTheHome<T extends { args: unknown; respond: unknown }>(click: T, blocks: unknown[] = [], hash = 'h1'): T {
  const args = click.args as { body: Record<string, unknown>; respond?: unknown };
  delete args.body.response_url;
  delete args.body.channel;
  delete args.respond;
  args.body.container = { type: 'view', view_id: 'V0HOME' };
  args.body.view = { type: 'home', id: 'V0HOME', hash, blocks };
  return click;
}

/** A text-like input's state, as Slack sends it, keyed by the action id the views use. */
export const input = {
  text: (value: string | null, actionId = 'value') => ({ [actionId]: { type: 'plain_text_input', value } }),
  select: (value: string, actionId = 'value') => ({ [actionId]: { type: 'static_select', selected_option: { value } } }),
  user: (id: string | null, actionId = 'value') => ({ [actionId]: { type: 'users_select', selected_user: id } }),
  date: (date: string | null, actionId = 'value') => ({ [actionId]: { type: 'datepicker', selected_date: date } }),
  time: (time: string | null, actionId = 'value') => ({ [actionId]: { type: 'timepicker', selected_time: time } }),
  dateTime: (at: Date | null, actionId = 'value') => ({ [actionId]: { type: 'datetimepicker', selected_date_time: at ? Math.floor(at.getTime() / 1000) : null } }),
  choices: (values: string[], actionId = 'value') => ({ [actionId]: { type: 'multi_static_select', selected_options: values.map((value) => ({ value })) } }),
};

/** A form submitted by `userId`, with its private_metadata and its inputs' state by block id. */
export function submissionArgs(log: CallLog, options: { metadata: string | undefined; values: Record<string, Record<string, unknown>>; userId?: string; viewId?: string; callbackId?: string }) {
  const userId = options.userId ?? ADA;
  const view = {
    id: options.viewId ?? 'V0FORM',
    type: 'modal',
    callback_id: options.callbackId ?? 'a_form',
    team_id: TEAM,
    private_metadata: options.metadata ?? '',
    state: { values: options.values },
    hash: 'h',
  };
  const body = { type: 'view_submission', team: { id: TEAM, domain: 'guild' }, user: { id: userId, name: userId.toLowerCase(), team_id: TEAM }, view, api_app_id: 'A1', token: 't', trigger_id: TRIGGER };
  const args = { ack: log.async('ack'), body, view, payload: view, client: fakeClient(log), next: jest.fn(), context: {} };
  return { args: args as unknown as Submission, ack: args.ack };
}

/** `/name text` run by `userId` in `channelId`. */
export function commandArgs(log: CallLog, options: { command?: string; text: string; userId?: string; channelId?: string }) {
  const command = {
    command: options.command ?? '/guild',
    text: options.text,
    team_id: TEAM,
    team_domain: 'guild',
    user_id: options.userId ?? ADA,
    user_name: (options.userId ?? ADA).toLowerCase(),
    channel_id: options.channelId ?? 'C0GUILD',
    channel_name: 'guild',
    trigger_id: TRIGGER,
    response_url: 'https://hooks.slack.test/commands/1',
    api_app_id: 'A1',
    token: 't',
  };
  const client = fakeClient(log);
  const args = { ack: log.async('ack'), respond: log.async('respond'), say: jest.fn(), command, body: command, payload: command, client, next: jest.fn(), context: {} };
  return { args: args as unknown as Command, ack: args.ack, respond: args.respond, client };
}

/** The block ids of a modal's inputs: where `response_action: 'errors'` may point. */
export function inputBlockIds(view: ModalView): string[] {
  return view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
}
