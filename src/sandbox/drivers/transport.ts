import type { JsonObject } from '../block-kit';

export type DeliveryKind = 'slash_commands' | 'interactive' | 'events_api' | 'url_verification';

/** Per-call knobs of the HTTP driver, for bad-input tests. Ignored over Socket Mode. */
export interface HttpDeliveryOptions {
  signature?: 'valid' | 'forged' | 'stale' | 'missing';
  /** X-Slack-Request-Timestamp to sign with (Unix seconds); default now. */
  timestamp?: number;
  /**
   * Stamps the request this many seconds from now (e.g. 600: ten minutes in the future, -600:
   * ten minutes old), still correctly signed. Slack's "Verifying requests" guide asks apps to
   * refuse a timestamp more than five minutes from their clock, either way.
   */
  timestampOffsetSeconds?: number;
  rawBody?: string;
  contentType?: string;
}

export interface Delivery {
  kind: DeliveryKind;
  /** Command form fields, an interaction payload or an Events API body. */
  payload: JsonObject;
  acceptsResponsePayload: boolean;
  retryNum?: number;
  retryReason?: string;
  http?: HttpDeliveryOptions | undefined;
  /**
   * How long Slack waits for the ack before it gives up (3 s): the transport stops waiting then,
   * as Slack does, and a late answer is never seen.
   */
  ackDeadlineMs: number;
}

export interface TransportReply {
  /** timeout: no ack by the deadline; unreachable: the request could not be made at all. */
  outcome: 'answered' | 'timeout' | 'dropped' | 'unreachable';
  /** HTTP status; 200 for a socket ack; 0 without an answer. */
  status: number;
  /** Parsed JSON, text, or the socket ack payload. */
  body: unknown;
  ackMs: number;
  /** The app asked Slack not to retry (X-Slack-No-Retry: 1). */
  noRetry: boolean;
}

/** How Slack reaches the app: signed HTTP requests or Socket Mode envelopes. */
export interface Transport {
  readonly name: 'http' | 'socket';
  send(delivery: Delivery): Promise<TransportReply>;
  close(): void;
}
