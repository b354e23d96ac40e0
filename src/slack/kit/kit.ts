import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, Middleware, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackEventMiddlewareArgs, SlackOptionsMiddlewareArgs, SlackViewMiddlewareArgs, SlackAction, SlackViewAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Roles } from '../../community/roles';
import type { Publisher } from '../../delivery/outbox';
import { ephemeral, OUT_OF_DATE_TEXT } from './replies';

type ActionListener<A extends SlackAction> = (args: SlackActionMiddlewareArgs<A> & AllMiddlewareArgs) => Promise<void>;
type ViewListener<V extends SlackViewAction> = (args: SlackViewMiddlewareArgs<V> & AllMiddlewareArgs) => Promise<void>;
type CommandListener = (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;
/** Guild's menus are Block Kit: options requests arrive as block_suggestion. */
type OptionsListener = (args: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => Promise<void>;

export interface SlackKitDeps {
  logger: Logger;
  /** Every message Guild sends goes through the delivery gateway, replies after an ack too. */
  messages: Publisher;
  roles: Roles;
}

/**
 * What every ritual's Slack edge is given: registration of its commands, clicks, forms and
 * option lists (remembered, so that a click nobody handles is still answered), and the shared
 * services a listener needs around a service call.
 */
export class SlackKit {
  private readonly actionIds = new Set<string>();
  private readonly callbackIds = new Set<string>();
  private readonly optionIds = new Set<string>();

  constructor(
    readonly app: App,
    readonly deps: SlackKitDeps,
  ) {
    app.use(this.answerUnhandled());
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  command(name: string, listener: CommandListener): void {
    this.app.command(name, listener);
  }

  action<A extends SlackAction>(actionId: string, listener: ActionListener<A>): void {
    this.actionIds.add(actionId);
    this.app.action<A>(actionId, listener);
  }

  view<V extends SlackViewAction>(callbackId: string, listener: ViewListener<V>): void {
    this.callbackIds.add(callbackId);
    this.app.view<V>(callbackId, listener);
  }

  options(actionId: string, listener: OptionsListener): void {
    this.optionIds.add(actionId);
    this.app.options<'block_suggestion'>(actionId, listener);
  }

  event<E extends string>(type: E, listener: (args: SlackEventMiddlewareArgs<E> & AllMiddlewareArgs) => Promise<void>): void {
    this.app.event(type, listener);
  }

  /**
   * Tells a person that what they did failed after Slack was already answered (the form has
   * closed): by DM through the delivery gateway, once per `key`.
   */
  async tellAfterAck(key: string, userId: string, text: string): Promise<void> {
    await this.deps.messages.send({ key, to: { users: [userId] }, text });
  }

  /**
   * A click, form or option request that no listener takes (an old button after an upgrade, a
   * form from an earlier version) is acknowledged and answered, instead of leaving Slack to show
   * the person an error after three seconds.
   */
  private answerUnhandled(): Middleware<AnyMiddlewareArgs> {
    return async (args) => {
      // Runs before every listener: a look at the type first, the full check only for interactions.
      const kind = (args.body as { type?: unknown }).type;
      if ((kind !== 'block_actions' && kind !== 'view_submission' && kind !== 'block_suggestion') || !('ack' in args)) return args.next();
      const body = interactionBody.safeParse(args.body);
      if (!body.success) return args.next();
      const { type, actions, view } = body.data;
      const ack = args.ack as (response?: unknown) => Promise<void>;
      if (type === 'block_actions' && actions?.every((a) => !this.actionIds.has(a.action_id))) {
        await ack();
        this.logger.info({ actionIds: actions.map((a) => a.action_id) }, 'a click nobody handles was answered as out of date');
        if ('respond' in args && typeof args.respond === 'function' && body.data.response_url) await args.respond(ephemeral(OUT_OF_DATE_TEXT));
        return;
      }
      if (type === 'view_submission' && view && !this.callbackIds.has(view.callback_id)) {
        this.logger.info({ callbackId: view.callback_id }, 'a form nobody handles was answered as out of date');
        return ack({ response_action: 'update', view: outOfDateModal() });
      }
      if (type === 'block_suggestion' && body.data.action_id && !this.optionIds.has(body.data.action_id)) return ack({ options: [] });
      return args.next();
    };
  }
}

/** Only what the check reads: zod leaves the rest of a large payload (a form's whole view) uncopied. */
const interactionBody = z.object({
  type: z.string(),
  actions: z.array(z.object({ action_id: z.string() })).optional(),
  view: z.object({ callback_id: z.string() }).optional(),
  action_id: z.string().optional(),
  response_url: z.string().optional(),
});

function outOfDateModal(): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Out of date' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'This form is from an older version of Guild and was not saved. Open it again from the command or the message.' } }],
  };
}
