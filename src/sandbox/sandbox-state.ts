import { IdFactory } from './ids';
import { MessageStore } from './message.store';
import { validateMessageContent, type MessageInput } from './message-content';
import { ResponseUrlRegistry } from './response-url.registry';
import type { ApiCallRecord, DeliveryRecord, Ephemeral, EphemeralVia, Message, SandboxChannel, SandboxLogger, WithheldEvent } from './sandbox.types';
import { ScopeSet } from './scopes';
import { SlackClock } from './slack-clock';
import { TriggerRegistry } from './trigger.registry';
import { ViewStore } from './view.store';
import { ApiError } from './web-api/api-error';
import { BOT, WorkspaceStore } from './workspace.store';
import { FileStore } from './file.store';

export interface StateConfig {
  botToken: string;
  appToken: string;
  triggerTtlMs: number;
  recordCalls: boolean;
  scopes: ScopeSet;
  logger?: SandboxLogger | undefined;
  /** The workspace's time in ms (default the system's); the browser sandbox moves it. */
  now?: () => number;
}

/**
 * Something a person could see changed: a Web API call (with its outcome, so refusals can be
 * shown), a delivery to the app, or any other change of state (a person's post, an ack applied).
 */
export type SandboxChange =
  | { kind: 'api'; method: string; ok: boolean; error?: string; messages?: string[]; channel?: string }
  | { kind: 'delivery'; record: DeliveryRecord }
  | { kind: 'state' };

export type ChangeListener = (change: SandboxChange) => void;

/** Told when the bot user joins a conversation, so the app can get its member_joined_channel. */
export type BotJoinListener = (channel: SandboxChannel, inviter?: string) => void;

export interface PostedMessage {
  message: Message;
  warnings: string[];
}

/**
 * Everything the local Slack knows, and the operations several surfaces share (a bot message can
 * come from chat.postMessage, a scheduled message, an in_channel ack or a response_url).
 */
export class SandboxState {
  readonly ids = new IdFactory();
  readonly clock: SlackClock;
  readonly workspace = new WorkspaceStore(this.ids, () => this.clock.nowSeconds());
  readonly messages = new MessageStore();
  readonly files = new FileStore();
  /** Where upload URLs point (files.getUploadURLExternal); set once the server listens. */
  uploadBase = 'http://127.0.0.1/upload/';
  readonly views = new ViewStore();
  readonly triggers: TriggerRegistry;
  readonly responseUrls = new ResponseUrlRegistry(this.ids);
  readonly calls: ApiCallRecord[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  /** Events that happened but that Slack would not send to the app (see WithheldReason). */
  readonly withheldEvents: WithheldEvent[] = [];
  private readonly botJoinListeners: BotJoinListener[] = [];
  private readonly changeListeners: ChangeListener[] = [];

  constructor(readonly config: StateConfig) {
    this.clock = new SlackClock(config.now);
    this.triggers = new TriggerRegistry(this.ids, config.triggerTtlMs);
  }

  channelOrThrow(id: string | undefined): SandboxChannel {
    const channel = id === undefined ? undefined : this.workspace.channels.get(id);
    if (!channel) throw new ApiError('channel_not_found');
    // Private conversations the bot is not in are invisible to it.
    if (channel.isPrivate && !channel.members.has(BOT.userId)) throw new ApiError('channel_not_found');
    return channel;
  }

  get scopes(): ScopeSet {
    return this.config.scopes;
  }

  /** Listens to every change (the browser sandbox refreshes its pages and its event log from these). */
  onChange(listener: ChangeListener): void {
    this.changeListeners.push(listener);
  }

  changed(change: SandboxChange = { kind: 'state' }): void {
    for (const listener of this.changeListeners) listener(change);
  }

  onBotJoin(listener: BotJoinListener): void {
    this.botJoinListeners.push(listener);
  }

  /**
   * Adds the bot user to a channel (conversations.join or an invitation) and tells the listeners,
   * unless `silent` (the caller delivers the event itself). False when it was already there.
   */
  joinBot(channel: SandboxChannel, inviter?: string, { silent = false }: { silent?: boolean } = {}): boolean {
    if (channel.members.has(BOT.userId)) return false;
    channel.members.add(BOT.userId);
    if (!silent) for (const listener of this.botJoinListeners) listener(channel, inviter);
    return true;
  }

  /**
   * Where a bot message addressed to `target` lands: a conversation id, or a user id meaning
   * their DM. chat.postMessage reference: a private channel the bot is not in is
   * `channel_not_found`; a public one needs membership, or `chat:write.public` to post without
   * joining (else `not_in_channel`).
   */
  resolvePostTarget(target: string | undefined, { publicWithoutJoining = true }: { publicWithoutJoining?: boolean } = {}): SandboxChannel {
    if (target === undefined) throw new ApiError('channel_not_found');
    if (target.startsWith('U') || target.startsWith('W')) {
      const user = this.workspace.users.get(target);
      if (!user) throw new ApiError('channel_not_found');
      if (user.deleted) throw new ApiError('user_not_found');
      if (user.isBot) throw new ApiError('cannot_dm_bot');
      return this.workspace.openDirect([target]).channel;
    }
    const channel = this.channelOrThrow(target);
    if (channel.isArchived) throw new ApiError('is_archived');
    if (!channel.members.has(BOT.userId)) {
      const mayPostPublicly = publicWithoutJoining && !channel.isPrivate && this.scopes.has('chat:write.public');
      if (!mayPostPublicly) throw new ApiError('not_in_channel');
    }
    if (channel.isIm && channel.imUser && this.workspace.users.get(channel.imUser)?.deleted) throw new ApiError('user_not_found');
    return channel;
  }

  postBotMessage(channel: SandboxChannel, input: MessageInput & { threadTs?: string | undefined; metadata?: unknown }): PostedMessage {
    const content = validateMessageContent(input);
    let threadTs = input.threadTs;
    if (threadTs !== undefined) {
      const parent = this.messages.find(channel.id, threadTs);
      if (!parent || parent.deleted) throw new ApiError('thread_not_found');
      // Replying to a reply lands in the same thread, as in Slack.
      threadTs = parent.threadTs ?? parent.ts;
    }
    const message: Message = {
      ts: this.clock.nextTs(),
      channel: channel.id,
      user: BOT.userId,
      botId: BOT.botId,
      text: content.text,
      replies: [],
      live: content.live,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      ...(threadTs !== undefined ? { threadTs } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
    };
    this.messages.add(message);
    return { message, warnings: content.warnings };
  }

  addEphemeral(input: MessageInput & { user: string; channel: string; threadTs?: string | undefined; via: EphemeralVia }): Ephemeral {
    const content = validateMessageContent(input);
    const ephemeral: Ephemeral = {
      user: input.user,
      channel: input.channel,
      text: content.text,
      ts: this.clock.nextTs(),
      via: input.via,
      live: content.live,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(input.threadTs !== undefined ? { threadTs: input.threadTs } : {}),
    };
    this.messages.ephemerals.push(ephemeral);
    return ephemeral;
  }

  /** Forgets what happened (messages, calls, views...) but keeps the workspace's people and channels. */
  resetRecords(): void {
    this.calls.length = 0;
    this.deliveries.length = 0;
    this.withheldEvents.length = 0;
    this.messages.clear();
    this.files.clear();
    this.views.clear();
    this.triggers.clear();
    this.responseUrls.clear();
  }
}
