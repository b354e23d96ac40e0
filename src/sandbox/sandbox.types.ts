/** Public shapes of the local Slack: what tests, benchmarks and the browser sandbox see. */

import type { LiveSequences } from './mrkdwn';

/** The subset of pino's API the sandbox uses, so any pino logger (or a child) fits. */
export interface SandboxLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type Tier = 1 | 2 | 3 | 4;

export interface RateLimitOptions {
  /** Default true. */
  enabled?: boolean;
  /** Multiplies every allowance (rates and bursts); benchmarks raise it. Default 1. */
  scale?: number;
  /** Calls per minute per tier. Defaults 1 / 20 / 50 / 100. */
  tiers?: Partial<Record<Tier, number>>;
  /** Overrides or extends the built-in method → tier map. */
  methodTiers?: Record<string, Tier>;
  /** chat.postMessage per channel. Default 1. */
  perChannelPerSecond?: number;
  /** Messages a single channel may take at once before the 1/s pace applies. Default 3. */
  perChannelBurst?: number;
  /** chat.postMessage across the workspace. Default 600. */
  workspacePostsPerMinute?: number;
  /** Seconds of allowance a tier bucket may spend at once (bucket capacity = rate × burst). Default 6. */
  burst?: number;
  /** Smallest bucket capacity, so Tier 1 still allows a couple of calls in a row. Default 2. */
  minBurst?: number;
}

export interface LocalSlackOptions {
  signingSecret: string;
  botToken?: string;
  appToken?: string;
  rateLimits?: RateLimitOptions;
  /** Default 3000. */
  triggerTtlMs?: number;
  /** How long Slack waits for an ack before the user sees a failure (and events are retried). Default 3000. */
  ackTimeoutMs?: number;
  /** How long a driver waits for any answer at all before giving up. Default 10000. */
  deliveryTimeoutMs?: number;
  /** Delays before automatic event retries 1..3. Default [0, 60000, 300000]. */
  eventRetryDelaysMs?: number[];
  /** Interval of server pings on Socket Mode connections. Default 10000. */
  socketPingIntervalMs?: number;
  logger?: SandboxLogger;
  /** Seed of the fault-injection RNG. Default 1. */
  seed?: number;
  /** Port to listen on; default 0 (ephemeral). */
  port?: number;
  /** Record every Web API call in `calls`. Default true; long benchmarks may turn it off. */
  recordCalls?: boolean;
  /**
   * OAuth scopes the bot token holds. A method whose scope is missing answers `missing_scope`
   * with `needed` and `provided`, as Slack does. Default: the bot scopes declared in the
   * nearest slack-app-manifest.yml (searched upwards from the working directory); 'all' grants
   * every scope (for benchmarks that do not care).
   */
  scopes?: readonly string[] | 'all';
  /**
   * The workspace's time in ms, for message timestamps and scheduled messages. Default the
   * system's. (Request signatures, trigger ids and rate limits keep real time: Bolt checks
   * signatures against its own clock, and a person's 3 seconds are real seconds.)
   */
  now?: () => number;
}

export interface SandboxUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  tz: string;
  email?: string;
  isBot: boolean;
  deleted: boolean;
}

export interface AddUserInput {
  name: string;
  realName?: string;
  displayName?: string;
  tz?: string;
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
  id?: string;
}

export interface SandboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  isArchived: boolean;
  /** Human and bot members, including the bot user when it has joined. */
  members: Set<string>;
  created: number;
  /** For an IM: the other user. */
  imUser?: string;
}

export interface AddChannelInput {
  name: string;
  /** A private channel (id G…): invisible to the bot unless it was invited. Default false. */
  isPrivate?: boolean;
  members?: string[];
  id?: string;
  /**
   * Whether the bot user is already in the channel (as after `/invite @Guild`). Default false,
   * as in a real workspace: an app is in no channel until it joins or is invited.
   */
  botMember?: boolean;
  isArchived?: boolean;
}

