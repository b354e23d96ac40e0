import type { SocketHub } from '../socket-hub';
import type { Delivery, Transport, TransportReply } from './transport';

/** Delivers envelopes over the Socket Mode connection(s) the app opened. */
export class SocketTransport implements Transport {
  readonly name = 'socket';

  constructor(
    private readonly hub: SocketHub,
    private readonly timeoutMs: number,
  ) {}

  async send(delivery: Delivery): Promise<TransportReply> {
    if (delivery.kind === 'url_verification') throw new Error('url_verification only exists for HTTP Request URLs');
    const outcome = await this.hub.deliver(
      {
        type: delivery.kind,
        payload: delivery.payload,
        acceptsResponsePayload: delivery.acceptsResponsePayload,
        ...(delivery.retryNum !== undefined ? { retryAttempt: delivery.retryNum } : {}),
        ...(delivery.retryReason !== undefined ? { retryReason: delivery.retryReason } : {}),
      },
      this.timeoutMs,
      delivery.ackDeadlineMs,
    );
    if (outcome.kind === 'acked') return { outcome: 'answered', status: 200, body: outcome.payload, ackMs: outcome.ackMs, noRetry: false };
    return { outcome: outcome.kind, status: 0, body: undefined, ackMs: outcome.ackMs, noRetry: false };
  }

  close(): void {
    // Connections belong to the hub, which closes them when the local Slack stops.
  }
}
