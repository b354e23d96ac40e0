/** Public shapes of the local Slack: what tests, benchmarks and the browser sandbox see. */

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
  isPrivate?: boolean;
  members?: string[];
  id?: string;
  /** Whether the bot is already in the channel. Default true. */
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

/** One delivery attempt from Slack to the app, as the platform saw it. */
export interface DeliveryRecord {
  transport: 'http' | 'socket';
  kind: 'slash_commands' | 'interactive' | 'events_api' | 'url_verification';
  status: number;
  ackMs: number;
  /** The user would have seen an error (ack too slow, non-2xx, no answer). */
  failed: boolean;
  failure?: 'ack_timeout' | 'http_error' | 'no_response' | 'socket_dropped';
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
  /** False when nothing was sent (view_closed for a view without notify_on_close). */
  delivered: boolean;
}

export interface FaultSpec {
  method?: string;
  rate429?: number;
  retryAfterS?: number;
  rate5xx?: number;
  delayMs?: number;
  dropSocket?: boolean;
}
