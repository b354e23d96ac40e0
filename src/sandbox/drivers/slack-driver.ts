import { applyCommandAck, applyViewSubmissionAck } from '../ack-effects';
import type { BackgroundTasks } from '../background-tasks';
import { buildAction, type ActionChoice } from '../block-action.builder';
import { interactiveElements, isObject, type JsonObject } from '../block-kit';
import { readOptionsAnswer, type OptionsAnswer } from '../options-answer';
import {
  blockActionsPayload,
  blockSuggestionPayload,
  commandFields,
  eventCallback,
  urlVerification,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../interaction-payloads';
import type { ResponseTarget } from '../response-url.registry';
import { messageLive } from '../mrkdwn';
import type { SandboxState } from '../sandbox-state';
import type { DeliveryRecord, DeliveryResult, SandboxChannel, SandboxLogger, SandboxUser, UserVisibleError, WithheldReason } from '../sandbox.types';
import { BOT, TEAM } from '../workspace.store';
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

export interface BlockSuggestionInput {
  user: Ref;
  actionId: string;
  blockId?: string;
  /** What the person typed in the menu ('' when they only opened it). */
  value: string;
  /** The modal or Home the menu is on; or a message, by channel and ts. */
  viewId?: string;
  channel?: Ref;
  messageTs?: string;
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

export interface InviteBotInput {
  channel: Ref;
  /** The person who typed `/invite @Guild`; they must be in the channel. */
  by: Ref;
}

export interface JoinChannelInput {
  user: Ref;
  channel: Ref;
}

/** Who started an interaction, and what it was, for DeliveryRecord and the error they would see. */
interface Origin {
  what: string;
  user?: string;
  /** The slash command, whose failure text names it. */
  command?: string;
  /** Modals show their own failure text. */
  modal?: boolean;
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
  /**
   * The options each external select of an open view was last offered, by value: Slack's
   * `selected_option` is the option the person picked, text included, and only the answer to
   * the options request knows that text.
   */
  private readonly offered = new Map<string, Map<string, JsonObject>>();

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
    const origin: Origin = { what: input.command, user: user.id, command: input.command };
    const { result, record } = await this.deliverWith({ kind: 'slash_commands', payload: fields, acceptsResponsePayload: true, http }, origin);
    if (!result.failed) this.applying(result, record, origin, () => applyCommandAck(this.state, user.id, channel.id, result.body));
    return { ...strip(result), triggerId, responseUrl };
  }

  async blockAction(input: BlockActionInput, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const triggerId = this.state.triggers.issue(user.id);
    const actionTs = this.state.clock.nextTs();
    if (input.viewId !== undefined) {
      const view = this.openView(user.id, input.viewId);
      const action = buildAction(input, view.blocks, actionTs);
      const payload = blockActionsPayload({ user, action, triggerId, view, viewState: buildViewState(view.blocks) });
      const origin: Origin = { what: `block_actions:${input.actionId}`, user: user.id, modal: view.type === 'modal' };
      return { ...strip((await this.deliverWith({ kind: 'interactive', payload, acceptsResponsePayload: false, http }, origin)).result), triggerId };
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
    const origin: Origin = { what: `block_actions:${input.actionId}`, user: user.id };
    const { result } = await this.deliverWith({ kind: 'interactive', payload, acceptsResponsePayload: false, http }, origin);
    return { ...strip(result), triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /**
   * A person opens an external select or types in it: Slack sends `block_suggestion` to the
   * options load URL (the Request URL, or over Socket Mode) and shows what the ack holds. As
   * Slack does, nothing is sent until the person typed `min_query_length` characters (3 unless
   * the element says otherwise). The answer is checked against Slack's limits: one that breaks
   * them shows the person no options, and the result says why in `options.problem`.
   */
  async blockSuggestion(input: BlockSuggestionInput, http?: HttpDeliveryOptions): Promise<DeliveryResult & { options: OptionsAnswer }> {
    const user = this.user(input.user);
    const view = input.viewId !== undefined ? this.openView(user.id, input.viewId) : undefined;
    const channel = input.channel !== undefined ? this.channel(input.channel) : undefined;
    const message = channel && input.messageTs !== undefined ? this.state.messages.find(channel.id, input.messageTs) : undefined;
    const blocks = view?.blocks ?? message?.blocks;
    if (!blocks) throw new ImpossibleInteractionError('an options request needs the view or the message the menu is on');
    const found = [...interactiveElements(blocks)].find((e) => e.element.action_id === input.actionId && (!input.blockId || e.blockId === input.blockId));
    if (!found || !String(found.element.type).includes('external_select')) throw new ImpossibleInteractionError(`no external select with action_id ${input.actionId} on that surface`);
    const minimum = typeof found.element.min_query_length === 'number' ? found.element.min_query_length : 3;
    if (input.value.length < minimum) throw new ImpossibleInteractionError(`Slack sends no options request before ${minimum} characters are typed (min_query_length)`);
    const payload = blockSuggestionPayload({
      user,
      actionId: input.actionId,
      blockId: found.blockId,
      value: input.value,
      view,
      ...(view ? { viewState: buildViewState(view.blocks) } : {}),
      channel,
      message,
    });
    const origin: Origin = { what: `block_suggestion:${input.actionId}`, user: user.id };
    const { result, record } = await this.deliverWith({ kind: 'interactive', payload, acceptsResponsePayload: true, http }, origin);
    const options = result.failed ? { options: [], problem: 'no answer in time' } : readOptionsAnswer(result.body);
    if (view && !options.problem) {
      const key = offeredKey(user.id, view.id, found.blockId, input.actionId);
      const known = this.offered.get(key) ?? new Map<string, JsonObject>();
      for (const option of options.options) known.set(String(option.value), option);
      this.offered.set(key, known);
    }
    if (!result.failed && options.problem) {
      for (const target of [record, result] as Array<DeliveryRecord | DeliveryResult>) {
        target.failed = true;
        target.failure = 'ack_rejected';
      }
      this.settings.logger?.warn({ actionId: input.actionId, problem: options.problem }, 'Slack would show no options: the answer breaks its rules');
    }
    return { ...strip(result), options };
  }

  async submitView(input: SubmitViewInput, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const view = this.openView(user.id, input.viewId);
    const values = buildViewState(this.withOffered(user.id, view.id, view.blocks), input.values ?? {}, true);
    const triggerId = this.state.triggers.issue(user.id);
    const payload = viewSubmissionPayload(user, view, values, triggerId);
    const origin: Origin = { what: `view_submission:${String(view.callback_id)}`, user: user.id, modal: true };
    const { result, record } = await this.deliverWith({ kind: 'interactive', payload, acceptsResponsePayload: true, http }, origin);
    if (!result.failed) this.applying(result, record, origin, () => applyViewSubmissionAck(this.state, user.id, view.id, result.body));
    if (!this.state.views.stack(user.id).some((v) => v.id === view.id)) this.forgetOffered(user.id, view.id);
    return { ...strip(result), triggerId };
  }

  async closeView(input: { user: Ref; viewId: string }, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const view = this.openView(user.id, input.viewId);
    this.state.views.close(user.id, view.id);
    this.forgetOffered(user.id, view.id);
    if (view.notify_on_close !== true) return { status: 0, body: undefined, ackMs: 0, failed: false, delivered: false };
    const payload = viewClosedPayload(user, view, false);
    // A person who closed a modal waits for nothing: Slack shows no error for view_closed.
    return strip((await this.deliverWith({ kind: 'interactive', payload, acceptsResponsePayload: false, http }, { what: `view_closed:${String(view.callback_id)}`, user: user.id })).result);
  }

  /**
   * Delivers an Events API event, unless Slack would not send it: channel message events and
   * member_joined_channel / member_left_channel come only from conversations the bot is a member
   * of (a DM with the bot always has it). Such an event is recorded in `withheldEvents`, and the
   * result says `delivered: false, withheld: 'bot_not_in_channel'`.
   */
  async event(event: JsonObject, opts: EventOptions = {}): Promise<DeliveryResult> {
    const withheld = this.withholding(event);
    if (withheld) {
      this.state.withheldEvents.push({ type: String(event.type), channel: String(event.channel), reason: withheld, event, at: Date.now() });
      this.settings.logger?.debug({ type: event.type, channel: event.channel }, 'Slack would not send this event: the bot is not in the channel');
      return { status: 0, body: undefined, ackMs: 0, failed: false, delivered: false, withheld };
    }
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
    this.state.messages.add({
      ts,
      channel: channel.id,
      user: user.id,
      text: input.text,
      replies: [],
      live: messageLive({ text: input.text }),
      ...(parent ? { threadTs: parent.ts } : {}),
    });
    this.state.changed();
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

  /**
   * A person adds the bot to a channel, as with `/invite @Guild`: the bot becomes a member and,
   * as Slack does, the app gets member_joined_channel for its own bot user (with `inviter`).
   * Inviting a bot that is already there changes nothing and sends nothing.
   */
  async inviteBot(input: InviteBotInput, opts: EventOptions = {}): Promise<DeliveryResult> {
    const by = this.user(input.by);
    const channel = this.channel(input.channel);
    if (channel.isIm || channel.isMpim) throw new ImpossibleInteractionError(`${channel.id} is a direct message: nobody can be invited`);
    if (!channel.members.has(by.id)) throw new ImpossibleInteractionError(`${by.id} is not in ${channel.id} and cannot invite anyone there`);
    if (channel.isArchived) throw new ImpossibleInteractionError(`${channel.id} is archived`);
    if (!this.state.joinBot(channel, by.id, { silent: true })) return { status: 0, body: undefined, ackMs: 0, failed: false, delivered: false };
    return this.botJoined(channel, by.id, opts);
  }

  /** The member_joined_channel Slack sends the app when its bot user joins (joined or invited). */
  async botJoined(channel: SandboxChannel, inviter?: string, opts: EventOptions = {}): Promise<DeliveryResult> {
    return this.event(memberJoined(BOT.userId, channel, inviter), opts);
  }

  /** A person joins a channel: delivered as member_joined_channel when the bot is there to hear it. */
  async joinChannel(input: JoinChannelInput, opts: EventOptions = {}): Promise<DeliveryResult> {
    const user = this.user(input.user);
    const channel = this.channel(input.channel);
    if (channel.isIm || channel.isMpim) throw new ImpossibleInteractionError(`${channel.id} is a direct message: nobody can join it`);
    if (channel.isArchived) throw new ImpossibleInteractionError(`${channel.id} is archived`);
    if (channel.members.has(user.id)) throw new ImpossibleInteractionError(`${user.id} is already in ${channel.id}`);
    channel.members.add(user.id);
    return this.event(memberJoined(user.id, channel), opts);
  }

  async redeliver(eventId: string, opts: RedeliverOptions): Promise<DeliveryResult> {
    const body = this.events.get(eventId);
    if (!body) throw new Error(`event ${eventId} was not delivered by this driver`);
    const { retryNum, reason, ...http } = opts;
    return this.deliverEvent(eventId, body, retryNum, reason ?? this.defaultRetryReason(), http, false);
  }

  async urlVerification(challenge: string, http?: HttpDeliveryOptions): Promise<DeliveryResult> {
    return strip((await this.deliverWith({ kind: 'url_verification', payload: urlVerification(challenge), acceptsResponsePayload: false, http }, { what: 'url_verification' })).result);
  }

  private async deliverEvent(
    eventId: string,
    body: JsonObject,
    retryNum: number,
    retryReason: string | undefined,
    http: HttpDeliveryOptions,
    autoRetry: boolean,
  ): Promise<DeliveryResult> {
    const event = isObject(body.event) ? body.event : {};
    const { result } = await this.deliverWith(
      { kind: 'events_api', payload: body, acceptsResponsePayload: false, retryNum, ...(retryReason ? { retryReason } : {}), http },
      { what: String(event.type), ...(typeof event.user === 'string' ? { user: event.user } : {}) },
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

  /**
   * Sends, times, judges and records one delivery. Slack waits `ackTimeoutMs` (3 s) for the ack
   * and no longer: the promise resolves by then whatever the app does, with the failure the
   * person would see.
   */
  private async deliverWith(
    delivery: Omit<Delivery, 'ackDeadlineMs'>,
    origin: Origin,
    event?: { eventId: string; retryNum: number },
  ): Promise<{ result: DeliveryResult & { noRetry: boolean }; record: DeliveryRecord }> {
    const reply: TransportReply = await this.transport.send({ ...delivery, ackDeadlineMs: this.settings.ackTimeoutMs });
    const failure = judge(reply, this.settings.ackTimeoutMs);
    const seen = failure && personWaits(delivery, origin) ? userVisible(failure, reply.status, origin) : undefined;
    const record: DeliveryRecord = {
      transport: this.transport.name,
      kind: delivery.kind,
      status: reply.status,
      ackMs: reply.ackMs,
      failed: failure !== undefined,
      what: origin.what,
      at: Date.now(),
      ...(origin.user !== undefined ? { user: origin.user } : {}),
      ...(failure ? { failure } : {}),
      ...(seen ? { userVisibleError: seen.code, ...(seen.message !== undefined ? { userVisibleMessage: seen.message } : {}) } : {}),
      ...(event ? { eventId: event.eventId, retryNum: event.retryNum } : {}),
    };
    this.state.deliveries.push(record);
    this.state.changed({ kind: 'delivery', record });
    if (failure) this.settings.logger?.warn({ kind: delivery.kind, what: origin.what, status: reply.status, ackMs: reply.ackMs, failure }, 'the user would see a failed delivery');
    const result = {
      status: reply.status,
      body: reply.body,
      ackMs: reply.ackMs,
      failed: failure !== undefined,
      delivered: true,
      noRetry: reply.noRetry,
      ...(failure ? { failure } : {}),
      ...(seen ? { userVisibleError: seen.code, ...(seen.message !== undefined ? { userVisibleMessage: seen.message } : {}) } : {}),
    };
    return { result, record };
  }

  /**
   * An ack Slack cannot apply (an invalid view, blocks, a push over the limit) is an error for the
   * user, not for the test: the delivery is marked failed with that error's code.
   */
  private applying(result: DeliveryResult, record: DeliveryRecord, origin: Origin, effect: () => void): void {
    try {
      effect();
      this.state.changed();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const seen = userVisible('ack_rejected', record.status, origin, err.error);
      for (const target of [record, result] as Array<DeliveryRecord | DeliveryResult>) {
        target.failed = true;
        target.failure = 'ack_rejected';
        target.userVisibleError = seen.code;
        if (seen.message !== undefined) target.userVisibleMessage = seen.message;
      }
      this.settings.logger?.warn({ error: err.error, extra: err.extra }, 'Slack could not apply the ack');
      this.state.changed({ kind: 'delivery', record });
    }
  }

  /** Why Slack would not send this event to the app, if it would not. */
  private withholding(event: JsonObject): WithheldReason | undefined {
    if (!WITHHELD_UNLESS_MEMBER.has(String(event.type)) || typeof event.channel !== 'string') return undefined;
    const channel = this.state.workspace.channels.get(event.channel);
    // An id the workspace does not know is the test's own invention: deliver it as given.
    if (!channel || channel.members.has(BOT.userId)) return undefined;
    return 'bot_not_in_channel';
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

  /**
   * The view's blocks with each external select's offered options added (for building the state
   * only: the view itself is untouched), so a picked value is reported as the option it was.
   */
  private withOffered(user: string, viewId: string, blocks: unknown[]): unknown[] {
    return blocks.map((block) => {
      if (!isObject(block) || block.type !== 'input' || !isObject(block.element) || !String(block.element.type).includes('external_select')) return block;
      const known = this.offered.get(offeredKey(user, viewId, String(block.block_id), String(block.element.action_id)));
      return known ? { ...block, element: { ...block.element, options: [...known.values()] } } : block;
    });
  }

  /** A closed view's menus are never read again. */
  private forgetOffered(user: string, viewId: string): void {
    for (const key of this.offered.keys()) if (key.startsWith(`${user}/${viewId}/`)) this.offered.delete(key);
  }

  private openView(user: string, viewId: string) {
    const entry = this.state.views.stack(user).find((v) => v.id === viewId) ?? (this.state.views.home(user)?.id === viewId ? this.state.views.home(user) : undefined);
    if (!entry) throw new ImpossibleInteractionError(`view ${viewId} is not open for ${user}`);
    return entry.view;
  }
}

function judge(reply: TransportReply, ackTimeoutMs: number): DeliveryRecord['failure'] | undefined {
  if (reply.outcome === 'dropped') return 'socket_dropped';
  if (reply.outcome === 'timeout') return 'ack_timeout';
  if (reply.outcome === 'unreachable') return 'no_response';
  if (reply.status < 200 || reply.status >= 300) return 'http_error';
  if (reply.ackMs > ackTimeoutMs) return 'ack_timeout';
  return undefined;
}

/** Events API: message events and membership events are sent only from the bot's conversations. */
const WITHHELD_UNLESS_MEMBER = new Set(['message', 'member_joined_channel', 'member_left_channel']);

/** A person is looking at the result: a command, a click or a submission (not an event, not a closed modal). */
function personWaits(delivery: Omit<Delivery, 'ackDeadlineMs'>, origin: Origin): boolean {
  if (delivery.kind === 'slash_commands') return true;
  return delivery.kind === 'interactive' && !origin.what.startsWith('view_closed');
}

/**
 * The error Slack shows the person. Slash commands: `/cmd failed with the error "<code>"`, with
 * operation_timeout past the 3 s ack deadline ("Slash commands" guide: respond within 3000 ms),
 * dispatch_failed when the app cannot be reached, http_service_error / http_client_error for a
 * 5xx / 4xx answer. A modal shows "We had some trouble connecting. Try again?". A button or menu
 * in a message gets a warning icon beside it, with no text.
 */
function userVisible(failure: NonNullable<DeliveryRecord['failure']>, status: number, origin: Origin, rejected?: string): { code: UserVisibleError; message?: string } {
  const code: UserVisibleError =
    rejected ??
    (failure === 'ack_timeout'
      ? 'operation_timeout'
      : failure === 'http_error'
        ? status >= 500
          ? 'http_service_error'
          : 'http_client_error'
        : 'dispatch_failed');
  if (origin.command !== undefined) return { code, message: `${origin.command} failed with the error "${code}"` };
  if (origin.modal) return { code, message: 'We had some trouble connecting. Try again?' };
  return { code };
}

function memberJoined(userId: string, channel: SandboxChannel, inviter?: string): JsonObject {
  return {
    type: 'member_joined_channel',
    user: userId,
    channel: channel.id,
    channel_type: channel.isPrivate ? 'G' : 'C',
    team: TEAM.id,
    ...(inviter !== undefined ? { inviter } : {}),
  };
}

/** The transport's retry hint is the driver's business, not the test's. */
function offeredKey(user: string, viewId: string, blockId: string, actionId: string): string {
  return [user, viewId, blockId, actionId].join('/');
}

function strip<T extends { noRetry?: boolean }>(result: T): Omit<T, 'noRetry'> {
  const { noRetry: _noRetry, ...rest } = result;
  return rest;
}
