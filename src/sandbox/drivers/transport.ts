import type { JsonObject } from '../block-kit';

export type DeliveryKind = 'slash_commands' | 'interactive' | 'events_api' | 'url_verification';

/** Per-call knobs of the HTTP driver, for bad-input tests. Ignored over Socket Mode. */
export interface HttpDeliveryOptions {
  signature?: 'valid' | 'forged' | 'stale' | 'missing';
  timestamp?: number;
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
}

export interface TransportReply {
  outcome: 'answered' | 'timeout' | 'dropped';
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
