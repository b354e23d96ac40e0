import { applyCommandAck, applyViewSubmissionAck } from '../ack-effects';
import type { BackgroundTasks } from '../background-tasks';
import { buildAction, type ActionChoice } from '../block-action.builder';
import { isObject, type JsonObject } from '../block-kit';
import {
  blockActionsPayload,
  commandFields,
  eventCallback,
  urlVerification,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../interaction-payloads';
import type { ResponseTarget } from '../response-url.registry';
import type { SandboxState } from '../sandbox-state';
import type { DeliveryRecord, DeliveryResult, SandboxChannel, SandboxLogger, SandboxUser } from '../sandbox.types';
import { buildViewState, ImpossibleInteractionError, type GivenValues } from '../view-state.builder';
import { ApiError } from '../web-api/api-error';
import type { Delivery, HttpDeliveryOptions, Transport, TransportReply } from './transport';

type Ref = string | { id: string };

export interface DriverSettings {
  ackTimeoutMs: number;
  eventRetryDelaysMs: number[];
  /** Base of response_url links, e.g. http://127.0.0.1:1234/response/ */
  responseBase: string;
  logger?: SandboxLogger | undefined;
}

export interface CommandInput {
  user: Ref;
  channel: Ref;
  command: string;
  text?: string;
}

export interface BlockActionInput extends ActionChoice {
  user: Ref;
  channel?: Ref;
  messageTs?: string;
  viewId?: string;
}

export interface SubmitViewInput {
  user: Ref;
  viewId: string;
  values?: GivenValues;
}

export interface UserMessageInput {
  user: Ref;
  channel: Ref;
  text: string;
  /** Posts a reply in this message's thread. */
  threadTs?: string;
}

export interface EventOptions extends HttpDeliveryOptions {
  /** Retry automatically when the app fails, as Slack does. Default true. */
  autoRetry?: boolean;
}

export interface RedeliverOptions extends HttpDeliveryOptions {
  retryNum: 1 | 2 | 3;
  reason?: string;
}

/**
 * Slack → app: builds each payload from the workspace's state, delivers it over a transport, and
 * applies the ack the way Slack would show it to the user.
 */
export class SlackDriver {
  private readonly events = new Map<string, JsonObject>();

  constructor(
    private readonly state: SandboxState,
    private readonly transport: Transport,
    private readonly settings: DriverSettings,
    private readonly background: BackgroundTasks,
  ) {}

  async command(input: CommandInput, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const channel = this.channel(input.channel);
    const triggerId = this.state.triggers.issue(user.id);
    const responseUrl = this.responseUrl({ user: user.id, channel: channel.id });
    const fields = commandFields({ user, channel, command: input.command, text: input.text ?? '', responseUrl, triggerId });
    const reply = await this.deliver({ kind: 'slash_commands', payload: fields, acceptsResponsePayload: true, http });
    if (!reply.failed) this.applying(() => applyCommandAck(this.state, user.id, channel.id, reply.body));
    return { ...reply, triggerId, responseUrl };
  }

  async blockAction(input: BlockActionInput, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const triggerId = this.state.triggers.issue(user.id);
    const actionTs = this.state.clock.nextTs();
    if (input.viewId !== undefined) {
      const view = this.openView(user.id, input.viewId);
      const action = buildAction(input, view.blocks, actionTs);
      const payload = blockActionsPayload({ user, action, triggerId, view, viewState: buildViewState(view.blocks) });
      return { ...(await this.deliver({ kind: 'interactive', payload, acceptsResponsePayload: false, http })), triggerId };
    }
    const channel = input.channel !== undefined ? this.channel(input.channel) : undefined;
    const message = channel && input.messageTs !== undefined ? this.state.messages.find(channel.id, input.messageTs) : undefined;
    const ephemeral =
      channel && input.messageTs !== undefined && !message
        ? this.state.messages.ephemerals.find((e) => e.ts === input.messageTs && e.user === user.id && !e.deleted)
        : undefined;
    if (input.messageTs !== undefined && !message && !ephemeral) {
      throw new ImpossibleInteractionError(`no message ${input.messageTs} in ${channel?.id ?? '(no channel given)'}`);
    }
    const blocks = message?.blocks ?? ephemeral?.blocks;
    const action = buildAction(input, input.messageTs !== undefined ? blocks ?? [] : undefined, actionTs);
    const responseUrl = channel
      ? this.responseUrl({
          user: user.id,
          channel: channel.id,
          ...(message ? { messageTs: message.ts } : {}),
          ...(ephemeral ? { ephemeralTs: ephemeral.ts } : {}),
        })
      : undefined;
    const payload = blockActionsPayload({
      user,
      action,
      triggerId,
      channel,
      message,
      responseUrl,
      ...(blocks ? { viewState: buildViewState(blocks) } : {}),
    });
    if (ephemeral && isObject(payload.container)) {
      payload.container = { ...payload.container, message_ts: ephemeral.ts, is_ephemeral: true };
    }
    const reply = await this.deliver({ kind: 'interactive', payload, acceptsResponsePayload: false, http });
    return { ...reply, triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  async submitView(input: SubmitViewInput, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const view = this.openView(user.id, input.viewId);
    const values = buildViewState(view.blocks, input.values ?? {}, true);
    const triggerId = this.state.triggers.issue(user.id);
    const payload = viewSubmissionPayload(user, view, values, triggerId);
    const reply = await this.deliver({ kind: 'interactive', payload, acceptsResponsePayload: true, http });
    if (!reply.failed) this.applying(() => applyViewSubmissionAck(this.state, user.id, view.id, reply.body));
    return { ...reply, triggerId };
  }

  async closeView(input: { user: Ref; viewId: string }, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const view = this.openView(user.id, input.viewId);
    this.state.views.close(user.id, view.id);
    if (view.notify_on_close !== true) return { status: 0, body: undefined, ackMs: 0, failed: false, delivered: false };
    const payload = viewClosedPayload(user, view, false);
    return this.deliver({ kind: 'interactive', payload, acceptsResponsePayload: false, http });
  }

  async event(event: JsonObject, opts: EventOptions = {}): Promise<DeliveryResult> {
    const eventId = `Ev${this.state.ids.next('', 10)}`;
    const body = eventCallback(event, eventId, this.state.clock.nextTs());
    this.events.set(eventId, body);
    const { autoRetry = true, ...http } = opts;
    return this.deliverEvent(eventId, body, 0, undefined, http, autoRetry);
  }

  /**
   * A person posts in a channel (or replies in a thread): stored as Slack would, then delivered
   * as a `message` event. Only members may post, and only under a message that exists.
   */
  async message(input: UserMessageInput, opts: EventOptions = {}): Promise<DeliveryResult & { ts: string }> {
    const user = this.user(input.user);
    const channel = this.channel(input.channel);
    if (!channel.members.has(user.id)) throw new ImpossibleInteractionError(`${user.id} is not in ${channel.id} and cannot post there`);
    if (channel.isArchived) throw new ImpossibleInteractionError(`${channel.id} is archived`);
    const parent = input.threadTs !== undefined ? this.state.messages.find(channel.id, input.threadTs) : undefined;
    if (input.threadTs !== undefined && (!parent || parent.deleted || parent.threadTs !== undefined && parent.threadTs !== parent.ts)) {
      throw new ImpossibleInteractionError(`no message ${input.threadTs} in ${channel.id} to reply to`);
    }
    const ts = this.state.clock.nextTs();
    this.state.messages.add({ ts, channel: channel.id, user: user.id, text: input.text, replies: [], ...(parent ? { threadTs: parent.ts } : {}) });
    const event: JsonObject = {
      type: 'message',
      channel: channel.id,
      user: user.id,
      text: input.text,
      ts,
      event_ts: ts,
      channel_type: channel.isIm ? 'im' : channel.isMpim ? 'mpim' : channel.isPrivate ? 'group' : 'channel',
      ...(parent ? { thread_ts: parent.ts } : {}),
    };
    return { ...(await this.event(event, opts)), ts };
  }

  async redeliver(eventId: string, opts: RedeliverOptions): Promise<DeliveryResult> {
    const body = this.events.get(eventId);
    if (!body) throw new Error(`event ${eventId} was not delivered by this driver`);
    const { retryNum, reason, ...http } = opts;
    return this.deliverEvent(eventId, body, retryNum, reason ?? this.defaultRetryReason(), http, false);
  }

  async urlVerification(challenge: string, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    return this.deliver({ kind: 'url_verification', payload: urlVerification(challenge), acceptsResponsePayload: false, http });
  }

  private async deliverEvent(
    eventId: string,
    body: JsonObject,
    retryNum: number,
    retryReason: string | undefined,
    http: HttpDeliveryOptions,
    autoRetry: boolean,
  ): Promise<DeliveryResult> {
    const result = await this.deliver(
      { kind: 'events_api', payload: body, acceptsResponsePayload: false, retryNum, ...(retryReason ? { retryReason } : {}), http },
      { eventId, retryNum },
    );
    const next = retryNum + 1;
    const delay = this.settings.eventRetryDelaysMs[retryNum];
    if (autoRetry && result.failed && !result.noRetry && next <= 3 && delay !== undefined) {
      const reason = result.failure === 'http_error' ? 'http_error' : this.defaultRetryReason();
      this.background.after(delay, `event ${eventId} retry ${next}`, () => this.deliverEvent(eventId, body, next, reason, http, true));
    }
    const { noRetry: _noRetry, ...rest } = result;
    return { ...rest, eventId };
  }

  private defaultRetryReason(): string {
    return this.transport.name === 'http' ? 'http_timeout' : 'timeout';
  }

  /** Sends, times, judges and records one delivery. */
  private async deliver(delivery: Delivery, event?: { eventId: string; retryNum: number }): Promise<DeliveryResult & { noRetry: boolean }> {
    const reply: TransportReply = await this.transport.send(delivery);
    const failure = judge(reply, this.settings.ackTimeoutMs);
    const record: DeliveryRecord = {
      transport: this.transport.name,
      kind: delivery.kind,
      status: reply.status,
      ackMs: reply.ackMs,
      failed: failure !== undefined,
      at: Date.now(),
      ...(failure ? { failure } : {}),
      ...(event ? { eventId: event.eventId, retryNum: event.retryNum } : {}),
    };
    this.state.deliveries.push(record);
    if (failure) this.settings.logger?.warn({ kind: delivery.kind, status: reply.status, ackMs: reply.ackMs, failure }, 'the user would see a failed delivery');
    return {
      status: reply.status,
      body: reply.body,
      ackMs: reply.ackMs,
      failed: failure !== undefined,
      delivered: true,
      noRetry: reply.noRetry,
      ...(failure ? { failure } : {}),
    };
  }

  /** An ack Slack cannot apply (an invalid view, a push over the limit) is an error for the user, not for the test. */
  private applying(effect: () => void): void {
    try {
      effect();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.state.deliveries.push({ transport: this.transport.name, kind: 'interactive', status: 200, ackMs: 0, failed: true, at: Date.now() });
      this.settings.logger?.warn({ error: err.error, extra: err.extra }, 'Slack could not apply the ack');
    }
  }

  private responseUrl(target: ResponseTarget): string {
    return this.settings.responseBase + this.state.responseUrls.issue(target);
  }

  private user(ref: Ref): SandboxUser {
    const id = typeof ref === 'string' ? ref : ref.id;
    const user = this.state.workspace.users.get(id);
    if (!user) throw new ImpossibleInteractionError(`unknown user ${id}`);
    return user;
  }

  private channel(ref: Ref): SandboxChannel {
    const id = typeof ref === 'string' ? ref : ref.id;
    const channel = this.state.workspace.channels.get(id);
    if (!channel) throw new ImpossibleInteractionError(`unknown channel ${id}`);
    return channel;
  }

  private openView(user: string, viewId: string) {
    const entry = this.state.views.stack(user).find((v) => v.id === viewId) ?? (this.state.views.home(user)?.id === viewId ? this.state.views.home(user) : undefined);
    if (!entry) throw new ImpossibleInteractionError(`view ${viewId} is not open for ${user}`);
    return entry.view;
  }
}

function judge(reply: TransportReply, ackTimeoutMs: number): DeliveryRecord['failure'] | undefined {
  if (reply.outcome === 'dropped') return 'socket_dropped';
  if (reply.outcome === 'timeout') return 'no_response';
  if (reply.status < 200 || reply.status >= 300) return 'http_error';
  if (reply.ackMs > ackTimeoutMs) return 'ack_timeout';
  return undefined;
}