export interface Message {
  ts: string;
  channel: string;
  user?: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  edited?: { user: string; ts: string };
  replies: Message[];
  deleted?: boolean;
  metadata?: unknown;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: { id: string; name: string; title: string }[];
  /**
   * What the message's mrkdwn control sequences do once Slack renders it, from its text, mrkdwn
   * text objects and rich_text elements (plain_text is never parsed): e.g. `live.pings` is
   * `['channel']` for a message that notifies the whole channel. Recomputed on every edit.
   */
  live: LiveSequences;
}

export type EphemeralVia = 'chat.postEphemeral' | 'ack' | 'response_url';

export interface Ephemeral {
  user: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  ts: string;
  threadTs?: string;
  via: EphemeralVia;
  /** Set when a later response_url replaced or deleted it. */
  deleted?: boolean;
  /** As Message.live: what its control sequences do. */
  live: LiveSequences;
}

/** A modal or Home view as Slack stores it (the JSON apps receive). */
export type StoredViewJson = Record<string, unknown> & {
  id: string;
  type: string;
  hash: string;
  blocks: unknown[];
};

export interface OpenView {
  id: string;
  view: StoredViewJson;
  errors?: Record<string, string>;
  hash: string;
}

export interface ApiCallRecord {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  status: number;
  at: number;
}

/**
 * What the person sees when Slack gives up on an interaction. Slash commands show
 * `/cmd failed with the error "<code>"` (operation_timeout when the ack took over 3 s;
 * dispatch_failed when the app could not be reached; http_service_error / http_client_error for a
 * 5xx / 4xx answer); modals show "We had some trouble connecting"; a button shows a warning
 * beside it. An ack Slack could not apply (an invalid view or blocks) reports that error's code.
 */
export type UserVisibleError = 'operation_timeout' | 'dispatch_failed' | 'http_service_error' | 'http_client_error' | (string & {});

/** One delivery attempt from Slack to the app, as the platform saw it. */
export interface DeliveryRecord {
  transport: 'http' | 'socket';
  kind: 'slash_commands' | 'interactive' | 'events_api' | 'url_verification';
  status: number;
  ackMs: number;
  /** The user would have seen an error (ack too slow, non-2xx, no answer, an ack Slack refused). */
  failed: boolean;
  failure?: 'ack_timeout' | 'http_error' | 'no_response' | 'socket_dropped' | 'ack_rejected';
  /** For commands and interactions a person started: the error Slack showed them. */
  userVisibleError?: UserVisibleError;
  /** The text Slack showed, where its wording is known (slash commands, modals). */
  userVisibleMessage?: string;
  /** What was delivered: '/guild', 'block_actions:join', 'view_submission:survey', an event type... */
  what?: string;
  /** The person who started it. */
  user?: string;
  eventId?: string;
  retryNum?: number;
  at: number;
}

export interface DeliveryResult {
  /** HTTP status; 200 for a socket ack; 0 when no answer arrived. */
  status: number;
  body: unknown;
  ackMs: number;
  triggerId?: string;
  responseUrl?: string;
  eventId?: string;
  /** True when the user would have seen a failure (too slow, error status, no answer). */
  failed: boolean;
  failure?: DeliveryRecord['failure'];
  userVisibleError?: UserVisibleError;
  userVisibleMessage?: string;
  /** False when nothing was sent (view_closed without notify_on_close, an event Slack withholds). */
  delivered: boolean;
  /** Why Slack did not send this event to the app at all. */
  withheld?: WithheldReason;
}

/**
 * Slack sends `message.channels` / `message.groups` and `member_joined_channel` events only from
 * conversations the app's bot user is a member of (Events API reference, each event's page).
 */
export type WithheldReason = 'bot_not_in_channel';

/** An event that happened in the workspace but that Slack did not deliver to the app. */
export interface WithheldEvent {
  type: string;
  channel?: string;
  reason: WithheldReason;
  event: Record<string, unknown>;
  at: number;
}

export interface FaultSpec {
  method?: string;
  rate429?: number;
  retryAfterS?: number;
  rate5xx?: number;
  delayMs?: number;
  dropSocket?: boolean;
}
