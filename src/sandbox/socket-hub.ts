import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { IdFactory } from './ids';
import type { SandboxLogger } from './sandbox.types';
import { BOT } from './workspace.store';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Envelope {
  type: EnvelopeType;
  payload: unknown;
  acceptsResponsePayload: boolean;
  retryAttempt?: number;
  retryReason?: string;
}

export type EnvelopeOutcome =
  | { kind: 'acked'; payload: unknown; ackMs: number }
  | { kind: 'timeout'; ackMs: number }
  | { kind: 'dropped'; ackMs: number };

interface Pending {
  resolve: (outcome: EnvelopeOutcome) => void;
  socket: WebSocket;
  sentAt: number;
}

/** Socket Mode connections the app opened, and envelope delivery over them. */
export class SocketHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly open: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Set<() => void>();
  private next = 0;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ids: IdFactory,
    private readonly pingIntervalMs: number,
    private readonly shouldDrop: () => boolean,
    private readonly logger?: SandboxLogger,
  ) {
    // Slack pings its clients; @slack/socket-mode disconnects when server pings stop arriving.
    this.pingTimer = setInterval(() => {
      for (const socket of this.open) socket.ping();
    }, pingIntervalMs);
  }

  get connectionCount(): number {
    return this.open.length;
  }

  issueTicket(): string {
    const ticket = this.ids.opaque();
    this.tickets.add(ticket);
    return ticket;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(req.url ?? '/', 'http://local').searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.open.push(ws);
    ws.on('message', (data: RawData) => this.onMessage(ws, data));
    ws.on('close', () => this.forget(ws));
    ws.on('error', (err) => this.logger?.warn({ err }, 'socket mode connection error'));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open.length,
        debug_info: { host: 'applink-local', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: BOT.appId },
      }),
    );
    for (const wake of this.waiters) wake();
  }

  private forget(ws: WebSocket): void {
    const index = this.open.indexOf(ws);
    if (index >= 0) this.open.splice(index, 1);
    for (const [id, pending] of this.pending) {
      if (pending.socket === ws) {
        this.pending.delete(id);
        pending.resolve({ kind: 'dropped', ackMs: Date.now() - pending.sentAt });
      }
    }
  }

  private onMessage(ws: WebSocket, data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch (err) {
      this.logger?.warn({ err }, 'socket mode client sent something that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null || !('envelope_id' in message)) return;
    const id = String(message.envelope_id);
    const pending = this.pending.get(id);
    if (!pending || pending.socket !== ws) return;
    this.pending.delete(id);
    pending.resolve({ kind: 'acked', payload: 'payload' in message ? message.payload : undefined, ackMs: Date.now() - pending.sentAt });
  }

  /** Resolves once at least one connection is open (Bolt may still be starting). */
  async waitForConnection(timeoutMs: number): Promise<void> {
    if (this.open.length > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no Socket Mode connection within ${timeoutMs} ms: did the app start with socketMode and slackApiUrl?`));
      }, timeoutMs);
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  /**
   * Sends the envelope on one connection (round robin) and waits for its ack until the deadline;
   * a later ack is ignored, as Slack ignores it. `connectTimeoutMs` bounds the wait for a connection.
   */
  async deliver(envelope: Envelope, connectTimeoutMs: number, ackDeadlineMs: number): Promise<EnvelopeOutcome> {
    await this.waitForConnection(connectTimeoutMs);
    const socket = this.open[this.next % this.open.length] as WebSocket;
    this.next += 1;
    const envelopeId = this.ids.opaque();
    const sentAt = Date.now();
    if (this.shouldDrop()) {
      this.forget(socket);
      socket.terminate();
      return { kind: 'dropped', ackMs: 0 };
    }
    const outcome = new Promise<EnvelopeOutcome>((resolve) => {
      this.pending.set(envelopeId, { resolve, socket, sentAt });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: envelope.type,
        payload: envelope.payload,
        accepts_response_payload: envelope.acceptsResponsePayload,
        ...(envelope.type === 'events_api' ? { retry_attempt: envelope.retryAttempt ?? 0, retry_reason: envelope.retryReason ?? '' } : {}),
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<EnvelopeOutcome>((resolve) => {
      timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ kind: 'timeout', ackMs: Math.max(Date.now() - sentAt, ackDeadlineMs) });
      }, ackDeadlineMs);
    });
    const result = await Promise.race([outcome, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Slack's connection rotation: a `disconnect` message, then the close. */
  disconnectAll(warn: boolean): void {
    for (const socket of [...this.open]) {
      // A connection being rotated takes no new envelopes, even before its close completes.
      this.forget(socket);
      if (warn) {
        socket.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'applink-local' } }));
        socket.close(1000);
      } else {
        socket.terminate();
      }
    }
  }

  async stop(): Promise<void> {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    for (const socket of [...this.open]) socket.terminate();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }
}
