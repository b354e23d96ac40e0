import type { AllMiddlewareArgs, App, RespondFn, SlackAction, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackEventMiddlewareArgs, SlackOptionsMiddlewareArgs, SlackViewAction, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Actor } from '../../community/community.service';
import type { Roles } from '../../community/roles';
import type { Publisher } from '../../delivery/outbox';
import { ephemeral, OUT_OF_DATE_TEXT } from './replies';
import { respondTo, responseUrlOf } from './respond';

type ActionListener<A extends SlackAction> = (args: SlackActionMiddlewareArgs<A> & AllMiddlewareArgs) => Promise<void>;
type ViewListener<V extends SlackViewAction> = (args: SlackViewMiddlewareArgs<V> & AllMiddlewareArgs) => Promise<void>;
type CommandListener = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
/** Guild's menus are Block Kit: options requests arrive as block_suggestion. */
type OptionsListener = (args: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => Promise<void>;
type EventListener = (args: SlackEventMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

export interface SlackKitDeps {
  logger: Logger;
  /** Every message Guild sends goes through the delivery gateway, replies after an ack too. */
  messages: Publisher;
  roles: Roles;
  /**
   * Builds and publishes a person's whole App Home (src/slack/home.listener.ts): a ritual's click
   * on the Home calls it after its change, so the Home shows the change.
   */
  publishHome?: (actor: Actor, client: WebClient) => Promise<void>;
  /**
   * The `respond()` a listener gets for a response_url, given Bolt's own for it:
   * src/slack/kit/respond.ts unless given (listener tests keep their fake Bolt's).
   */
  respondTo?: (url: string, bolts: RespondFn) => RespondFn;
}

/**
 * What every ritual's Slack edge is given: registration of its commands, clicks, forms and
 * option lists, and the shared services a listener needs around a service call.
 *
 * Commands, events, clicks, forms and option requests reach Bolt through one listener each,
 * which looks the handler up by its name or id: Bolt otherwise runs every registered listener's
 * matchers on every request (a promise chain per listener per request, and more with every
 * ritual), and a click that no handler takes (an old button after an upgrade, a form from an
 * earlier version) is answered here instead of leaving Slack to show the person an error after
 * three seconds. A command or event nobody handles is left as Bolt leaves it: events are
 * acknowledged by Bolt before any listener runs, and a command Guild does not declare never comes.
 */
export class SlackKit {
  private readonly actions = new Map<string, ActionListener<SlackAction>>();
  private readonly views = new Map<string, ViewListener<SlackViewAction>>();
  private readonly optionLists = new Map<string, OptionsListener>();
  private readonly commands = new Map<string, CommandListener>();
  private readonly events = new Map<string, EventListener>();

  constructor(
    readonly app: App,
    readonly deps: SlackKitDeps,
  ) {
    app.action(ANY_ID, (args) => this.onAction(args));
    app.view(ANY_ID, (args) => this.onView(args));
    app.options<'block_suggestion'>(ANY_ID, (args) => this.onOptions(args));
    app.command(ANY_ID, (args) => this.onCommand(args));
    app.event(ANY_ID, (args) => this.onEvent(args));
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  command(name: string, listener: CommandListener): void {
    claim(this.commands, name, listener);
  }

  action<A extends SlackAction>(actionId: string, listener: ActionListener<A>): void {
    claim(this.actions, actionId, listener as unknown as ActionListener<SlackAction>);
  }

  view<V extends SlackViewAction>(callbackId: string, listener: ViewListener<V>): void {
    claim(this.views, callbackId, listener as unknown as ViewListener<SlackViewAction>);
  }

  options(actionId: string, listener: OptionsListener): void {
    claim(this.optionLists, actionId, listener);
  }

  event<E extends string>(type: E, listener: (args: SlackEventMiddlewareArgs<E> & AllMiddlewareArgs) => Promise<void>): void {
    claim(this.events, type, listener as unknown as EventListener);
  }

  /** The names and ids registered so far, by surface (for tests and the manifest check). */
  registered(): { commands: string[]; events: string[]; actions: string[]; views: string[]; options: string[] } {
    const keys = (table: Map<string, unknown>) => [...table.keys()];
    return { commands: keys(this.commands), events: keys(this.events), actions: keys(this.actions), views: keys(this.views), options: keys(this.optionLists) };
  }

  /**
   * Tells a person that what they did failed after Slack was already answered (the form has
   * closed): by DM through the delivery gateway, once per `key`.
   */
  async tellAfterAck(key: string, userId: string, text: string): Promise<void> {
    await this.deps.messages.send({ key, to: { users: [userId] }, text });
  }

  /**
   * Re-renders the person's App Home after a change made from it. A kit built without a Home
   * (a single ritual's listener tests) has none to re-render.
   */
  async publishHome(actor: Actor, client: WebClient): Promise<void> {
    await this.deps.publishHome?.(actor, client);
  }

  /**
   * The Home re-rendered after a change that is already made: a failure here costs only a Home
   * that is behind until it is next opened, so it is logged, never told as the change failing.
   */
  async refreshHome(actor: Actor, client: WebClient): Promise<void> {
    await this.publishHome(actor, client).catch((err: unknown) => this.logger.warn({ err, userId: actor.userId }, 'the App Home was not refreshed'));
  }

  /**
   * The listener's arguments with `respond()` sent by Guild's own client (src/slack/kit/respond.ts)
   * rather than Bolt's, which goes through fetch: every answer after an ack costs less.
   */
  private answering<A extends { body: unknown; respond?: RespondFn }>(args: A): A {
    const url = responseUrlOf(args.body);
    if (url === undefined || args.respond === undefined) return args;
    return { ...args, respond: this.deps.respondTo ? this.deps.respondTo(url, args.respond) : respondTo(url) };
  }

  private async onCommand(args: CommandArgs): Promise<void> {
    await this.commands.get(args.command.command)?.(this.answering(args));
  }

  private async onEvent(args: EventArgs): Promise<void> {
    await this.events.get(args.event.type)?.(args);
  }

  private async onAction(bolts: ActionArgs): Promise<void> {
    const args = this.answering(bolts);
    const actionId = 'action_id' in args.action ? args.action.action_id : undefined;
    const listener = actionId === undefined ? undefined : this.actions.get(actionId);
    if (listener) return listener(args);
    await args.ack();
    this.logger.info({ actionId }, 'a click nobody handles was answered as out of date');
    if ('response_url' in args.body && args.body.response_url) await args.respond(ephemeral(OUT_OF_DATE_TEXT));
  }

  private async onView(args: ViewArgs): Promise<void> {
    const listener = this.views.get(args.view.callback_id);
    if (listener) return listener(this.answering(args));
    this.logger.info({ callbackId: args.view.callback_id }, 'a form nobody handles was answered as out of date');
    await args.ack({ response_action: 'update', view: outOfDateModal() });
  }

  private async onOptions(args: OptionsArgs): Promise<void> {
    const actionId = 'action_id' in args.body ? args.body.action_id : undefined;
    const listener = actionId === undefined ? undefined : this.optionLists.get(actionId);
    if (listener) return listener(args);
    await args.ack({ options: [] });
  }
}

type ActionArgs = SlackActionMiddlewareArgs<SlackAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<SlackViewAction> & AllMiddlewareArgs;
type OptionsArgs = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;
type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type EventArgs = SlackEventMiddlewareArgs & AllMiddlewareArgs;

/** Every name and id: Bolt hands each request to the kit, which dispatches by name or id. */
const ANY_ID = /^/;

/** One handler per id: a second registration is a mistake, caught at start-up. */
function claim<T>(table: Map<string, T>, id: string, listener: T): void {
  if (table.has(id)) throw new Error(`two listeners for the Slack id ${id}`);
  table.set(id, listener);
}

function outOfDateModal(): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Out of date' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'This form is from an older version of Guild and was not saved. Open it again from the command or the message.' } }],
  };
}
